# dialogue-analysis: `make` alone lists the targets.
# The first target that needs Python creates .venv and installs the package (editable, with the
# dev and dask extras); the install is redone whenever pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Debian's headless Chromium, for the browser tests (tests/site/test_browser.py) and the screenshots.
CHROMIUM := /usr/bin/chromium
SUDO   := $(if $(filter 0,$(shell id -u)),,sudo)

.DEFAULT_GOAL := help
LAB    := .venv-lab
LAB_STAMP := $(LAB)/.installed

.PHONY: help data report pdf test lint bench lab clean

help: ## Show this list of targets
	@echo "usage: make <target>"
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-8s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,dask]'
	@touch $(STAMP)

# Installed once with apt-get (sudo when not root), quietly: its output is shown only on failure.
$(CHROMIUM):
	@echo "Installing Debian's chromium for the browser tests (apt-get, about 30 s)"
	@log=$$(mktemp) && { $(SUDO) apt-get update -qq \
		&& $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends chromium; } >$$log 2>&1 || { cat $$log; rm -f $$log; exit 1; }; \
	rm -f $$log

data: $(STAMP) ## Validate data/raw and build data/processed (Parquet + datapackage.json)
	$(BIN)/dialogue-analysis data

report: $(STAMP) ## Build the data, every report (reports/index.html) and screenshots; unchanged ones are skipped
	$(BIN)/dialogue-analysis report --screenshots

pdf: $(STAMP) ## Build the reports, then print each page to reports/pdf/<name>.pdf (needs chromium)
	$(BIN)/dialogue-analysis report --screenshots --pdf

test: $(STAMP) $(CHROMIUM) ## Run the test suite (installs Debian's chromium if missing)
	$(BIN)/python -m pytest

bench: $(STAMP) ## Benchmarks against a user's own loop (BENCH_ARGS=--quick for a short run)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

lint: $(STAMP) ## Check the code with ruff
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

# JupyterLab lives in its own environment so that its dependencies (rfc3987-syntax, which
# jsonschema imports, adds ~2 s to every nbformat import) stay off the batch report path. The
# notebooks' "python3" kernel there is the project's .venv.
$(LAB_STAMP): $(STAMP)
	$(PYTHON) -m venv $(LAB)
	$(LAB)/bin/python -m pip install --quiet --upgrade pip
	$(LAB)/bin/python -m pip install --quiet 'jupyterlab>=4'
	$(BIN)/python -m ipykernel install --prefix $(LAB) --name python3 \
		--display-name "Python 3 (dialogue-analysis)" >/dev/null
	@touch $(LAB_STAMP)

lab: $(LAB_STAMP) ## Open JupyterLab on notebooks/ with the project's environment as kernel
	$(LAB)/bin/jupyter lab --notebook-dir=notebooks

clean: ## Remove built data and reports (keeps data/raw and the environments)
	find data/processed reports -mindepth 1 -maxdepth 1 ! -name .gitkeep -exec rm -rf {} +
