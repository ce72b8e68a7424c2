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
"""

from __future__ import annotations

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
    nbformat.write(normalise(nb, kernelspec()), path)
    return elapsed


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(Path("notebooks").glob("*.ipynb"))
    for p in paths:
        print(f"{p}: {run(p):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
