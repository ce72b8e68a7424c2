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

.PHONY: help venv lab test lint unit nbval checks browser notebooks bench docs clean site lite site-test

help:
	@echo "make lab        open JupyterLab on notebooks/00_start_here.ipynb"
	@echo "make test       ruff, unit tests, strict nbval, repository checks"
	@echo "make venv       build $(VENV) (idempotent)"
	@echo "make notebooks  re-execute every notebook in place"
	@echo "make bench      run benchmarks/ and print a table"
	@echo "make docs       regenerate docs/cli from the k8slearn CLI"
	@echo "make site       the course as a static website in build/site (offline build)"
	@echo "make lite       the course in JupyterLite (Python in the browser) in build/lite"

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "k8slearn needs Python 3.10 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[all]'
	touch $(STAMP)

lab: venv
	$(BIN)/jupyter lab notebooks/00_start_here.ipynb $(ROOT_ARGS) $(LAB_ARGS)

test: venv lint unit nbval checks browser site-test

lint: venv
	$(BIN)/ruff check k8slearn tests benchmarks notebooks hack

unit: venv
	$(BIN)/python -m pytest tests -m "not browser" $(PYTEST_ARGS)

nbval: venv
	$(BIN)/python -m pytest $(NBVAL) notebooks $(PYTEST_ARGS)

# Real Chromium drives JupyterLab's Run All on every notebook; skips without chromium.
browser: venv
	$(BIN)/python -m pytest tests/browser -m browser $(PYTEST_ARGS)

# The website and JupyterLite: build tools live in their own venvs under build/ (pinned in
# site/requirements.txt, lite/requirements.txt) and npm packages under build/npm (pinned in
# site/ and lite/package-lock.json); nothing is fetched from outside the package registries.
SITE_VENV := build/venv-site
LITE_VENV := build/venv-lite

$(SITE_VENV)/.installed: site/requirements.txt
	test -x $(SITE_VENV)/bin/python || $(PYTHON) -m venv $(SITE_VENV)
	$(SITE_VENV)/bin/python -m pip install --quiet -r site/requirements.txt
	touch $@

$(LITE_VENV)/.installed: lite/requirements.txt
	test -x $(LITE_VENV)/bin/python || $(PYTHON) -m venv $(LITE_VENV)
	$(LITE_VENV)/bin/python -m pip install --quiet -r lite/requirements.txt
	touch $@

# build/site (copies build/lite into build/site/lite when it exists: `make lite site`).
site: venv $(SITE_VENV)/.installed
	$(BIN)/python site/build.py

# build/lite, always from scratch; needs npm (Node.js 18+).
lite: $(LITE_VENV)/.installed
	$(LITE_VENV)/bin/python lite/build.py

# Both sites built and checked in Chromium; skips (with the reason) without chromium or npm.
site-test: venv
	@if ! command -v chromium >/dev/null 2>&1; then \
		echo "site-test skipped: chromium not found (apt-get install chromium)"; \
	elif ! command -v npm >/dev/null 2>&1; then \
		echo "site-test skipped: npm not found (install Node.js 18+)"; \
	else \
		$(MAKE) --no-print-directory lite site && \
		$(BIN)/python -m pytest tests/site -m site $(PYTEST_ARGS); \
	fi

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

clean:
	rm -rf build .pytest_cache
