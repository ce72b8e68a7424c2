"""Plots for the informers and ReplicaSet controller notebooks (13 and 14).

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
    "plot_cache_lag",
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
    """One row per pipeline stage, a numbered marker per log entry at its fake-clock time (ms).

    The entries' texts are listed under the chart, numbered like the markers, so no label
    ever sits on a marker or an arrow.
    """
    stages: list[str] = []
    for _, stage, _ in log:
        if stage not in stages:
            stages.append(stage)
    rows = len(stages)
    height = 0.42 * rows + 0.24 * len(log) + 1.3
    fig, ax = _figure(STYLE["figsize"][0] + 0.5, height, left=0.14, right=0.97,
                      bottom=(0.24 * len(log) + 0.55) / height, top=1 - 0.45 / height)
    t0 = log[0][0] if log else 0.0
    xmax = (log[-1][0] - t0) * 1000 if log else 1.0
    for i, (t, stage, _) in enumerate(log):
        y = rows - 1 - stages.index(stage)
        x = (t - t0) * 1000
        if i:
            pt, ps, _ = log[i - 1]
            ax.annotate("", (x, y), ((pt - t0) * 1000, rows - 1 - stages.index(ps)),
                        arrowprops={"arrowstyle": "->", "color": "0.7", "shrinkA": 7,
                                    "shrinkB": 7})
        ax.plot(x, y, "o", color="tab:blue", ms=13, zorder=3)
        ax.text(x, y, str(i + 1), color="white", ha="center", va="center", fontsize=7,
                fontweight="bold", zorder=4)
    ax.set_yticks(range(rows), list(reversed(stages)))
    ax.set_xlabel("fake clock (ms since the API write)")
    ax.set_xlim(-0.5, xmax + 0.5)
    ax.set_ylim(-0.6, rows - 0.4)
    ax.set_title("One pod, from the API server to a reconcile")
    for i, (t, stage, text) in enumerate(log):
        fig.text(0.02, (0.24 * (len(log) - i) - 0.05) / height,
                 f"{i + 1:>2}. t={(t - t0) * 1000:.0f} ms  {stage}: {text}", fontsize=7.5,
                 family="monospace", va="bottom")
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
    ax.set_title("A flaky reconcile retried with add_rate_limited (n-th failure: 5 ms x 2^(n-1))")
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
    """Pods in deletion order (left = deleted first); colour = state, X = deleted.

    The legend lists only the states that occur.
    """
    from matplotlib.patches import Rectangle

    colours = {"unscheduled": "tab:gray", "not ready": "tab:orange",
               "ready (recent)": "tab:cyan", "ready (older)": "tab:green"}
    fig, ax = _figure(STYLE["figsize"][0] + 1.0, 4.2, left=0.02, right=0.99, bottom=0.1,
                      top=0.92)
    for i, r in enumerate(rows):
        ax.bar(i, 1, color=colours.get(r["state"], "tab:blue"), edgecolor="white")
        if r["deleted"]:
            ax.plot(i, 0.5, "x", color="black", ms=9, mew=2)
        ax.text(i, 1.04, r["label"], rotation=90, ha="center", va="bottom", fontsize=8.5)
    present = [s for s in colours if any(r["state"] == s for r in rows)]
    handles = [Rectangle((0, 0), 1, 1, color=colours[s]) for s in present]
    ax.legend(handles, present, loc="upper center", bbox_to_anchor=(0.5, -0.01),
              ncol=max(1, len(present)), fontsize=8.5, frameon=False)
    ax.set_ylim(0, 2.7)
    ax.set_xlim(-0.7, len(rows) - 0.3)
    ax.set_yticks([])
    ax.set_xticks([])
    ax.set_title("Scale-down ranking: left goes first (X = deleted)")
    return fig


def plot_cache_lag(runs: dict[str, list[tuple[int, int, int]]]) -> Any:
    """Per run, per round: pods in the API server vs pods in the informer cache.

    ``runs`` maps a label to ``(round, pods in the API server, pods in the cache)`` rows.
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(STYLE["figsize"][0], 1.9 * len(runs) + 0.6), dpi=STYLE["dpi"])
    fig.subplots_adjust(left=0.09, right=0.98, bottom=0.55 / (1.9 * len(runs) + 0.6) + 0.05,
                        top=0.92, hspace=0.55)
    axes = fig.subplots(len(runs), 1, sharex=True, squeeze=False)[:, 0]
    top = max(max(api, cache) for rows in runs.values() for _, api, cache in rows) + 1
    for ax, (label, rows) in zip(axes, runs.items(), strict=True):
        xs = [r for r, _, _ in rows]
        ax.step(xs, [a for _, a, _ in rows], where="post", color="tab:red",
                label="pods in the API server")
        ax.step(xs, [c for _, _, c in rows], where="post", color="tab:blue", linestyle="--",
                label="pods in the informer cache")
        ax.set_ylim(0, top)
        ax.set_ylabel("pods")
        ax.set_title(label, fontsize=9)
    axes[0].legend(fontsize=8, frameon=False, loc="upper left", ncol=2)
    axes[-1].set_xlabel("driver round (the pod informer is pumped every few rounds)")
    return fig
