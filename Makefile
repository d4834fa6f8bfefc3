# Set-up is part of every target: a fresh clone needs only `make site` or `make test`.
# Every package comes from uv.lock, exact versions with hashes; nothing newer sneaks in.
VENV := .venv
BIN := $(VENV)/bin
# uv itself lives apart from .venv: `uv sync` makes .venv exactly the lock, and would remove it.
UV_VERSION := 0.13.9
UV_HOME := .uv
UV := $(UV_HOME)/bin/uv
STAMP := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1
# Never download a Python: the one on the PATH (3.11 or newer) is the one the lock was tested on.
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: site serve test check new new-plan new-question new-log lock upgrade clean chromium

$(UV):
	python3 -m venv $(UV_HOME)
	$(UV_HOME)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(STAMP): pyproject.toml uv.lock | $(UV)
	@$(UV) lock --check --quiet 2>/dev/null || { \
	  echo "error: uv.lock does not match pyproject.toml."; \
	  echo "  fix: run 'make lock' (after editing dependencies) or 'make upgrade' (newest"; \
	  echo "       versions), then 'make test', and commit pyproject.toml with uv.lock."; \
	  exit 1; }
	$(UV) sync --locked --quiet --extra test --extra engines --python python3
	touch $(STAMP)

# Built beside site/ and swapped in only when the strict build passed: a failed or interrupted
# build never leaves a mix of old and new pages in the folder that gets published.
site: $(STAMP)  ## build the site from content/ into site/
	rm -rf site.partial
	$(BIN)/mkdocs build --strict --site-dir site.partial
	rm -rf site.previous
	if [ -d site ]; then mv site site.previous; fi
	mv site.partial site
	rm -rf site.previous

serve: $(STAMP)  ## live preview on http://127.0.0.1:8000
	$(BIN)/mkdocs serve

check: $(STAMP)  ## validate every review and question (ARGS=--strict: warnings fail too)
	$(BIN)/dealbook check $(ARGS)

# Writers need no `dealbook` on their PATH: these work from a fresh clone.
new: $(STAMP)  ## start a review from the one-page form (asks; or ARGS='--title ... --signed ...')
	$(BIN)/dealbook new $(ARGS)

new-plan: $(STAMP)  ## start a negotiation plan, prefilled from the playbook (asks; or ARGS='--title ...')
	$(BIN)/dealbook new-plan $(ARGS)

new-question: $(STAMP)  ## start a curated question (asks; or ARGS='--question ...')
	$(BIN)/dealbook new-question $(ARGS)

new-log: $(STAMP)  ## start the relationship log of a signed review (ARGS=<review id>)
	$(BIN)/dealbook new-log $(ARGS)

lock: | $(UV)  ## re-lock after editing pyproject.toml, keeping every other pin
	$(UV) lock

upgrade: | $(UV)  ## move every pin to the newest release pyproject.toml allows
	$(UV) lock --upgrade

# The browser tests drive Debian's Chromium (Playwright cannot download a browser here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  elif sudo -n true 2>/dev/null; then sudo apt-get update -qq && sudo apt-get install -y -qq chromium; \
	  else echo "The browser tests need Chromium: run 'sudo apt-get install chromium'"; exit 1; fi; }

test: $(STAMP) chromium  ## the whole test suite, with lint, type checks and browser tests
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

clean:
	rm -rf site $(VENV) $(UV_HOME)
