# dialogue-analysis: `make` alone lists the targets.
# The first target that needs Python creates .venv and installs into it the exact versions in
# uv.lock (with the dev and dask extras) and the package itself, editable; the install is redone
# whenever pyproject.toml or uv.lock changes. `make lock` resolves uv.lock again.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# uv installs from the lock; it is bootstrapped with pip at the version the lock pins, then kept
# by the lock like any other package (it is in the dev extra).
UV     := $(BIN)/uv
UV_VERSION := $(shell sed -n '/^name = "uv"$$/{n;s/^version = "\(.*\)"$$/\1/p;}' uv.lock)
# Debian's headless Chromium, for the browser tests (tests/site/test_browser.py) and the screenshots.
CHROMIUM := /usr/bin/chromium
SUDO   := $(if $(filter 0,$(shell id -u)),,sudo)

.DEFAULT_GOAL := help
LAB    := .venv-lab
LAB_STAMP := $(LAB)/.installed

.PHONY: help data report pdf test lint docs bench lab lock clean release

help: ## Show this list of targets
	@echo "usage: make <target>"
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-8s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# The venv is made without pip (ensurepip takes 2 to 40 s, by load) and the interpreter's own pip
# puts uv into it; an interpreter without pip (or older than 22.3) gives the venv a pip first.
$(UV):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv --without-pip $(VENV)
	$(PYTHON) -m pip --python $(BIN)/python install --quiet uv==$(UV_VERSION) 2>/dev/null \
		|| { $(BIN)/python -m ensurepip --default-pip >/dev/null \
		&& $(BIN)/python -m pip install --quiet uv==$(UV_VERSION); }

# --locked: stop, rather than resolve anew, when pyproject.toml asks for what uv.lock lacks.
# --compile-bytecode: every process (each report's kernel, each test's subprocess) then starts
# without compiling the libraries it imports, even where PYTHONDONTWRITEBYTECODE is set.
$(STAMP): pyproject.toml uv.lock | $(UV)
	@echo "$(UV) sync --locked --extra dev --extra dask --compile-bytecode  # uv.lock's versions, into $(VENV)"
	@$(UV) sync --locked --extra dev --extra dask --compile-bytecode --quiet \
		|| { echo "make: if pyproject.toml changed, run 'make lock' to update uv.lock" >&2; exit 1; }
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

release: $(STAMP) ## Pack dist/dialogue-data-<version>.zip (version from CITATION.cff; never rewritten)
	$(BIN)/dialogue-analysis release

test: $(STAMP) $(CHROMIUM) ## Run the test suite (installs Debian's chromium if missing)
	$(BIN)/python -m pytest

bench: $(STAMP) ## Benchmarks against a user's own loop (BENCH_ARGS=--quick for a short run)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

lint: $(STAMP) ## Check the code with ruff, and with deptry that every import is declared
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/deptry .

docs: $(STAMP) ## Write docs/data-dictionary.md from the column declarations (data/schema.py)
	$(BIN)/dialogue-analysis dictionary > docs/data-dictionary.md

lock: | $(UV) ## Resolve uv.lock again after editing pyproject.toml (LOCK_ARGS=--upgrade: newest versions)
	$(UV) lock $(LOCK_ARGS)

# JupyterLab lives in its own environment so that its dependencies (rfc3987-syntax, which
# jsonschema imports, adds ~2 s to every nbformat import) stay off the batch report path. The
# notebooks' "python3" kernel there is the project's .venv. Its versions are uv.lock's `lab` group.
$(LAB_STAMP): $(STAMP)
	UV_PROJECT_ENVIRONMENT=$(LAB) $(UV) sync --locked --only-group lab --no-install-project \
		--python $(PYTHON) --quiet
	$(BIN)/python -m ipykernel install --prefix $(LAB) --name python3 \
		--display-name "Python 3 (dialogue-analysis)" >/dev/null
	@touch $(LAB_STAMP)

lab: $(LAB_STAMP) ## Open JupyterLab on notebooks/ with the project's environment as kernel
	$(LAB)/bin/jupyter lab --notebook-dir=notebooks

clean: ## Remove built data and reports (keeps data/raw and the environments)
	find data/processed reports -mindepth 1 -maxdepth 1 ! -name .gitkeep -exec rm -rf {} +
