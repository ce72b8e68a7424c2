"""The knowledge map of a Kubernetes expert, drawn with matplotlib, for notebook 00.

The nine areas come from the first source article; ``k8slearn.course.KNOWLEDGE_AREAS``
holds the data (and which chapters cover each area), this module only draws it.
matplotlib is imported inside the function, so importing this module costs nothing.

Upstream: none (course tooling)
"""

from __future__ import annotations

import math
from typing import Any

from k8slearn import course
from k8slearn.viz import pyplot

__all__ = ["COVERAGE_COLOURS", "knowledge_map_image", "plot_knowledge_map"]

#: Fill colour per coverage level (light tints of the colour-blind friendly Okabe-Ito palette).
COVERAGE_COLOURS = {"covered": "#8BD3B5", "partly": "#F5EC9A", "not covered": "#E0E0E0"}


def _chapters_label(keys: tuple[str, ...]) -> str:
    if not keys:
        return "not in this course"
    nums = [course.chapter(k).numbers for k in keys]
    word = "chapter" if len(nums) == 1 and "-" not in nums[0] else "chapters"
    return f"{word} " + ", ".join(nums)


def plot_knowledge_map(areas: tuple[course.KnowledgeArea, ...] | None = None) -> Any:
    """Draw the areas in a ring around the expert; colour says how much the course covers.

    Returns the matplotlib Figure (end the notebook cell with ``plt.show()``).
    """
    plt = pyplot()
    from matplotlib.patches import FancyBboxPatch, Patch

    areas = course.KNOWLEDGE_AREAS if areas is None else areas
    fig, ax = plt.subplots(figsize=(10, 6.4), dpi=90)
    ax.set_xlim(-1.62, 1.62)
    ax.set_ylim(-1.3, 1.14)
    ax.set_axis_off()
    box_w, box_h = 0.68, 0.32

    def box(x: float, y: float, w: float, h: float, colour: str, lw: float = 1.0) -> None:
        ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h,
                                    boxstyle="round,pad=0.02,rounding_size=0.05",
                                    facecolor=colour, edgecolor="#333333", linewidth=lw,
                                    zorder=2))

    n = len(areas)
    for i, area in enumerate(areas):
        angle = math.pi / 2 - 2 * math.pi * (i + 0.5) / n  # two boxes on top, one below
        x, y = 1.25 * math.cos(angle), 0.92 * math.sin(angle)
        ax.plot([0, x], [0, y], color="#999999", linewidth=1.0, zorder=1,
                linestyle="-" if area.chapters else ":")
        box(x, y, box_w, box_h, COVERAGE_COLOURS[area.coverage])
        ax.text(x, y + 0.085, area.title, ha="center", va="center", fontsize=9.5,
                fontweight="bold", zorder=3)
        ax.text(x, y - 0.005, area.examples, ha="center", va="center", fontsize=7.5,
                color="#222222", zorder=3)
        ax.text(x, y - 0.095, _chapters_label(area.chapters), ha="center", va="center",
                fontsize=8, style="italic", color="#000000", zorder=3)
    box(0, 0, 0.62, 0.26, "#56B4E9", lw=1.6)
    ax.text(0, 0.03, "Kubernetes expert", ha="center", va="center", fontsize=11,
            fontweight="bold", zorder=3)
    ax.text(0, -0.055, "(article 1's knowledge map)", ha="center", va="center", fontsize=8,
            zorder=3)
    handles = [Patch(facecolor=c, edgecolor="#333333", label=f"{k} by this course")
               for k, c in COVERAGE_COLOURS.items()]
    ax.legend(handles=handles, loc="lower center", ncol=3, fontsize=8, frameon=False,
              bbox_to_anchor=(0.5, -0.06))
    ax.set_title("What a Kubernetes expert knows, and where this course teaches it",
                 fontsize=11)
    fig.tight_layout()
    return fig


def knowledge_map_image(areas: tuple[course.KnowledgeArea, ...] | None = None) -> Any:
    """The knowledge map as an ``IPython.display.Image`` (PNG), the figure closed.

    A notebook cell can end with it: the cell shows the picture and its text form is a
    fixed ``<IPython.core.display.Image object>``, not a ``<Figure size ...>`` repr.
    """
    import io

    from IPython.display import Image

    fig = plot_knowledge_map(areas)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    pyplot().close(fig)
    return Image(data=buf.getvalue(), format="png")
