# maturity: MLOps maturity assessment as code. `make help` lists the targets.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SITE_STAMP := $(VENV)/.installed-site
NOTEBOOKS_STAMP := $(VENV)/.installed-notebooks
PYTHON ?= python3
# Options for benchmarks/run.py: make bench BENCH=--quick, or BENCH='--systems 200 --repeat 1'
BENCH ?=
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help install install-site install-notebooks chromium test test-fast lint validate serve site notebooks probes-page bench clean

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-17s %s\n", $$1, $$2}'

# Three installs, each with its own stamp, so a first look does not wait for the test
# tools: the site (`make serve`, `site`, `validate`), the notebooks on top, and
# everything (`make test`, `lint`, `bench`). Each re-runs when pyproject.toml or the
# version (src/maturity/__init__.py) changes.
DEPS := pyproject.toml src/maturity/__init__.py
comma := ,
# (a venv made before the distribution was renamed holds `maturity`: it goes first)
define pip_install
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip uninstall --yes --quiet maturity >/dev/null 2>&1 || true
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[$(1)]'
endef

install-site: $(SITE_STAMP) ## Make .venv with what the site needs: the package, MkDocs, Material (fast)
$(SITE_STAMP): $(DEPS)
	$(call pip_install,site)
	@touch $(SITE_STAMP)

install-notebooks: $(NOTEBOOKS_STAMP) ## ...and papermill, a kernel, pandas for the notebooks
$(NOTEBOOKS_STAMP): $(DEPS)
	$(call pip_install,site$(comma)notebooks)
	@touch $(NOTEBOOKS_STAMP) $(SITE_STAMP)

install: $(STAMP) ## Make .venv with everything: site, notebooks, the test tools and the other site engines
$(STAMP): $(DEPS)
	$(call pip_install,site$(comma)notebooks$(comma)test$(comma)engines)
	@touch $(STAMP) $(NOTEBOOKS_STAMP) $(SITE_STAMP)

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
# (checkout's time-limit test waits out its limit: the full run has it)
SLOW_UNITS := --deselect tests/store/test_checkout.py::test_limits_on_count_and_time_make_absence_unknown
test-fast: install ## Run the unit tests only (under a minute): the rules, the store and the views
	$(PY) -m pytest -q -m "not site and not browser and not notebooks and not slow" $(SLOW_UNITS) $(FAST)

lint: install ## ruff and mypy
	$(VENV)/bin/ruff check src tests benchmarks macros.py
	$(VENV)/bin/mypy

validate: install-site ## Validate every rubric and assessment
	$(VENV)/bin/maturity validate

serve: install-site ## Serve the site on the example portfolio at http://127.0.0.1:8000
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

site: install-site ## Build the site into site/ (mkdocs build --strict)
	$(VENV)/bin/mkdocs build --strict

notebooks: install-notebooks ## Run the analysis notebooks with papermill into build/notebooks
	$(VENV)/bin/maturity notebooks

probes-page: install ## Regenerate docs/reference/probes.md from the probe files (a test checks it is current)
	$(PY) -c "from maturity.cli.probe import write_catalogue; write_catalogue()"

bench: install ## Scale benchmark: ratios to the PyYAML parse and the Material floor (BENCH=--quick: small)
	$(PY) benchmarks/run.py $(BENCH)

clean: ## Remove built files (keeps .venv)
	rm -rf site build test-artifacts .pytest_cache .mypy_cache .ruff_cache .coverage .coverage.*
