"""The learner set and the test set, the same everywhere they are named.

- pyproject.toml: core dependency PyYAML; extras ``notebooks`` (the learner set), ``test``,
  ``metrics``; ``all`` is their union.
- environment.yml (conda, Binder): exactly the core dependency plus the learner set.
- Makefile: ``make venv`` / ``make lab`` install the learner set, ``make test`` ``all``.
"""

from __future__ import annotations

import os
import re

import pytest
import yaml
from conftest import ROOT

tomllib = pytest.importorskip("tomllib", reason="tomllib needs Python 3.11+")


def _norm(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    assert m, req
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def _pyproject() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)


def _environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text())


def test_environment_is_the_learner_set():
    project = _pyproject()["project"]
    wanted = dict(_norm(r) for r in project["dependencies"])
    wanted.update(_norm(r) for r in project["optional-dependencies"]["notebooks"])
    conda = [d for d in _environment()["dependencies"] if isinstance(d, str)]
    got = dict(_norm(d) for d in conda if not d.startswith(("python", "pip")))
    assert got == wanted
    test_only = {_norm(r)[0] for r in project["optional-dependencies"]["test"]}
    assert not test_only & set(got), "test tools belong to `make test`, not to learners"


def test_environment_conventions():
    env = _environment()
    assert env["name"] == "k8slearn"
    assert env["channels"] == ["conda-forge"]
    pip = [d for d in env["dependencies"] if isinstance(d, dict)]
    assert pip == [{"pip": ["-e ."]}]
    assert "python>=3.10" in env["dependencies"]
    assert not (ROOT / "binder").exists(), "a binder/ folder makes repo2docker ignore root files"
    # Binder runs ./postBuild after the environment: it installs the JupyterLab settings.
    assert os.access(ROOT / "postBuild", os.X_OK)
    assert "etc/jupyterlab/overrides.json" in (ROOT / "postBuild").read_text()


def test_makefile_installs_the_learner_set_then_the_test_set():
    make = (ROOT / "Makefile").read_text()
    extras = re.findall(r"-e '\.\[([a-z,]+)\]'", make)
    assert extras == ["notebooks", "all"], extras
    assert re.search(r"^lab: venv$", make, re.M), "make lab needs only the learner set"
    assert re.search(r"^test: venv-test\b", make, re.M)
    assert set(extras) <= set(_pyproject()["project"]["optional-dependencies"])


def test_all_extra_is_the_union_of_the_others():
    extras = _pyproject()["project"]["optional-dependencies"]
    union = set(extras["notebooks"]) | set(extras["test"]) | set(extras["metrics"])
    assert set(extras["all"]) == union
    for reqs in extras.values():
        for r in reqs:
            assert "==" not in r, f"use floor pins, not exact pins: {r}"


def test_runtime_dependency_is_pyyaml_only():
    project = _pyproject()["project"]
    assert [_norm(r)[0] for r in project["dependencies"]] == ["pyyaml"]
    assert project["requires-python"] == ">=3.10"
    assert project["scripts"]["k8slearn"] == "k8slearn.cli:main"


def test_notebook_files_are_package_data():
    """What notebooks read at run time ships in the wheel (see tests/test_installed_package)."""
    data = _pyproject()["tool"]["setuptools"]["package-data"]
    for rel in ("k8slearn/.import-restrictions", "k8slearn/viz/.import-restrictions",
                "k8slearn/import-restrictions.yaml"):
        pkg, name = rel.rsplit("/", 1)
        assert name in data[pkg.replace("/", ".")], rel
        assert (ROOT / rel).is_file(), rel
    assert (ROOT / "k8slearn/import-restrictions.yaml").read_bytes() == \
        (ROOT / "hack/import-restrictions.yaml").read_bytes()


def test_every_route_serves_the_root_and_opens_00():
    """make lab, the conda command and the Binder link agree: root = repository, 00 first."""
    make = (ROOT / "Makefile").read_text()
    readme = (ROOT / "README.md").read_text()
    first = "notebooks/00_start_here.ipynb"
    assert f"jupyter lab --ServerApp.root_dir=. {first}" in make
    assert f"jupyter lab --ServerApp.root_dir=. {first}" in readme  # conda
    assert f"?urlpath=lab/tree/{first}" in readme  # Binder: its root is the repository
    assert "sh postBuild" in readme and "sh postBuild" in make
