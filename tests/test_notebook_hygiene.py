"""Every notebook follows notebooks/README.md: executed top to bottom, stable outputs, framed by
goals and upstream links at the start, exercises and a summary at the end."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
UPSTREAM = re.compile(
    r"https://github\.com/kubernetes/(kubernetes/blob/v1\.36\.0|client-go/blob/v0\.36\.3)/"
)
LOCAL_PATH = re.compile(r"(?<![\w.])/(tmp|root|home|work|Users|var/folders)/")
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]{6,}")


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _src(cell: dict) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def _tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def test_there_are_notebooks():
    assert any(p.name == "00_start_here.ipynb" for p in NOTEBOOKS) or not NOTEBOOKS


@pytest.fixture(params=NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def nb(request) -> tuple[str, dict]:
    return request.param.name, _load(request.param)


def test_executed_top_to_bottom_in_a_fresh_kernel(nb):
    name, data = nb
    counts = [c.get("execution_count") for c in data["cells"]
              if c["cell_type"] == "code" and _src(c).strip()]
    assert counts == list(range(1, len(counts) + 1)), f"{name}: run `make notebooks`"


def test_no_errors_outside_raises_exception_cells(nb):
    name, data = nb
    for i, c in enumerate(data["cells"]):
        if c["cell_type"] != "code":
            continue
        errors = [o for o in c.get("outputs", []) if o.get("output_type") == "error"]
        if "raises-exception" in _tags(c):
            assert errors, f"{name} cell {i}: tagged raises-exception but raised nothing"
        else:
            assert not errors, f"{name} cell {i}: error output without the raises-exception tag"


def test_outputs_are_stable(nb):
    name, data = nb
    for i, c in enumerate(data["cells"]):
        for o in c.get("outputs", []):
            text = json.dumps(o)
            # Tracebacks too: a learner reads them on GitHub (use %xmode Minimal in such cells).
            assert not LOCAL_PATH.search(text), f"{name} cell {i}: output shows a local path"
            o = {k: v for k, v in o.items() if k != "traceback"}
            text = json.dumps(o)
            assert not ADDRESS.search(text), f"{name} cell {i}: output shows a memory address"
            assert "<Figure size" not in text, f"{name} cell {i}: end plots with plt.show()"
            assert "image/svg+xml" not in o.get("data", {}), f"{name} cell {i}: use PNG figures"
        if "@interact" in _src(c) or "interact(" in _src(c):
            assert "nbval-ignore-output" in _tags(c), f"{name} cell {i}: interact needs the tag"


def test_opens_with_title_goals_time_and_upstream_links(nb):
    name, data = nb
    first = data["cells"][0]
    assert first["cell_type"] == "markdown", name
    text = _src(first)
    assert text.lstrip().startswith("# "), f"{name}: the first cell starts with a title"
    assert re.search(r"(?i)goals", text), f"{name}: learning goals"
    assert re.search(r"(?i)\b\d+\s*(min|minutes)\b", text), f"{name}: a time estimate"
    assert UPSTREAM.search(text), f"{name}: upstream files linked at v1.36.0 / v0.36.3"


def test_ends_with_exercises_and_summary(nb):
    name, data = nb
    headings = [line.strip() for c in data["cells"] if c["cell_type"] == "markdown"
                for line in _src(c).splitlines() if line.startswith("#")]
    assert any(re.match(r"^##+ .*Exercises", h) for h in headings), f"{name}: exercises"
    assert re.match(r"^##+ .*Summary", headings[-1]), f"{name}: the last section is the summary"
    code = "\n".join(_src(c) for c in data["cells"] if c["cell_type"] == "code")
    assert "k8slearn.exercises" in code, f"{name}: exercises are checked by k8slearn.exercises"
    assert (ROOT / "tests" / "solutions" / f"{Path(name).stem}.py").exists(), name


def test_kernelspec_is_plain_python3(nb):
    name, data = nb
    assert data["metadata"]["kernelspec"]["name"] == "python3", name


def test_sanitize_file_is_ascii_only():
    raw = (ROOT / "tests" / "nbval_sanitize.cfg").read_bytes()
    raw.decode("ascii")
    lines = raw.decode().splitlines()
    for i, line in enumerate(lines):
        if line.startswith("regex:"):
            assert lines[i + 1].startswith("replace:"), f"line {i + 1}: regex without replace"
