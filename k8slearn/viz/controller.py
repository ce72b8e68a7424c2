"""Plots for the controller-pattern notebook (13).

Upstream: none (course tooling)
"""

from __future__ import annotations

from typing import Any

from k8slearn.viz import STYLE, image

__all__ = [
    "image",
    "plot_event_walk",
    "plot_retry_timeline",
    "plot_slow_start",
    "plot_deletion_ranking",
]


def _figure(width: float, height: float, **margins: float) -> tuple[Any, Any]:
    """A bare ``matplotlib.figure.Figure`` with one axes and fixed margins.

    No pyplot figure manager and no ``tight_layout`` (which draws the whole figure once
    just to measure it): each figure is drawn exactly once, by ``image``.
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=STYLE["dpi"])
    fig.subplots_adjust(**{"left": 0.06, "right": 0.98, "bottom": 0.2, "top": 0.88, **margins})
    return fig, fig.add_subplot()


def plot_event_walk(log: list[tuple[float, str, str]]) -> Any:
    """One row per pipeline stage, one marker per log entry at its fake-clock time (ms)."""
    stages: list[str] = []
    for _, stage, _ in log:
        if stage not in stages:
            stages.append(stage)
    fig, ax = _figure(STYLE["figsize"][0], 0.45 * len(stages) + 1.0, left=0.12, bottom=0.14,
                      top=0.9)
    t0 = log[0][0] if log else 0.0
    xmax = (log[-1][0] - t0) * 1000 if log else 1.0
    per_row: dict[str, int] = {}
    for i, (t, stage, text) in enumerate(log):
        y = len(stages) - 1 - stages.index(stage)
        x = (t - t0) * 1000
        ax.plot(x, y, "o", color="tab:blue")
        right = x > 0.5 * xmax
        nth = per_row.get(stage, 0)
        per_row[stage] = nth + 1
        ax.annotate(text, (x, y), xytext=(-6 if right else 6, 4 - 13 * (nth % 2)),
                    textcoords="offset points", fontsize=7, ha="right" if right else "left")
        if i:
            pt, ps, _ = log[i - 1]
            ax.annotate("", (x, y), ((pt - t0) * 1000, len(stages) - 1 - stages.index(ps)),
                        arrowprops={"arrowstyle": "->", "color": "0.6"})
    ax.set_yticks(range(len(stages)), list(reversed(stages)))
    ax.set_xlabel("fake clock (ms since the API write)")
    ax.set_xlim(-0.5, xmax + 0.5)
    ax.set_ylim(-0.5, len(stages) - 0.3)
    ax.set_title("One pod, from the API server to a reconcile")
    return fig


def plot_retry_timeline(attempts: list[tuple[float, bool]]) -> Any:
    """Each attempt at its time: red x for a failure, green dot for success; delays annotated."""
    fig, ax = _figure(*STYLE["figsize"], left=0.03, bottom=0.16)
    t0 = attempts[0][0] if attempts else 0.0
    xs = [(t - t0) * 1000 for t, _ in attempts]
    for i, ((_, ok), x) in enumerate(zip(attempts, xs, strict=True)):
        same = sum(1 for prev in xs[:i] if prev == x)
        ax.plot(x, 0, "o" if ok else "x", color="tab:green" if ok else "tab:red", ms=9)
        ax.annotate(f"#{i + 1}", (x, 0), xytext=(0, 8 + 10 * same), textcoords="offset points",
                    ha="center", fontsize=8)
        if i and x != xs[i - 1]:
            gap = x - xs[i - 1]
            ax.annotate(f"+{gap:g} ms", ((x + xs[i - 1]) / 2, 0), xytext=(0, -16),
                        textcoords="offset points", ha="center", fontsize=7, color="0.4")
    ax.set_yticks([])
    ax.set_xscale("symlog", linthresh=10)
    ax.set_xlabel("fake clock (ms since the first attempt, symlog)")
    ax.set_title("A flaky reconcile retried with add_rate_limited (5 ms x 2^n)")
    return fig


def plot_slow_start(batches: list[int]) -> Any:
    """Bar per slow-start batch with the running total."""
    fig, ax = _figure(*STYLE["figsize"], left=0.09, bottom=0.1)
    total = 0
    for i, b in enumerate(batches):
        ax.bar(i, b, color="tab:blue")
        total += b
        ax.annotate(f"{b}\n(total {total})", (i, b), xytext=(0, 3), textcoords="offset points",
                    ha="center", fontsize=8)
    ax.set_xticks(range(len(batches)), [f"batch {i + 1}" for i in range(len(batches))])
    ax.set_ylabel("pods created concurrently")
    ax.set_ylim(0, max(batches or [1]) * 1.4)
    ax.set_title("slowStartBatch: 1, 2, 4, 8, ... until the count is reached")
    return fig


def plot_deletion_ranking(rows: list[dict]) -> Any:
    """Pods in deletion order (left = deleted first); colour = state, X = deleted."""
    from matplotlib.patches import Rectangle

    colours = {"unscheduled": "tab:gray", "not ready": "tab:orange",
               "ready (recent)": "tab:cyan", "ready (older)": "tab:green"}
    fig, ax = _figure(STYLE["figsize"][0], 3.0, left=0.02, bottom=0.12)
    for i, r in enumerate(rows):
        ax.bar(i, 1, color=colours.get(r["state"], "tab:blue"), edgecolor="white")
        if r["deleted"]:
            ax.plot(i, 0.5, "x", color="black", ms=8)
        ax.text(i, 1.05, r["label"], rotation=90, ha="center", va="bottom", fontsize=6)
    handles = [Rectangle((0, 0), 1, 1, color=c) for c in colours.values()]
    ax.legend(handles, list(colours), loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=4,
              fontsize=7, frameon=False)
    ax.set_ylim(0, 2.4)
    ax.set_yticks([])
    ax.set_xticks([])
    ax.set_title("Scale-down ranking: left goes first (X = deleted)")
    return fig
