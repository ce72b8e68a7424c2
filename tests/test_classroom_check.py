"""`make classroom-check` runs notebooks through a real server and reports what it measured."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import nbformat
import pytest
from conftest import ROOT
from nbformat.v4 import new_code_cell, new_notebook

pytest.importorskip("psutil")


def test_classroom_check_measures_and_fails_on_an_untagged_error() -> None:
    work = ROOT / "build" / "test_classroom_check"
    work.mkdir(parents=True, exist_ok=True)
    try:
        ok = new_notebook(cells=[
            new_code_cell("data = bytearray(50 * 1024 * 1024)  # 50 MB held"),
            new_code_cell("raise ValueError('on purpose')",
                          metadata={"tags": ["raises-exception"]}),
            new_code_cell("print('done')"),
        ])
        bad = new_notebook(cells=[new_code_cell("1 / 0"), new_code_cell("print('unreached')")])
        nbformat.write(ok, work / "ok.ipynb")
        nbformat.write(bad, work / "bad.ipynb")
        r = subprocess.run(
            [sys.executable, str(ROOT / "hack/classroom_check.py"), "--out",
             str(work / "report.json"), str(work / "ok.ipynb"), str(work / "bad.ipynb")],
            capture_output=True, text=True, timeout=180)
        assert r.returncode == 1, r.stdout + r.stderr
        assert "Run All failed in bad" in r.stderr
        report = json.loads((work / "report.json").read_text())
    finally:
        shutil.rmtree(work)
    ok_r, bad_r = report["notebooks"]
    assert ok_r["notebook"] == "ok" and ok_r["errors"] == [] and ok_r["cells"] == 3
    assert ok_r["kernel_peak_mb"] >= ok_r["kernel_rss_mb"] > 50, ok_r
    assert bad_r["errors"] == ["cell 0: ZeroDivisionError: division by zero"]
    assert report["server_rss_mb"]["end"] > 20
    assert report["learner_all_open_mb"] > ok_r["kernel_rss_mb"] + bad_r["kernel_rss_mb"]


def test_instructor_guide_covers_every_notebook() -> None:
    """The guide's run-time table (from `make classroom-check`) lists the notebooks present."""
    guide = (ROOT / "docs" / "instructors.md").read_text()
    row = r"^\| (\d\d_\w+) \| [\d.]+ s \| [\d.]+ s \| \d+ MB \| \d+ MB \|$"
    rows = re.findall(row, guide, re.M)
    assert rows == sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert "](docs/instructors.md)" in (ROOT / "README.md").read_text()
    for topic in ("nbgitpuller", "mybinder.org", "mem_limit", "cull_idle_timeout",
                  "make classroom-check", "git checkout --", "tests/solutions", "reveal("):
        assert topic in guide, topic
