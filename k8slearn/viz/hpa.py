"""Figures and widgets for the HPA chapter (matplotlib and ipywidgets imported lazily).

Upstream: none (course tooling)
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "plot_timelines",
    "save_timeline",
    "plot_pod_groups",
    "plot_reconcile_flow",
    "tuning_panel",
    "image",
]


def plot_timelines(runs: dict[str, list[Any]], ax: Any = None, title: str = "",
                   capacity: bool = False) -> Any:
    """Replicas over time for each labelled run, with the load on a second axis.

    ``capacity`` also draws the first run's capacity (replicas x request x target): where
    the load rises above it, the ratio is above 1 and the HPA scales up.
    """
    from k8slearn.viz import STYLE, pyplot

    plt = pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=STYLE["figsize"], dpi=STYLE["dpi"])
    first = next(iter(runs.values()))
    minutes = [r.seconds / 60 for r in first]
    load_ax = ax.twinx()
    load_ax.fill_between(minutes, [r.load for r in first], color="0.85", step="post")
    load_ax.set_ylabel("load (millicores)", color="0.4")
    if capacity and any(getattr(r, "capacity", 0) for r in first):
        load_ax.step(minutes, [r.capacity for r in first], where="post", color="0.35",
                     linestyle="--", linewidth=1.0, label="capacity at target")
        load_ax.legend(loc="upper right", fontsize=8)
    ax.set_zorder(load_ax.get_zorder() + 1)
    ax.patch.set_visible(False)
    for label, rows in runs.items():
        ax.step([r.seconds / 60 for r in rows], [r.desired for r in rows], where="post",
                label=label, linewidth=1.6)
    ax.set_xlabel("minutes")
    ax.set_ylabel("replicas")
    ax.legend(loc="upper left", fontsize=8)
    if title:
        ax.set_title(title)
    return ax


def save_timeline(rows: list[Any], path: str, title: str = "") -> None:
    """Write one run's figure to ``path`` (PNG)."""
    from k8slearn.viz import pyplot

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(8, 3.5), dpi=100)
    plot_timelines({"replicas": rows}, ax, title, capacity=True)
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)


_COLORS = {"ready": "#4c9a2a", "unready": "#e0a100", "missing": "#999999",
           "ignored": "#c0392b"}


def plot_pod_groups(groups: dict[str, tuple[str, str]], samples: dict[str, int]) -> Any:
    """One bar per pod, coloured by its group, labelled with why."""
    from k8slearn.viz import pyplot

    plt = pyplot()
    names = sorted(groups)
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(names) + 0.8), dpi=90)
    for i, name in enumerate(names):
        group, why = groups[name]
        v = samples.get(name, 0)
        ax.barh(i, v, color=_COLORS[group])
        ax.text(max(v, 0) + 4, i, f"{group}: {why}", va="center", fontsize=8)
    ax.set_yticks(range(len(names)), [n[-5:] for n in names])
    ax.set_xlabel("CPU sample (millicores)")
    ax.set_xlim(0, max(list(samples.values()) + [1]) * 3.2)
    ax.invert_yaxis()
    ax.set_title("groupPods: which samples the calculator trusts")
    fig.tight_layout()
    return fig


_FLOW = [
    ("GET /scale", "current = spec.replicas"),
    ("seed history", "[(current, now)] once"),
    ("current == 0, min > 0?", "ScalingActive=False (disabled)"),
    ("current outside [min,max]?", "clamp, no metrics"),
    ("metrics", "max proposal; invalid blocks scale-down"),
    ("normalize", "stabilize, then limits/policies"),
    ("PUT /scale", "if desired != current; store event"),
    ("status", "write only if changed"),
]


def plot_reconcile_flow() -> Any:
    """The reconcile as a column of boxes (the steps of ``reconcile_autoscaler``)."""
    from k8slearn.viz import pyplot

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 4.6), dpi=90)
    ax.set_axis_off()
    n = len(_FLOW)
    for i, (step, detail) in enumerate(_FLOW):
        y = n - i
        ax.add_patch(plt.Rectangle((0.05, y - 0.35), 0.42, 0.7, facecolor="#dbe9f6",
                                   edgecolor="#2a6099"))
        ax.text(0.26, y, step, ha="center", va="center", fontsize=9)
        ax.text(0.52, y, detail, ha="left", va="center", fontsize=8.5, color="0.25")
        if i < n - 1:
            ax.annotate("", xy=(0.26, y - 0.62), xytext=(0.26, y - 0.36),
                        arrowprops={"arrowstyle": "->", "color": "#2a6099"})
    ax.set_xlim(0, 1)
    ax.set_ylim(0.3, n + 0.7)
    ax.set_title("reconcileAutoscaler, one pass")
    fig.tight_layout()
    return fig


def tuning_panel(run: Any) -> Any:
    """An ipywidgets panel: ``run(target, down_window, down_percent, up_percent)`` -> rows,
    redrawn on every change."""
    import ipywidgets as widgets

    from k8slearn.viz import pyplot

    plt = pyplot()
    # labels wide enough to read in full (issue 15: "down win..." was cut)
    style, layout = {"description_width": "170px"}, widgets.Layout(width="440px")
    target = widgets.IntSlider(value=50, min=10, max=100, step=5, description="target %",
                               style=style, layout=layout, continuous_update=False)
    window = widgets.IntSlider(value=300, min=0, max=900, step=30,
                               description="scale-down window (s)", style=style,
                               layout=layout, continuous_update=False)
    down = widgets.IntSlider(value=100, min=5, max=100, step=5,
                             description="scale-down % per 15 s", style=style, layout=layout,
                             continuous_update=False)
    up = widgets.IntSlider(value=100, min=10, max=400, step=10,
                           description="scale-up % per 15 s", style=style, layout=layout,
                           continuous_update=False)
    out = widgets.Output()

    def redraw(_: Any = None) -> None:
        from IPython.display import Image

        from k8slearn.viz import figure_png

        rows = run(target.value, window.value, down.value, up.value)
        fig, ax = plt.subplots(figsize=(7.5, 3.2), dpi=90)
        plot_timelines({"replicas": rows}, ax, capacity=True)
        ax.set_title(f"target {target.value}%, scale-down window {window.value}s")
        fig.tight_layout()
        out.outputs = ()  # a PNG in the Output widget: no figure leaks into the cell output
        out.append_display_data(Image(data=figure_png(fig), format="png"))

    for w in (target, window, down, up):
        w.observe(redraw, names="value")
    redraw()
    from k8slearn.viz.hpa_widgets import _widget_class

    return _widget_class("TuningPanel")(children=[target, window, down, up, out])


def image(fig: Any) -> Any:
    """``fig`` as an ``IPython.display.Image`` (PNG), the figure closed.

    Ending a cell with it gives a stable text form instead of a figure repr.
    """
    import io

    from IPython.display import Image

    from k8slearn.viz import pyplot

    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    pyplot().close(fig)
    return Image(data=buf.getvalue(), format="png")
