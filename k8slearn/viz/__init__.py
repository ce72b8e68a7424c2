"""Plots and widgets for the notebooks.  The only place matplotlib and ipywidgets are used.

Each chapter has its own module here (``k8slearn.viz.workqueue`` ...).  They
import matplotlib and ipywidgets inside functions, so that even importing
``k8slearn.viz`` costs nothing; ``import k8slearn`` never imports this package.

Upstream: none (course tooling)
"""

from __future__ import annotations

from typing import Any

__all__ = ["pyplot", "image", "figure_png", "STYLE"]

#: Shared look: small figures so notebooks stay light.
STYLE = {"figsize": (7.5, 3.2), "dpi": 90}


def pyplot() -> Any:
    """Import matplotlib.pyplot lazily, with a non-interactive backend outside Jupyter."""
    import matplotlib

    if "ipykernel" not in __import__("sys").modules:
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def figure_png(fig: Any) -> bytes:
    """Render ``fig`` to PNG bytes, and close it if pyplot manages it."""
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    if getattr(fig.canvas, "manager", None) is not None:
        pyplot().close(fig)
    return buf.getvalue()


def image(fig: Any) -> Any:
    """``fig`` as a PNG ``IPython.display.Image``, the figure closed.

    End a notebook cell with it: the picture shows, and the cell's text form is the
    fixed ``<IPython.core.display.Image object>`` rather than a ``<Figure size ...>``
    repr, which strict nbval would compare.
    """
    from IPython.display import Image

    return Image(data=figure_png(fig), format="png")
