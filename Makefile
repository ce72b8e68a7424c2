# k8slearn: `make lab` to study, `make test` to check everything.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.k8slearn-installed
LAB_ARGS ?=
# Jupyter refuses to run as root without --allow-root (CI and containers run as root).
ROOT_ARGS := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
PYTEST_ARGS ?=
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: help venv lab test lint unit nbval checks browser notebooks bench docs clean mutation

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
	$(BIN)/jupyter lab notebooks/00_start_here.ipynb $(ROOT_ARGS) $(LAB_ARGS)

test: venv lint unit nbval checks browser

lint: venv
	$(BIN)/ruff check k8slearn tests benchmarks notebooks hack

unit: venv
	$(BIN)/python -m pytest tests -m "not browser" $(PYTEST_ARGS)

nbval: venv
	$(BIN)/python -m pytest $(NBVAL) notebooks $(PYTEST_ARGS)

# Real Chromium drives JupyterLab's Run All on every notebook; skips without chromium.
browser: venv
	$(BIN)/python -m pytest tests/browser -m browser $(PYTEST_ARGS)

checks: venv
	$(BIN)/python -c "import k8slearn, sys; assert 'matplotlib' not in sys.modules, 'import k8slearn pulled in matplotlib'"
	@mkdir -p build
	$(BIN)/python -m k8slearn.cmd.clicheck --quiet
	@$(BIN)/python -m k8slearn.cmd.importverifier "" hack/import-restrictions.yaml > build/importverifier.log 2>&1 \
		&& echo "importverifier: hack/import-restrictions.yaml OK" || { cat build/importverifier.log; exit 1; }
	@$(BIN)/python -m k8slearn.cmd.import_boss k8slearn > build/import-boss.log 2>&1 \
		&& echo "import-boss: .import-restrictions OK" || { cat build/import-boss.log; exit 1; }
	$(BIN)/python -m k8slearn.cmd.verify_docs
	$(BIN)/python -m k8slearn.cmd.fieldnamedocscheck --strict && echo "fieldnamedocscheck: k8slearn/api OK"
	$(BIN)/python -m k8slearn.cmd.golist k8slearn > build/k8slearn-packages.json
	$(BIN)/python -m k8slearn.cmd.dependencycheck -restrict '^(matplotlib|ipywidgets|IPython|notebooks)(\.|$$)' \
		-exclude '^k8slearn\.viz(\.|$$)' build/k8slearn-packages.json && echo "dependencycheck: OK"

docs: venv
	$(BIN)/python -m k8slearn.cmd.verify_docs --update

notebooks: venv
	$(BIN)/python hack/run_notebooks.py notebooks/*.ipynb

bench: venv
	$(BIN)/python benchmarks/run.py

# mutmut over the core modules, one bounded run each; scores -> build/mutation.json.
MUTATION_ARGS ?=
mutation: venv
	$(BIN)/python hack/mutation/run.py $(MUTATION_ARGS)

clean:
	rm -rf build .pytest_cache
