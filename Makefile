# maturity: MLOps maturity assessment as code. `make help` lists the targets.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTHON ?= python3
# Options for benchmarks/run.py: make bench BENCH=--quick, or BENCH='--systems 200 --repeat 1'
BENCH ?=
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help install chromium test test-fast lint validate serve site notebooks bench clean

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-10s %s\n", $$1, $$2}'

install: $(STAMP) ## Make .venv and install the project with its site, notebook and test dependencies
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[site,notebooks,test,engines]'
	@touch $(STAMP)

chromium: ## Install Debian's chromium for the browser tests when it is missing
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: install chromium lint ## Run every test (unit, CLI, site build, browser, notebooks) and print the branch coverage of src/
	$(PY) -m pytest --cov --cov-report=term

# The unit tests: the layers' rules and views called directly, no site build, browser,
# notebook kernel or wheel (under a minute).
FAST := tests/architecture tests/config tests/views tests/store tests/core/test_calendar.py \
	tests/core/test_lookup.py tests/core/test_scoring.py tests/core/test_mapping.py \
	tests/core/test_parsing.py tests/core/test_ageing.py tests/core/test_campaign.py
test-fast: install ## Run the unit tests only (under a minute): the rules, the store and the views
	$(PY) -m pytest -q -m "not site and not browser and not notebooks and not slow" $(FAST)

lint: install ## ruff and mypy
	$(VENV)/bin/ruff check src tests benchmarks macros.py
	$(VENV)/bin/mypy

validate: install ## Validate every rubric and assessment
	$(VENV)/bin/maturity validate

serve: install ## Serve the site on the example portfolio at http://127.0.0.1:8000
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

site: install ## Build the site into site/ (mkdocs build --strict)
	$(VENV)/bin/mkdocs build --strict

notebooks: install ## Run the analysis notebooks with papermill into build/notebooks
	$(VENV)/bin/maturity notebooks

bench: install ## Scale benchmark: ratios to the PyYAML parse and the Material floor (BENCH=--quick: small)
	$(PY) benchmarks/run.py $(BENCH)

clean: ## Remove built files (keeps .venv)
	rm -rf site build test-artifacts .pytest_cache .mypy_cache .ruff_cache
