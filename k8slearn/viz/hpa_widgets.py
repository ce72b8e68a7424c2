"""Interactive HPA figures: the rebalancing widget and the stabilization timeline.

* ``rebalance_view`` / ``rebalance_widget``: pods as ready / unready / missing /
  deleted with their CPU usage; both ratios drawn against the tolerance band,
  the guard that fired and the result, computed by ``k8slearn.podautoscaler``'s
  replica calculator (presets are upstream's test cases);
* ``plot_stabilization`` / ``stabilization_widget``: recommendations as dots
  over time, the scale-up and scale-down windows shaded, the stabilized output
  as a line, and a slider for "now".

Widgets print a short, stable text form (``RebalanceWidget(preset=..., result=3)``)
before they run, never ``VBox(children=...)``.  matplotlib and ipywidgets are
imported lazily.

Upstream: none (course tooling)
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["PRESETS", "rebalance_view", "rebalance_widget", "plot_stabilization",
           "stabilization_widget", "STATES"]

STATES = ("ready", "unready", "missing", "deleted")

#: upstream TestReplicaCalc* cases: (target %, current, [(state, usage m, request m)])
PRESETS: dict[str, tuple[int, int, list[tuple[str, int, int]]]] = {
    "ScaleUpUnreadyLessScale": (30, 3, [("unready", 300, 1000), ("ready", 500, 1000),
                                        ("ready", 700, 1000)]),
    "MissingMetrics": (100, 4, [("ready", 400, 1000), ("ready", 95, 1000),
                                ("missing", 0, 1000), ("missing", 0, 1000)]),
    "MissingMetricsNoChangeGt": (100, 2, [("ready", 1900, 1000), ("missing", 0, 1000)]),
    "MissingMetricsUnreadyScaleUp": (50, 3, [("unready", 100, 1000), ("ready", 2000, 1000),
                                             ("missing", 0, 1000)]),
    "DuringRollingUpdateWithMaxSurge": (50, 2, [("ready", 100, 1000), ("ready", 100, 1000),
                                                ("missing", 0, 1000)]),
    "ScaleUpIgnoresDeletionPods": (30, 2, [("ready", 500, 1000), ("ready", 700, 1000),
                                           ("deleted", 0, 1000), ("deleted", 0, 1000)]),
}


def _scenario(target: int, current: int, pods: list[tuple[str, int, int]]) -> Any:
    from k8slearn.podautoscaler.workbench import resource_scenario

    spec = [{"name": f"pod-{i}", "request": req,
             "usage": None if state == "missing" else usage,
             "ready": state != "unready", "deleted": state == "deleted"}
            for i, (state, usage, req) in enumerate(pods)]
    return resource_scenario(spec, target, current=current)


def rebalance_view(target: int, current: int, pods: list[tuple[str, int, int]]) -> tuple[Any,
                                                                                         str]:
    """A figure of both ratios against the tolerance band, and a one-paragraph account."""
    from k8slearn.viz import pyplot

    try:
        sc = _scenario(target, current, pods)
    except Exception as e:  # an HPAError: no sample left, no request...
        fig, ax = pyplot().subplots(figsize=(7, 1.6), dpi=100)
        ax.axis("off")
        ax.text(0.01, 0.5, f"error: {e}", va="center", fontsize=9, wrap=True)
        return fig, f"The calculation fails: {e}"
    steps = dict(sc.trace)
    fast, reb = steps.get("fast_path"), steps.get("rebalance")
    ratio = (fast or reb or {}).get("ratio", 0.0)
    new = reb["new_ratio"] if reb else None
    tol = (fast or reb)["tolerances"]
    lo, hi = 1 - tol.scale_down, 1 + tol.scale_up
    fig, ax = pyplot().subplots(figsize=(7, 1.9), dpi=100)
    top = max(2.0, ratio * 1.1, (new or 0) * 1.1)
    ax.axvspan(lo, hi, color="#d9ead3", label="tolerance band")
    ax.axvline(1.0, color="0.6", linewidth=0.8)
    ax.plot([ratio], [1], "o", color="#2a6099", label=f"ratio {ratio:.3f}")
    if new is not None:
        ax.plot([new], [0], "s", color="#c0392b", label=f"after rebalancing {new:.3f}")
        ax.annotate("", xy=(new, 0.1), xytext=(ratio, 0.9),
                    arrowprops={"arrowstyle": "->", "color": "0.5"})
    ax.set_xlim(0, top)
    ax.set_ylim(-0.6, 1.6)
    ax.set_yticks([])
    ax.set_xlabel("usage ratio (utilization / target)")
    ax.legend(loc="upper right", fontsize=7, ncol=3)
    fig.tight_layout()
    if reb is None:
        guard = "within the tolerance band: keep" if fast["within"] else \
            f"no unready or missing pods: ceil({ratio:.3f} x {fast['ready']} ready)"
    else:
        guard = reb["guard"] or f"ceil({new:.3f} x {reb['n']} samples)"
    text = (f"ratio {ratio:.3f}; " + ("" if new is None else f"after rebalancing {new:.3f}; ")
            + f"decided by: {guard}; result {sc.replicas} (current {current})")
    return fig, text


def rebalance_widget(preset: str = "MissingMetricsUnreadyScaleUp") -> Any:
    """Toggle each pod's state and move its usage; presets are upstream's test cases."""
    import ipywidgets as w
    from IPython.display import Image

    from k8slearn.viz import figure_png as _figure_png

    target0, current0, pods0 = PRESETS[preset]
    style, layout = {"description_width": "90px"}, w.Layout(width="340px")
    choose = w.Dropdown(options=list(PRESETS), value=preset, description="preset",
                        style=style, layout=layout)
    target = w.IntSlider(value=target0, min=10, max=300, step=5, description="target %",
                         style=style, layout=layout, continuous_update=False)
    rows = []
    for i in range(4):
        state = w.Dropdown(options=STATES, description=f"pod-{i}", style=style,
                           layout=w.Layout(width="200px"))
        usage = w.IntSlider(min=0, max=3000, step=5, description="usage m", style=style,
                            layout=layout, continuous_update=False)
        rows.append((state, usage))
    out, summary = w.Output(), w.HTML()
    current = {"value": current0, "pods": len(pods0)}

    def load(name: str) -> None:
        t, cur, pods = PRESETS[name]
        target.value, current["value"], current["pods"] = t, cur, len(pods)
        for (state, usage), pod in zip(rows, (pods + [("ready", 0, 1000)] * 4)[:4], strict=True):
            state.value, usage.value = pod[0], pod[1]

    def redraw(_: Any = None) -> None:
        pods = [(s.value, u.value, 1000) for s, u in rows[:current["pods"]]]
        fig, text = rebalance_view(target.value, current["value"], pods)
        out.outputs = ()
        out.append_display_data(Image(data=_figure_png(fig), format="png"))
        summary.value = text
        panel.result = text

    panel = _widget_class("RebalanceWidget")(children=[choose, target, *[
        w.HBox([s, u]) for s, u in rows], summary, out])
    panel.preset = preset
    choose.observe(lambda ch: (load(ch["new"]), setattr(panel, "preset", ch["new"]),
                               redraw()), names="value")
    load(preset)
    for s, u in rows:
        s.observe(redraw, names="value")
        u.observe(redraw, names="value")
    target.observe(redraw, names="value")
    redraw()
    return panel


def _stabilize_at(recs: list[tuple[float, int]], now: float, up: float, down: float,
                  current: int) -> tuple[int, int, int]:
    """(up limit, down limit, output) over the recommendations at or before ``now``."""
    seen = [(t, v) for t, v in recs if t <= now]
    desired = seen[-1][1] if seen else current
    up_rec = min([desired] + [v for t, v in seen if t > now - up])
    down_rec = max([desired] + [v for t, v in seen if t > now - down])
    out = min(max(current, up_rec), down_rec)
    return up_rec, down_rec, out


def plot_stabilization(recs: list[tuple[float, int]], now: float, up_window: float,
                       down_window: float, current: int) -> Any:
    """Recommendations as dots, both windows shaded back from ``now``, the output line.

    The output at each instant is what ``stabilizeRecommendationWithBehaviors`` gives
    from ``current`` with the recommendations seen so far (the last one is "desired").
    """
    from k8slearn.viz import pyplot

    fig, ax = pyplot().subplots(figsize=(7.5, 3), dpi=100)
    ts = [t for t, _ in recs]
    if down_window:
        ax.axvspan(now - down_window, now, color="#f4cccc", alpha=0.6,
                   label=f"scale-down window {down_window:g}s")
    if up_window:
        ax.axvspan(now - up_window, now, color="#cfe2f3", alpha=0.8,
                   label=f"scale-up window {up_window:g}s")
    ax.plot(ts, [v for _, v in recs], "o", color="0.3", markersize=4, label="recommendations")
    grid = sorted(set(ts + [now]))
    outs = [_stabilize_at(recs, t, up_window, down_window, current)[2] for t in grid]
    ax.step(grid, outs, where="post", color="#2a6099", linewidth=1.6, label="output")
    ax.axvline(now, color="#c0392b", linewidth=1.0)
    up_rec, down_rec, out = _stabilize_at(recs, now, up_window, down_window, current)
    ax.set_title(f"now = {now:g}s: output {out} (lowest in up window {up_rec}, highest in "
                 f"down window {down_rec})", fontsize=9)
    ax.set_xlabel("seconds")
    ax.set_ylabel("replicas")
    ax.legend(loc="upper left", fontsize=7)
    fig.tight_layout()
    return fig


def stabilization_widget(recs: list[tuple[float, int]], up_window: float = 0.0,
                         down_window: float = 300.0, current: int | None = None) -> Any:
    """``plot_stabilization`` with sliders for now and both windows."""
    import ipywidgets as w
    from IPython.display import Image

    from k8slearn.viz import figure_png as _figure_png

    start = current if current is not None else recs[0][1]
    style, layout = {"description_width": "150px"}, w.Layout(width="460px")
    last = max(t for t, _ in recs)
    now = w.FloatSlider(value=last, min=0, max=last, step=15, description="now (s)",
                        style=style, layout=layout, continuous_update=False)
    up = w.IntSlider(value=int(up_window), min=0, max=600, step=15,
                     description="scale-up window (s)", style=style, layout=layout,
                     continuous_update=False)
    down = w.IntSlider(value=int(down_window), min=0, max=900, step=15,
                       description="scale-down window (s)", style=style, layout=layout,
                       continuous_update=False)
    out = w.Output()

    def redraw(_: Any = None) -> None:
        fig = plot_stabilization(recs, now.value, up.value, down.value, start)
        out.outputs = ()
        out.append_display_data(Image(data=_figure_png(fig), format="png"))
        panel.result = _stabilize_at(recs, now.value, up.value, down.value, start)[2]

    panel = _widget_class("StabilizationTimeline")(children=[now, up, down, out])
    for s in (now, up, down):
        s.observe(redraw, names="value")
    redraw()
    return panel


@functools.cache
def _widget_class(name: str) -> Any:
    """A VBox subclass whose text form is short and stable (built lazily)."""
    import ipywidgets as w

    def __repr__(self: Any) -> str:
        vals = [f"{c.description}={c.value}" for c in self.children
                if hasattr(c, "description") and hasattr(c, "value") and c.description]
        return f"{name}({', '.join(vals)})"

    return type(name, (w.VBox,), {"__repr__": __repr__, "result": None, "preset": None})
