"""Re-execute notebooks in place, top to bottom, each in a fresh kernel (``make notebooks``).

Usage: python hack/run_notebooks.py notebooks/*.ipynb
Prints each notebook's wall time.  Cells tagged ``raises-exception`` may raise.

The file is written exactly as JupyterLab would save it after opening it, so that a learner
who opens a notebook and saves it without editing gets no diff (and no merge conflict on the
next ``git pull`` or nbgitpuller sync):

- the kernelspec is the one the kernel reports (ipykernel's ``Python 3 (ipykernel)``), which
  JupyterLab writes into the metadata when the kernel starts;
- consecutive stream outputs of the same name are merged, as JupyterLab's output area does;
- the JSON layout is nbformat's, which the Jupyter server uses to save.

Widget model ids are random uuids in ipywidgets; they are renamed here to ids derived from
the notebook's name and the widget tree's shape, so that re-running a notebook gives the same
bytes (``make notebooks`` leaves no diff when nothing changed).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

KERNEL = "python3"


def kernelspec(name: str = KERNEL) -> dict[str, str]:
    """The metadata JupyterLab stores for kernel ``name``: its name, display name, language."""
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec(name)
    return {"display_name": spec.display_name, "language": spec.language, "name": name}


def kernel_manager():
    """A kernel manager that gives the kernel CurveZMQ keys where it can (as ``make lab``
    does), so the kernel does not warn that it runs over TCP without encryption."""
    import zmq
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name=KERNEL)
    if zmq.has("curve") and "transport_encryption" in km.traits():
        km.transport_encryption = "auto"
    return km


def merge_streams(outputs: list) -> list:
    """Consecutive ``stream`` outputs of the same name joined into one (JupyterLab's view)."""
    merged: list = []
    for out in outputs:
        last = merged[-1] if merged else None
        if (out.get("output_type") == "stream" and last is not None
                and last.get("output_type") == "stream" and last.get("name") == out.get("name")):
            last["text"] = _text(last) + _text(out)
        else:
            merged.append(out)
    return merged


def _text(out: dict) -> str:
    text = out.get("text", "")
    return "".join(text) if isinstance(text, list) else text


def normalise(nb: nbformat.NotebookNode, spec: dict[str, str]) -> nbformat.NotebookNode:
    """Make ``nb`` what JupyterLab saves after opening it: no timings, merged streams."""
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # timings from earlier runs are only diff noise
        if cell.cell_type == "code":
            cell.outputs = merge_streams(cell.outputs)
    nb.metadata["kernelspec"] = spec
    return nb


WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _refs(value: object) -> list[str]:
    """Model ids referenced (``IPY_MODEL_<id>``) inside one widget's state, in a fixed order."""
    if isinstance(value, str):
        return [value[len("IPY_MODEL_"):]] if value.startswith("IPY_MODEL_") else []
    if isinstance(value, list):
        return [r for v in value for r in _refs(v)]
    if isinstance(value, dict):
        return [r for k in sorted(value) for r in _refs(value[k])]
    return []


def stable_widget_ids(nb: nbformat.NotebookNode, stem: str) -> nbformat.NotebookNode:
    """Rename widget model ids to ones that depend only on the notebook and the widget tree."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    if not state:
        return nb
    order: list[str] = []

    def visit(mid: str) -> None:
        if mid in state and mid not in order:
            order.append(mid)
            for ref in _refs(state[mid].get("state", {})):
                visit(ref)

    for cell in nb.cells:
        for out in cell.get("outputs", []):
            view = out.get("data", {}).get(WIDGET_VIEW)
            if view:
                visit(view["model_id"])
    rest = sorted((m for m in state if m not in order),
                  key=lambda m: json.dumps(state[m], sort_keys=True))
    for mid in rest:
        visit(mid)
    new = {old: hashlib.sha256(f"{stem}:{i}".encode()).hexdigest()[:32]
           for i, old in enumerate(order)}
    text = re.sub("|".join(map(re.escape, new)), lambda m: new[m.group(0)], nbformat.writes(nb))
    nb = nbformat.reads(text, as_version=4)
    renamed = nb.metadata["widgets"][WIDGET_STATE]["state"]
    nb.metadata["widgets"][WIDGET_STATE]["state"] = {new[o]: renamed[new[o]] for o in order}
    return nb


def run(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    km = kernel_manager()
    client = NotebookClient(
        nb, timeout=120, kernel_name=KERNEL, record_timing=False, km=km,
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute()
    finally:  # nbclient leaves a kernel it was given running
        if km.has_kernel:
            km.shutdown_kernel(now=False)
    elapsed = time.perf_counter() - start
    nbformat.write(stable_widget_ids(normalise(nb, kernelspec()), path.stem), path)
    return elapsed


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(Path("notebooks").glob("*.ipynb"))
    for p in paths:
        print(f"{p}: {run(p):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
