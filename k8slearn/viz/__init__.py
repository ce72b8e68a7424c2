"""Plots and widgets for the notebooks.  The only place matplotlib and ipywidgets are used.

Each chapter has its own module here (``k8slearn.viz.workqueue`` ...).  They
import matplotlib and ipywidgets inside functions, so that even importing
``k8slearn.viz`` costs nothing; ``import k8slearn`` never imports this package.
"""

from __future__ import annotations

from typing import Any

__all__ = ["pyplot", "STYLE"]

#: Shared look: small figures so notebooks stay light.
STYLE = {"figsize": (7.5, 3.2), "dpi": 90}


def pyplot() -> Any:
    """Import matplotlib.pyplot lazily, with a non-interactive backend outside Jupyter."""
    import matplotlib

    if "ipykernel" not in __import__("sys").modules:
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt
