"""Every notebook follows docs/authoring.md: executed top to bottom, stable outputs, framed by
goals and upstream links at the start, exercises and a summary at the end."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import nbformat
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


def test_kernelspec_is_what_the_kernel_reports(nb):
    """JupyterLab rewrites the kernelspec from the running kernel: any difference marks the
    notebook modified on open, and the learner's save then conflicts with the next update."""
    name, data = nb
    ipykernel = pytest.importorskip("ipykernel.kernelspec")
    reported = ipykernel.get_kernel_dict()
    assert data["metadata"]["kernelspec"] == {
        "display_name": reported["display_name"], "language": reported["language"],
        "name": "python3"}, f"{name}: re-run it with hack/run_notebooks.py"
    assert data["metadata"]["language_info"]["name"] == "python", name


def test_saving_without_edits_changes_nothing(nb):
    """What JupyterLab would write back after opening the notebook is the committed file:
    the server saves with nbformat, and the output area merges consecutive streams."""
    name, _ = nb
    text = (ROOT / "notebooks" / name).read_text(encoding="utf-8")
    model = nbformat.reads(text, as_version=nbformat.NO_CONVERT)
    assert (model.nbformat, model.nbformat_minor) >= (4, 5), f"{name}: cell ids need nbformat 4.5"
    assert all("id" in c for c in model.cells), f"{name}: a cell without an id"
    assert nbformat.writes(model) + "\n" == text, f"{name}: not in the layout the server saves"
    for i, c in enumerate(model.cells):
        outs = c.get("outputs", [])
        for a, b in zip(outs, outs[1:], strict=False):
            split = a.output_type == b.output_type == "stream" and a.name == b.name
            assert not split, f"{name} cell {i}: two {a.name} outputs in a row (merge them)"
        for o in outs:  # the output area rewrites text around a carriage return
            text = o.get("text", "")
            text = "".join(text) if isinstance(text, list) else text
            assert "\r" not in text, f"{name} cell {i}: a carriage return in a stream"


def test_run_notebooks_writes_what_lab_saves(tmp_path):
    """hack/run_notebooks.py's normalisation: merged streams, the reported kernelspec."""
    spec = importlib.util.spec_from_file_location("run_notebooks", ROOT / "hack/run_notebooks.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1); print(2)")])
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n"),
                           nbformat.v4.new_output("stream", name="stdout", text="2\n"),
                           nbformat.v4.new_output("stream", name="stderr", text="w\n"),
                           nbformat.v4.new_output("stream", name="stdout", text="3\n")]
    nb.cells[0].metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    spec = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    out = mod.normalise(nb, spec)
    assert [(o.name, o.text) for o in out.cells[0].outputs] == [
        ("stdout", "1\n2\n"), ("stderr", "w\n"), ("stdout", "3\n")]
    assert "execution" not in out.cells[0].metadata
    assert out.metadata["kernelspec"] == spec


def test_run_notebooks_end_to_end(tmp_path):
    """A real run: two flushed prints arrive as two stream messages and are stored as one;
    the file then survives the open-and-save round trip unchanged."""
    spec = importlib.util.spec_from_file_location("run_notebooks", ROOT / "hack/run_notebooks.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import sys\nprint('a', flush=True)\nsys.stdout.flush()\nprint('b', flush=True)")])
    path = tmp_path / "t.ipynb"
    nbformat.write(nb, path)
    assert mod.main([str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    saved = nbformat.reads(text, as_version=4)
    assert [(o.name, o.text) for o in saved.cells[0].outputs] == [("stdout", "a\nb\n")]
    ipykernel = pytest.importorskip("ipykernel.kernelspec")
    assert saved.metadata.kernelspec.display_name == ipykernel.get_kernel_dict()["display_name"]
    assert nbformat.writes(saved) + "\n" == text


# Course order: the chapters present, sorted by number; the last links back to the first.
ORDER = [p.name for p in NOTEBOOKS]
NEXT = re.compile(r"\*\*Next:\*\*\s*\[[^\]]+\]\((?P<target>[^)\s]+)\)")


def test_last_cell_links_the_next_notebook(nb):
    name, data = nb
    last = data["cells"][-1]
    assert last["cell_type"] == "markdown", f"{name}: the last cell is markdown with **Next:**"
    m = NEXT.search(_src(last))
    want = ORDER[(ORDER.index(name) + 1) % len(ORDER)]
    assert m, f"{name}: the last cell needs a line `**Next:** [title]({want})`"
    assert m["target"] == want, f"{name}: **Next:** links {m['target']}, the next one is {want}"


# A k8slearn module named in prose: dotted (k8slearn.workqueue.queue, maybe followed by an
# attribute) or as a path (k8slearn/workqueue/queue.py).  The bare package name (and the
# `k8slearn` command) are not module mentions.
DOTTED = re.compile(r"(?<![\w./-])k8slearn(?:\.[A-Za-z_]\w*)+(?![\w/])")
PATH = re.compile(r"(?<![\w./-])k8slearn/[\w./-]*[\w-]")
LINK = re.compile(r"\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]\((?P<target>[^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)


def module_file(mention: str) -> Path | None:
    """The local file a mention refers to (a package's ``__init__.py``), or None."""
    if "/" in mention:
        p = ROOT / mention.rstrip("/")
        return p / "__init__.py" if p.is_dir() else (p if p.is_file() else None)
    parts = mention.split(".")
    for n in range(len(parts), 0, -1):  # the longest prefix that is a module or package
        base = ROOT.joinpath(*parts[:n])
        if (base / "__init__.py").is_file():
            return base / "__init__.py"
        if base.with_suffix(".py").is_file():
            return base.with_suffix(".py")
    return None


def mentions(text: str) -> list[str]:
    return DOTTED.findall(text) + PATH.findall(text)


def link_problems(markdown: str) -> list[str]:
    """Module mentions in ``markdown`` (relative to notebooks/) that are not local links."""
    problems = []
    text = FENCE.sub("", markdown)
    for link in LINK.finditer(text):
        for m in mentions(link["text"]):
            want = module_file(m)
            if want is None:
                problems.append(f"{m} names no file under k8slearn/")
                continue
            target = (ROOT / "notebooks" / link["target"].split("#")[0]).resolve()
            if link["target"].startswith(("http:", "https:")) or target != want.resolve():
                rel = want.relative_to(ROOT).as_posix()
                problems.append(f"[{m}]({link['target']}) should link ../{rel}")
    for m in mentions(LINK.sub("", text)):
        want = module_file(m)
        rel = f"../{want.relative_to(ROOT).as_posix()}" if want else "(no such file)"
        problems.append(f"`{m}` is not a link; link it to {rel}")
    return problems


def test_link_checker_itself():
    ok = ("[`k8slearn.workqueue.queue`](../k8slearn/workqueue/queue.py), "
          "[k8slearn/clock.py](../k8slearn/clock.py), the `k8slearn` command, "
          "annotation `k8slearn.io/pods`, [the cache](../k8slearn/tools/cache/__init__.py)\n"
          "```\nk8slearn.clock in a fenced block\n```")
    assert link_problems(ok) == []
    assert link_problems("uses `k8slearn.clock.FakeClock`.") == [
        "`k8slearn.clock.FakeClock` is not a link; link it to ../k8slearn/clock.py"]
    assert link_problems("see k8slearn/clock.py") == [
        "`k8slearn/clock.py` is not a link; link it to ../k8slearn/clock.py"]
    assert link_problems("[`k8slearn.clock`](https://example.com/clock.go)") == [
        "[k8slearn.clock](https://example.com/clock.go) should link ../k8slearn/clock.py"]
    assert link_problems("[`k8slearn.tools.cache`](../k8slearn/tools/cache)") == [
        "[k8slearn.tools.cache](../k8slearn/tools/cache) should link "
        "../k8slearn/tools/cache/__init__.py"]


def test_module_mentions_link_the_local_file(nb):
    """A learner clicks a module's name and the file opens next to the notebook (markdown
    cells, and markdown a cell displays, such as the course map)."""
    name, data = nb
    problems = []
    for i, c in enumerate(data["cells"]):
        texts = [_src(c)] if c["cell_type"] == "markdown" else [
            "".join(o["data"]["text/markdown"]) for o in c.get("outputs", [])
            if "text/markdown" in o.get("data", {})]
        problems += [f"cell {i}: {p}" for t in texts for p in link_problems(t)]
    assert not problems, f"{name}:\n" + "\n".join(problems)
