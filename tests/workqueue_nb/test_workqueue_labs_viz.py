"""The step-through widget's logic and the labs' figures (issue 12)."""

from __future__ import annotations

import pytest

from k8slearn.viz.workqueue_labs import Stepper


def test_stepper_walks_the_state_machine():
    s = Stepper()
    assert s.press("get") == "get() would block: the FIFO is empty (a worker waits on cond)"
    s.press("add", "a")
    assert s.state("a") == "queued"
    assert s.press("get") == "get() -> a" and s.state("a") == "processing"
    s.press("add", "a")
    assert s.state("a") == "parked"
    s.press("done", "a")
    assert s.state("a") == "queued"
    s.press("done", "a")  # misuse: done without get
    assert s.state("a") == "queued x2"
    s.press("shut_down")
    assert s.press("add", "b") == "add(b)  (ignored: shutting down)"
    s.press("get")
    s.press("get")
    assert s.press("get") == "get() -> (None, True): shut down and drained"
    assert repr(s) == ("QueueStepper(queue=[]  dirty={}  processing={a}  len=0  "
                       "(shutting down))")
    with pytest.raises(ValueError, match="unknown operation"):
        s.press("pop")


def test_a_queued_copy_of_a_held_item_is_not_shown_as_plain_queued():
    # done without get leaves two copies; get one and the other still waits in the FIFO
    # while a worker holds the item: a second worker could get it (not the "queued" state).
    s = Stepper()
    s.press("add", "a")
    s.press("done", "a")
    s.press("get")
    assert s.q.snapshot().queue == ("a",) and s.q.snapshot().processing == {"a"}
    assert s.state("a") == "queued x2"
    s.press("get")
    assert s.state("a") == "processing"


def test_widget_text_form_is_short_and_buttons_work():
    pytest.importorskip("ipywidgets")
    from k8slearn.viz.workqueue_labs import queue_stepper

    box = queue_stepper()
    assert repr(box) == "QueueStepper(queue=[]  dirty={}  processing={}  len=0)"
    add = box.children[1].children[0]
    add.click()
    assert repr(box).startswith("QueueStepper(queue=[a]")
    assert "add(a)" in box.children[3].value


def test_figures_render():
    pytest.importorskip("matplotlib")
    from k8slearn.viz import figure_png
    from k8slearn.viz.workqueue import plot_state_machine
    from k8slearn.viz.workqueue_labs import plot_add_comparison, plot_outage
    from k8slearn.workqueue.scenarios import add_vs_add_rate_limited, outage

    for fig in (plot_state_machine("parked", "item a is parked"),
                plot_add_comparison(add_vs_add_rate_limited(200)),
                plot_outage([outage(keys=50, outage_seconds=5.0)])):
        assert figure_png(fig).startswith(b"\x89PNG")
