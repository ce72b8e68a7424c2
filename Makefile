# k8slearn: `make lab` to study, `make test` to check everything.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.k8slearn-installed
LAB_ARGS ?=
PYTEST_ARGS ?=
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: help venv lab test lint unit nbval checks notebooks bench docs clean

help:
	@echo "make lab        open JupyterLab on notebooks/00_start_here.ipynb"
	@echo "make test       ruff, unit tests, strict nbval, repository checks"
	@echo "make venv       build $(VENV) (idempotent)"
	@echo "make notebooks  re-execute every notebook in place"
	@echo "make bench      run benchmarks/ and print a table"
	@echo "make docs       regenerate docs/cli from the k8slearn CLI"

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "k8slearn needs Python 3.10 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[all]'
	touch $(STAMP)

lab: venv
	$(BIN)/jupyter lab notebooks/00_start_here.ipynb $(LAB_ARGS)

test: venv lint unit nbval checks

lint: venv
	$(BIN)/ruff check k8slearn tests benchmarks notebooks hack

unit: venv
	$(BIN)/python -m pytest tests $(PYTEST_ARGS)

nbval: venv
	$(BIN)/python -m pytest $(NBVAL) notebooks $(PYTEST_ARGS)

checks: venv
	$(BIN)/python -c "import k8slearn, sys; assert 'matplotlib' not in sys.modules, 'import k8slearn pulled in matplotlib'"

notebooks: venv
	$(BIN)/python hack/run_notebooks.py notebooks/*.ipynb

bench: venv
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build .pytest_cache
