"""``genutils.OutDir``: the absolute output directory, with a trailing separator.

Errors from ``stat`` pass through; an existing non-directory gives
``output directory <abs> is not a directory``.

Upstream: kubernetes/kubernetes cmd/genutils/genutils.go @ v1.36.0
"""

from __future__ import annotations

import os

__all__ = ["out_dir"]


def out_dir(path: str) -> str:
    out = os.path.abspath(path)
    os.stat(out)  # FileNotFoundError passes through, as Go's stat error does
    if not os.path.isdir(out):
        raise NotADirectoryError(f"output directory {out} is not a directory")
    return out + os.sep
