# dialogue-analysis: `make` alone lists the targets.
# The first target that needs Python creates .venv and installs the package (editable, with the
# dev extra); the install is redone whenever pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help data report test lint clean

help: ## Show this list of targets
	@echo "usage: make <target>"
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-8s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

data: $(STAMP) ## Validate data/raw and build data/processed (Parquet + datapackage.json)
	$(BIN)/dialogue-analysis data

report: data ## Build everything (for now: the processed data)
	@echo "processed data: data/processed/datapackage.json"

test: $(STAMP) ## Run the test suite
	$(BIN)/python -m pytest

lint: $(STAMP) ## Check the code with ruff
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

clean: ## Remove built data and reports (keeps data/raw and .venv)
	find data/processed reports -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
