"""Figures, tables and a widget for the workqueue notebooks (10, 11 and 12).

matplotlib and ipywidgets are imported inside the functions (through
``k8slearn.viz.pyplot``), so importing this module costs nothing.  Every
function is deterministic: same input, same picture.

Upstream: none (course tooling)
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from k8slearn.viz import STYLE, image, pyplot
from k8slearn.viz import figure_png as _figure_png

__all__ = [
    "item_state",
    "sets_table",
    "plot_set_evolution",
    "plot_state_machine",
    "plot_delay_timeline",
    "plot_backoff_curves",
    "plot_bucket_debt",
    "limiter_curves",
    "plot_limiter_curves",
    "LIMITER_DEFAULTS",
    "limiter_explorer",
    "image",
]

# Colours per item state (colour-blind friendly Okabe-Ito palette).
_STATE_COLOURS = {
    "absent": "#ffffff",
    "queued": "#56B4E9",
    "processing": "#E69F00",
    "parked": "#D55E00",
    "queued x2": "#0072B2",
}


def _fmt_items(items: Iterable[Any]) -> str:
    return "[" + ", ".join(str(x) for x in items) + "]"


def _fmt_set(items: Iterable[Any]) -> str:
    return "{" + ", ".join(sorted(str(x) for x in items)) + "}"


def item_state(snapshot: Any, item: Any) -> str:
    """Name the state of ``item`` in a ``Queue.snapshot()``.

    ``queued`` (in the FIFO and dirty), ``processing`` (handed out, not dirty),
    ``parked`` (handed out *and* dirty: re-added while processing),
    ``queued x2`` (two copies: twice in the FIFO, or in the FIFO while a worker
    still holds it; both are the result of misusing ``done``, and a second
    worker can get the item), or ``absent``.
    """
    copies = sum(1 for x in snapshot.queue if x == item)
    if copies > 1 or (copies == 1 and item in snapshot.processing):
        return "queued x2"
    if copies == 1:
        return "queued"
    if item in snapshot.processing:
        return "parked" if item in snapshot.dirty else "processing"
    return "absent"


def sets_table(steps: Sequence[tuple[str, Any]], extra: Mapping[str, Sequence[Any]] | None = None
               ) -> str:
    """A fixed-width text table: one row per ``(operation, snapshot)``.

    Sets are printed sorted, the queue in FIFO order, so the text is stable.
    ``extra`` adds columns (name -> one value per row), for example ``len()``.
    """
    extra = dict(extra or {})
    header = ["operation", "queue", "dirty", "processing", *extra]
    rows = []
    for i, (op, snap) in enumerate(steps):
        row = [op, _fmt_items(snap.queue), _fmt_set(snap.dirty), _fmt_set(snap.processing)]
        row += [str(values[i]) for values in extra.values()]
        rows.append(row)
    widths = [max(len(r[c]) for r in [header, *rows]) for c in range(len(header))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())
    return "\n".join(lines)


def plot_set_evolution(steps: Sequence[tuple[str, Any]], items: Sequence[Any]) -> Any:
    """A grid: one column per operation, one row per item, coloured by its state."""
    plt = pyplot()
    from matplotlib.patches import Patch, Rectangle

    fig, ax = plt.subplots(figsize=(max(6.0, 0.85 * len(steps) + 1.5), 0.55 * len(items) + 2.2),
                           dpi=STYLE["dpi"])
    for col, (_, snap) in enumerate(steps):
        for row, item in enumerate(items):
            state = item_state(snap, item)
            ax.add_patch(Rectangle((col, row), 0.92, 0.85, facecolor=_STATE_COLOURS[state],
                                   edgecolor="#999999", linewidth=0.6))
            if state != "absent":
                pos = [i for i, x in enumerate(snap.queue) if x == item]
                label = {"queued": f"q[{pos[0]}]" if pos else "q", "processing": "proc",
                         "parked": "park", "queued x2": "q x2"}[state]
                ax.text(col + 0.46, row + 0.42, label, ha="center", va="center", fontsize=7)
    ax.set_xlim(0, len(steps))
    ax.set_ylim(len(items), 0)
    ax.set_xticks([c + 0.46 for c in range(len(steps))])
    ax.set_xticklabels([op for op, _ in steps], rotation=35, ha="right", fontsize=8)
    ax.set_yticks([r + 0.42 for r in range(len(items))])
    ax.set_yticklabels([str(i) for i in items])
    ax.tick_params(length=0)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.legend(handles=[Patch(facecolor=c, edgecolor="#999999", label=s)
                       for s, c in _STATE_COLOURS.items() if s != "absent"],
              loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    ax.set_title("Where each item lives after every operation")
    fig.tight_layout()
    return fig


def plot_state_machine(highlight: str | None = None, note: str = "") -> Any:
    """The per-item state machine of ``Typed[T]`` (Add / Get / Done), drawn with arrows.

    ``highlight`` names a state (see :func:`item_state`) drawn with a thick red edge;
    ``note`` is printed under the title (the step-through widget says which item).
    """
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(8.0, 4.2), dpi=STYLE["dpi"])
    pos = {"absent": (0.0, 1.0), "queued": (3.0, 1.0), "processing": (6.0, 1.0),
           "parked": (6.0, -1.0), "queued x2": (3.0, -1.0)}
    names = {"absent": "absent", "queued": "queued\n(queue + dirty)",
             "processing": "processing\n(processing)", "parked": "parked\n(dirty + processing)",
             "queued x2": "two copies\n(misuse of Done)"}
    for state, (x, y) in pos.items():
        hot = state == highlight
        ax.text(x, y, names[state], ha="center", va="center", fontsize=9,
                fontweight="bold" if hot else "normal",
                bbox={"boxstyle": "round,pad=0.5", "facecolor": _STATE_COLOURS[state],
                      "edgecolor": "#CC0000" if hot else "#555555", "linewidth": 3 if hot else 1,
                      "linestyle": "--" if state == "queued x2" and not hot else "-"})

    def arrow(a: str, b: str, label: str, rad: float = 0.0, dashed: bool = False,
              dx: float = 0.0, dy: float = 0.25) -> None:
        (x0, y0), (x1, y1) = pos[a], pos[b]
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                    arrowprops={"arrowstyle": "-|>", "connectionstyle": f"arc3,rad={rad}",
                                "shrinkA": 38, "shrinkB": 38, "color": "#333333",
                                "linestyle": "--" if dashed else "-"})
        ax.text((x0 + x1) / 2 + dx, (y0 + y1) / 2 + dy, label, ha="center", fontsize=8)

    arrow("absent", "queued", "Add\n(push, Signal)", dy=0.12)
    arrow("queued", "processing", "Get\n(pop; leaves dirty)", dy=0.12)
    arrow("processing", "absent", "Done (not re-added)", rad=0.35, dy=0.95)
    arrow("processing", "parked", "Add\n(mark dirty only)", rad=-0.3, dx=0.75, dy=-0.1)
    arrow("parked", "queued", "Done\n(push to tail)", dy=-0.45)
    arrow("queued", "queued x2", "Done without Get\n(misuse)", dashed=True, dx=-0.85, dy=-0.1)
    ax.text(3.0, 1.45, "Add while queued: no-op (Touch)", ha="center", fontsize=8)
    ax.text(7.3, -1.0, "Add while parked:\nno-op", ha="left", va="center", fontsize=8)
    ax.set_xlim(-1.2, 8.6)
    ax.set_ylim(-1.7, 2.3)
    ax.axis("off")
    ax.set_title("One item's life in the basic queue" + (f"\n{note}" if note else ""),
                 fontsize=10 if note else None)
    fig.tight_layout()
    return fig


def plot_delay_timeline(records: Sequence[tuple[Any, float, float, float | None]]) -> Any:
    """One line per ``(item, added_at, ready_at, handed_out_at)``: when each item was
    passed to ``add_after``, when it became ready, and when ``get`` returned it."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 0.35 * len(records) + 1.9), dpi=STYLE["dpi"])
    for row, (_item, added, ready, got) in enumerate(records):
        ax.plot([added, ready], [row, row], color="#56B4E9", linewidth=3, solid_capstyle="butt")
        ax.plot([added], [row], "o", color="#0072B2")
        ax.plot([ready], [row], "|", color="#000000", markersize=14)
        if got is not None:
            if got > ready:
                ax.plot([ready, got], [row, row], color="#E69F00", linewidth=3,
                        solid_capstyle="butt")
            ax.plot([got], [row], "s", color="#D55E00")
        else:
            ax.plot([ready], [row], "x", color="#D55E00", markersize=10)
    ax.set_yticks(range(len(records)))
    ax.set_yticklabels([f"{r[0]}" for r in records])
    ax.set_ylim(len(records) - 0.5, -0.5)
    ax.set_xlabel("FakeClock time (s)")
    from matplotlib.lines import Line2D

    ax.legend(handles=[
        Line2D([], [], marker="o", linestyle="", color="#0072B2", label="add_after called"),
        Line2D([], [], marker="|", linestyle="", color="#000000", markersize=12, label="ready"),
        Line2D([], [], marker="s", linestyle="", color="#D55E00", label="handed out by get"),
        Line2D([], [], color="#E69F00", linewidth=3, label="waiting for a worker"),
    ], fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=4, frameon=False)
    ax.grid(axis="x", alpha=0.3)
    ax.set_title("Delaying queue: added, ready, handed out")
    fig.tight_layout()
    return fig


def _seconds_axis(ax: Any, zero: bool = False) -> None:
    """A log seconds axis; with ``zero``, values drawn at 1e-4 are labelled 0."""
    ax.set_yscale("log")
    ticks = [0.001, 0.01, 0.1, 1, 10, 100, 1000]
    labels = ["1ms", "10ms", "100ms", "1s", "10s", "100s", "1000s"]
    if zero:
        ticks, labels = [1e-4, *ticks], ["0", *labels]
    ax.set_yticks(ticks)
    ax.set_yticklabels(labels)
    ax.minorticks_off()
    ax.grid(alpha=0.3, which="major")


def plot_backoff_curves(curves: Mapping[str, Sequence[float]], title: str = "Backoff per failure",
                        xlabel: str = "failure number n of one item", log: bool = True) -> Any:
    """Step curves of ``when()`` results, one series per limiter (x starts at 1)."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=STYLE["figsize"], dpi=STYLE["dpi"])
    styles = ["-", "--", "-.", ":", (0, (5, 1))]
    for i, (name, ys) in enumerate(curves.items()):
        xs = list(range(1, len(ys) + 1))
        ax.step(xs, [max(y, 1e-4) if log else y for y in ys], where="mid", label=name,
                linestyle=styles[i % len(styles)], linewidth=1.8)
    if log:
        _seconds_axis(ax)
    else:
        ax.set_ylabel("delay (s)")
        ax.grid(alpha=0.3)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.legend(fontsize=8, frameon=False)
    fig.tight_layout()
    return fig


def plot_bucket_debt(times: Sequence[float], delays: Sequence[float], qps: float, burst: int
                     ) -> Any:
    """The token bucket: ``when()`` per call, against the FakeClock time of the call."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=STYLE["figsize"], dpi=STYLE["dpi"])
    xs = list(range(1, len(delays) + 1))
    ax.bar(xs, delays, color="#56B4E9", width=0.8)
    ax.plot(xs, delays, "o", color="#0072B2", markersize=3)
    ax.set_xlabel("call number (a dotted line marks the FakeClock time of the calls after it)")
    ax.set_ylabel("when() (s)")
    ax.set_title(f"BucketRateLimiter(qps={qps:g}, burst={burst}): debt grows by 1/qps per call")
    changes = [i for i in range(len(times)) if i == 0 or times[i] != times[i - 1]]
    for i in changes:
        ax.axvline(xs[i] - 0.5, color="#999999", linestyle=":", linewidth=1)
        ax.text(xs[i] - 0.4, max(delays) * 0.95 if max(delays) > 0 else 1, f"t={times[i]:g}s",
                fontsize=8, va="top")
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return fig


# ------------------------------------------------------------------------ limiter explorer

#: Default controller limiter settings (DefaultTypedControllerRateLimiter).
LIMITER_DEFAULTS = {"base": 0.005, "max_delay": 1000.0, "qps": 10.0, "burst": 100}


def limiter_curves(base: float, max_delay: float, qps: float, burst: int, failures: int = 30,
                   calls: int = 300) -> dict[str, list[float]]:
    """Curves for the explorer, computed with ``k8slearn.workqueue`` limiters.

    ``exponential``: one item failing ``failures`` times.  ``bucket``: ``calls``
    back-to-back ``when()`` calls at one instant (FakeClock).  ``max_of``: the same
    calls on a MaxOf(exponential, bucket), each for a *different* item, which is
    what a controller sees when many objects fail at once.
    """
    from k8slearn.clock import FakeClock
    from k8slearn.workqueue import (
        BucketRateLimiter,
        ItemExponentialFailureRateLimiter,
        MaxOfRateLimiter,
    )

    exp = ItemExponentialFailureRateLimiter(base, max_delay)
    bucket = BucketRateLimiter(qps, burst, clock=FakeClock())
    combined = MaxOfRateLimiter(ItemExponentialFailureRateLimiter(base, max_delay),
                                BucketRateLimiter(qps, burst, clock=FakeClock()))
    return {
        "exponential": [exp.when("item") for _ in range(failures)],
        "bucket": [bucket.when(f"item-{i}") for i in range(calls)],
        "max_of": [combined.when(f"item-{i}") for i in range(calls)],
    }


def plot_limiter_curves(base: float = 0.005, max_delay: float = 1000.0, qps: float = 10.0,
                        burst: int = 100) -> Any:
    """Two panels: one item's exponential backoff, and many items through MaxOf(exp, bucket)."""
    plt = pyplot()
    c = limiter_curves(base, max_delay, qps, burst)
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.0, 3.3), dpi=STYLE["dpi"])
    xs = list(range(1, len(c["exponential"]) + 1))
    left.step(xs, c["exponential"], where="mid", color="#0072B2")
    _seconds_axis(left)
    left.set_xlabel("failure number n of one item")
    left.set_title(f"exponential: base {base:g}s, max {max_delay:g}s", fontsize=9)
    xs = list(range(1, len(c["bucket"]) + 1))
    right.plot(xs, [max(y, 1e-4) for y in c["max_of"]], color="#D55E00", label="MaxOf(exp, bucket)")
    right.plot(xs, [max(y, 1e-4) for y in c["bucket"]], color="#56B4E9", linestyle="--",
               label="bucket alone")
    _seconds_axis(right, zero=True)
    right.set_xlabel("distinct items failing at the same instant")
    right.set_title(f"bucket: {qps:g} qps, burst {burst}", fontsize=9)
    right.legend(fontsize=8, frameon=False, loc="upper left")
    fig.tight_layout()
    return fig


def limiter_explorer(draw: Callable[..., Any] = plot_limiter_curves) -> Any:
    """Sliders for base, max, qps and burst that redraw ``plot_limiter_curves``.

    The picture is placed in an ``Output`` widget's state (``append_display_data``)
    instead of being printed while the cell runs.  So the cell's own output is
    only the widget's short text form, which is the same on every run, and the
    figure still shows (and redraws) in JupyterLab.
    """
    import ipywidgets as w
    from IPython.display import Image

    d = LIMITER_DEFAULTS
    style = {"description_width": "70px"}
    layout = w.Layout(width="420px")
    sliders = {
        "base": w.FloatLogSlider(value=d["base"], base=10, min=-4, max=0, step=0.1,
                                 description="base (s)", style=style, layout=layout,
                                 readout_format=".4f", continuous_update=False),
        "max_delay": w.FloatLogSlider(value=d["max_delay"], base=10, min=-1, max=4, step=0.1,
                                      description="max (s)", style=style, layout=layout,
                                      readout_format=".1f", continuous_update=False),
        "qps": w.FloatSlider(value=d["qps"], min=0.5, max=100, step=0.5, description="qps",
                             style=style, layout=layout, continuous_update=False),
        "burst": w.IntSlider(value=d["burst"], min=1, max=300, step=1, description="burst",
                             style=style, layout=layout, continuous_update=False),
    }
    out = w.Output()

    def redraw(_change: Any = None) -> None:
        png = _figure_png(draw(**{k: s.value for k, s in sliders.items()}))
        out.outputs = ()
        out.append_display_data(Image(data=png, format="png"))

    for s in sliders.values():
        s.observe(redraw, names="value")
    redraw()
    return _explorer_class()(children=[*sliders.values(), out])


@functools.cache
def _explorer_class() -> Any:
    """The widget class, built on first use so that ipywidgets is imported lazily."""
    import ipywidgets as w

    class LimiterExplorer(w.VBox):
        """A VBox whose text form names the sliders' values (short and stable)."""

        def __repr__(self) -> str:
            vals = ", ".join(f"{c.description.split(' ')[0]}={c.value:g}"
                             for c in self.children if hasattr(c, "description"))
            return f"LimiterExplorer({vals})"

    return LimiterExplorer
