# Set-up is part of every target: a fresh clone needs only `make site` or `make test`.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test check clean chromium

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[test]'
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

check: $(STAMP)  ## validate every review and question
	$(BIN)/dealbook check

# The browser tests drive Debian's Chromium (Playwright cannot download a browser here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  elif sudo -n true 2>/dev/null; then sudo apt-get update -qq && sudo apt-get install -y -qq chromium; \
	  else echo "The browser tests need Chromium: run 'sudo apt-get install chromium'"; exit 1; fi; }

test: $(STAMP) chromium  ## the whole test suite, with lint, type checks and browser tests
	$(BIN)/ruff check generator tests
	$(BIN)/mypy
	$(BIN)/pytest

clean:
	rm -rf site $(VENV)
