# Set-up is part of every target: a fresh clone needs only `make site` or `make test`.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test check clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[test]'
	touch $(STAMP)

site: $(STAMP)  ## build the site from content/ into site/
	$(BIN)/mkdocs build --strict

serve: $(STAMP)  ## live preview on http://127.0.0.1:8000
	$(BIN)/mkdocs serve

check: $(STAMP)  ## validate every review and question
	$(BIN)/dealbook check

test: $(STAMP)  ## the whole test suite, with lint and type checks
	$(BIN)/ruff check generator tests
	$(BIN)/mypy
	$(BIN)/pytest

clean:
	rm -rf site $(VENV)
