"""Re-execute notebooks in place, top to bottom, each in a fresh kernel (``make notebooks``).

Usage: python hack/run_notebooks.py notebooks/*.ipynb
Prints each notebook's wall time.  Cells tagged ``raises-exception`` may raise.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def run(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    for cell in nb.cells:  # drop timings left by earlier runs: they only add diff noise
        cell.metadata.pop("execution", None)
    elapsed = time.perf_counter() - start
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3", "language": "python", "name": "python3"
    }
    nbformat.write(nb, path)
    return elapsed


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(Path("notebooks").glob("*.ipynb"))
    for p in paths:
        print(f"{p}: {run(p):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
