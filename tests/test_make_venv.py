"""`make venv` repairs a broken .venv and says what to install when Python cannot make one.

Each test runs the real Makefile in a temporary copy of the files it needs, with PYTHON set
to a stand-in interpreter: ``-m venv DIR`` builds a stand-in venv whose ``python`` records
every call (``-m pip install ...`` included) instead of touching the network.  Knobs in the
environment make the stand-in behave like a Debian python3 without python3-venv.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")

# The venv's python: logs its arguments; knows sys.prefix; `import pip` works unless NO_PIP.
VENV_PYTHON = textwrap.dedent("""\
    #!{exe}
    import os, sys
    prefix = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with open(os.environ["FAKE_LOG"], "a") as f:
        f.write("venv-python " + " ".join(sys.argv[1:]) + "\\n")
    if sys.argv[1:2] == ["-c"] and "sys.prefix" in sys.argv[2]:
        print(prefix)
    elif sys.argv[1:2] == ["-c"] and "import pip" in sys.argv[2]:
        sys.exit(1 if os.path.exists(os.path.join(prefix, "NO_PIP")) else 0)
    """)
# The system python3: real for -c (the version check), a stand-in for -m venv.
SYSTEM_PYTHON = textwrap.dedent("""\
    #!{exe}
    import os, sys
    if sys.argv[1:2] == ["-c"]:
        if "ensurepip" in sys.argv[2] and os.environ.get("FAKE_NO_ENSUREPIP"):
            sys.exit("ModuleNotFoundError: No module named 'ensurepip'")
        os.execv(sys.executable, [sys.executable] + sys.argv[1:])
    assert sys.argv[1:3] == ["-m", "venv"], sys.argv
    bin_dir = os.path.join(sys.argv[3], "bin")
    os.makedirs(bin_dir, exist_ok=True)
    with open(os.path.join(bin_dir, "python"), "w") as f:
        f.write(os.environ["FAKE_VENV_PYTHON"])
    os.chmod(os.path.join(bin_dir, "python"), 0o755)
    with open(os.environ["FAKE_LOG"], "a") as f:
        f.write("system-python -m venv " + sys.argv[3] + "\\n")
    if os.environ.get("FAKE_VENV_FAILS"):  # Debian without python3-venv: half a venv
        sys.exit("The virtual environment was not created successfully because ensurepip "
                 "is not available.")
    """)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The files `make venv` reads, and a stand-in python3."""
    repo = tmp_path / "repo"
    for rel in ("Makefile", "pyproject.toml", "postBuild", "etc/jupyterlab/overrides.json"):
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, repo / rel)
    fake = tmp_path / "python3"
    fake.write_text(SYSTEM_PYTHON.format(exe=sys.executable))
    fake.chmod(0o755)
    return repo


def make(repo: Path, *targets: str, **env: str) -> subprocess.CompletedProcess:
    log = repo.parent / "calls.log"
    full = dict(os.environ, FAKE_LOG=str(log),
                FAKE_VENV_PYTHON=VENV_PYTHON.format(exe=sys.executable), **env)
    full.pop("MAKEFLAGS", None)
    return subprocess.run(["make", "--no-print-directory", f"PYTHON={repo.parent / 'python3'}",
                           *targets], cwd=repo, env=full, capture_output=True, text=True,
                          timeout=60)


def calls(repo: Path) -> list[str]:
    log = repo.parent / "calls.log"
    return log.read_text().splitlines() if log.exists() else []


def installs(repo: Path) -> list[str]:
    return [c for c in calls(repo) if "-m pip install" in c]


def test_fresh_venv_gets_the_learner_set_and_the_lab_settings(repo: Path) -> None:
    r = make(repo, "venv")
    assert r.returncode == 0, r.stdout + r.stderr
    assert installs(repo)[-1].endswith("-m pip install --quiet -e .[notebooks]")
    settings = repo / ".venv/share/jupyter/lab/settings/overrides.json"
    assert settings.read_text() == (ROOT / "etc/jupyterlab/overrides.json").read_text()
    assert (repo / ".venv/.k8slearn-installed").exists()
    before = len(calls(repo))
    r = make(repo, "venv")  # built and healthy: nothing to do but the health check
    assert r.returncode == 0 and "pip install" not in r.stdout, r.stdout
    assert [c for c in calls(repo)[before:] if "import pip" not in c] == []


def test_test_set_goes_on_top(repo: Path) -> None:
    assert make(repo, "venv-test").returncode == 0
    assert [i.rsplit(" ", 1)[1] for i in installs(repo)][-2:] == [".[notebooks]", ".[all]"]


@pytest.mark.parametrize("damage", ["python-fails", "no-pip", "no-python"])
def test_a_broken_venv_is_rebuilt(repo: Path, damage: str) -> None:
    bin_dir = repo / ".venv/bin"
    bin_dir.mkdir(parents=True)
    (repo / ".venv/.k8slearn-installed").touch()  # it *says* it is installed
    (repo / ".venv/leftover").touch()
    if damage == "python-fails":
        (bin_dir / "python").write_text("#!/bin/sh\nexit 127\n")
        (bin_dir / "python").chmod(0o755)
    elif damage == "no-pip":
        (bin_dir / "python").write_text(VENV_PYTHON.format(exe=sys.executable))
        (bin_dir / "python").chmod(0o755)
        (repo / ".venv/NO_PIP").touch()
    r = make(repo, "venv")
    assert r.returncode == 0, r.stdout + r.stderr
    assert ".venv is broken (its python does not run or has no pip): rebuilding it" in r.stdout
    assert not (repo / ".venv/leftover").exists()
    assert "system-python -m venv .venv" in calls(repo)
    assert installs(repo)[-1].endswith("-e .[notebooks]")


def test_without_the_venv_module_it_says_what_to_install(repo: Path) -> None:
    r = make(repo, "venv", FAKE_NO_ENSUREPIP="1")
    assert r.returncode != 0
    assert "sudo apt-get install python3-venv" in r.stderr, r.stderr
    assert not (repo / ".venv").exists() and installs(repo) == []


def test_a_half_built_venv_is_removed(repo: Path) -> None:
    r = make(repo, "venv", FAKE_VENV_FAILS="1")
    assert r.returncode != 0
    assert "python3-venv" in r.stderr and "ensurepip is not available" in r.stderr
    assert not (repo / ".venv").exists(), "a half-built .venv would trap the next make"
    r = make(repo, "venv")  # python3-venv installed now: the next try just works
    assert r.returncode == 0, r.stdout + r.stderr


def test_clean_keeps_the_venv_and_distclean_removes_it(repo: Path) -> None:
    assert make(repo, "venv").returncode == 0
    (repo / "build").mkdir()
    r = make(repo, "clean")
    assert r.returncode == 0 and not (repo / "build").exists()
    assert (repo / ".venv").exists() and "make distclean removes it" in r.stdout
    assert make(repo, "distclean").returncode == 0
    assert not (repo / ".venv").exists()
