"""pyproject.toml and environment.yml must name the same dependencies with the same floors."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import ROOT

tomllib = pytest.importorskip("tomllib", reason="tomllib needs Python 3.11+")


#: conda-forge names that differ from the PyPI ones
CONDA_NAMES = {"python-kubernetes": "kubernetes"}


def _norm(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    assert m, req
    name = m.group(1).lower().replace("_", "-")
    return CONDA_NAMES.get(name, name), m.group(2).replace(" ", "")


def _pyproject() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)


def test_environment_matches_pyproject():
    project = _pyproject()["project"]
    wanted = dict(_norm(r) for r in project["dependencies"])
    wanted.update(_norm(r) for r in project["optional-dependencies"]["all"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    got = dict(_norm(d) for d in conda
               if re.split(r"[<>=]", d)[0].strip() not in ("python", "pip"))
    assert got == wanted


def test_environment_conventions():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["name"] == "k8slearn"
    assert env["channels"] == ["conda-forge"]
    pip = [d for d in env["dependencies"] if isinstance(d, dict)]
    assert pip == [{"pip": ["-e ."]}]
    assert "python>=3.10" in env["dependencies"]
    assert not (ROOT / "binder").exists(), "a binder/ folder makes repo2docker ignore root files"


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
