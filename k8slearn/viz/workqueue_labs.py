"""The workqueue labs' pictures: a step-through widget, add vs add_rate_limited, an outage.

* :func:`queue_stepper` - buttons for Add / Get / Done / Shut down on a real
  :class:`~k8slearn.workqueue.Queue`; the three collections are shown live and
  the chosen item's state is highlighted on the state-machine figure.  The
  logic lives in :class:`Stepper` (no widgets), so it is tested directly.
* :func:`plot_add_comparison` - when 1,000 keys are handed out after ``add``
  and after ``add_rate_limited``.
* :func:`plot_outage` - retries per second and the recovery time of
  :func:`k8slearn.workqueue.scenarios.outage` runs.

Imports of matplotlib and ipywidgets happen inside the functions.

Upstream: none (course tooling)
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from k8slearn.viz import STYLE, pyplot
from k8slearn.viz import figure_png as _figure_png
from k8slearn.viz.workqueue import item_state, plot_state_machine
from k8slearn.workqueue import Queue

__all__ = ["Stepper", "queue_stepper", "plot_add_comparison", "plot_outage"]


def _fmt(items: Any, ordered: bool) -> str:
    vals = [str(x) for x in items] if ordered else sorted(str(x) for x in items)
    return ("[" if ordered else "{") + ", ".join(vals) + ("]" if ordered else "}")


class Stepper:
    """A basic queue driven one call at a time, with a log of what each call did."""

    def __init__(self, items: Sequence[str] = ("a", "b", "c")) -> None:
        self.items = tuple(items)
        self.q = Queue()
        self.log: list[str] = []

    def press(self, op: str, item: str = "a") -> str:
        """Run ``op`` ("add", "get", "done", "shut_down") and return the log line."""
        q = self.q
        if op == "add":
            q.add(item)
            line = f"add({item})" + ("  (ignored: shutting down)" if q.shutting_down() else "")
        elif op == "get":
            if not len(q) and not q.shutting_down():
                line = "get() would block: the FIFO is empty (a worker waits on cond)"
            else:
                got, shutdown = q.get()
                line = "get() -> (None, True): shut down and drained" if shutdown else \
                    f"get() -> {got}"
        elif op == "done":
            q.done(item)
            line = f"done({item})"
        elif op == "shut_down":
            q.shut_down()
            line = "shut_down()"
        else:
            raise ValueError(f"unknown operation {op!r}: use add, get, done or shut_down")
        self.log.append(line)
        return line

    def state(self, item: str) -> str:
        return item_state(self.q.snapshot(), item)

    def collections(self) -> str:
        s = self.q.snapshot()
        return (f"queue={_fmt(s.queue, True)}  dirty={_fmt(s.dirty, False)}  "
                f"processing={_fmt(s.processing, False)}  len={len(s.queue)}"
                + ("  (shutting down)" if self.q.shutting_down() else ""))

    def __repr__(self) -> str:
        return f"QueueStepper({self.collections()})"


def queue_stepper(items: Sequence[str] = ("a", "b", "c")) -> Any:
    """The widget: an item picker, four buttons, the collections, the log and the figure.

    Its text form (what a notebook stores) is the short ``QueueStepper(queue=[] ...)``.
    """
    import ipywidgets as w
    from IPython.display import Image

    stepper = Stepper(items)
    pick = w.ToggleButtons(options=list(stepper.items), description="item",
                           style={"button_width": "48px"})
    buttons = {op: w.Button(description=label, layout=w.Layout(width="110px"))
               for op, label in [("add", "Add"), ("get", "Get"), ("done", "Done"),
                                 ("shut_down", "Shut down")]}
    status = w.HTML()
    log = w.Textarea(layout=w.Layout(width="560px", height="110px"), disabled=True)
    fig = w.Output()

    def refresh() -> None:
        item = pick.value
        status.value = f"<code>{stepper.collections()}</code>"
        log.value = "\n".join(stepper.log[-6:])
        png = _figure_png(plot_state_machine(
            highlight=stepper.state(item), note=f"item {item} is {stepper.state(item)}"))
        fig.outputs = ()
        fig.append_display_data(Image(data=png, format="png"))

    def handler(op: str) -> Any:
        def run(_button: Any) -> None:
            stepper.press(op, pick.value)
            refresh()
        return run

    for op, b in buttons.items():
        b.on_click(handler(op))
    pick.observe(lambda _c: refresh(), names="value")
    refresh()
    box = _stepper_class()(children=[pick, w.HBox(list(buttons.values())), status, log, fig])
    box.stepper = stepper
    return box


@functools.cache
def _stepper_class() -> Any:
    import ipywidgets as w

    class QueueStepper(w.VBox):
        """A VBox whose text form is the queue's three collections (short and stable)."""

        def __repr__(self) -> str:
            return repr(self.stepper)

    return QueueStepper


def plot_add_comparison(cmp: Any) -> Any:
    """Cumulative keys handed out over time: ``add`` vs ``add_rate_limited``."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=STYLE["figsize"], dpi=STYLE["dpi"])
    for times, label, colour in [(cmp.add_times, f"{cmp.n} x add", "#0072B2"),
                                 (cmp.rate_limited_times, f"{cmp.n} x add_rate_limited",
                                  "#D55E00")]:
        xs = sorted(times)
        ax.step([0.0, *xs], [0, *range(1, len(xs) + 1)], where="post", label=label, color=colour)
    ax.set_xlabel("time (s, fake clock)")
    ax.set_ylabel("keys handed out to workers")
    ax.set_title("The limiter delays re-adds; it never paces the workers")
    ax.legend(frameon=False, loc="lower right")
    fig.tight_layout()
    return fig


def plot_outage(results: Sequence[Any]) -> Any:
    """Retries per second for each outage run, with the outage and each recovery marked."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 3.4), dpi=STYLE["dpi"])
    colours = ["#D55E00", "#0072B2", "#009E73", "#CC79A7"]
    end = max(r.recovered_at for r in results) + 5
    for r, colour in zip(results, colours, strict=False):
        per = r.retries_per_second(end)
        ax.step(range(len(per)), per, where="post", color=colour,
                label=f"{r.label}: recovered at {r.recovered_at:.0f} s")
        ax.axvline(r.recovered_at, color=colour, linestyle=":", linewidth=1)
    outage_s = results[0].outage_seconds
    ax.axvspan(0, outage_s, color="#999999", alpha=0.15, label=f"outage (0-{outage_s:.0f} s)")
    ax.set_yscale("log")
    ax.set_xlabel("time (s, fake clock)")
    ax.set_ylabel("syncs per second (log)")
    ax.set_title(f"{results[0].keys} keys fail at once")
    ax.legend(frameon=False, fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig
