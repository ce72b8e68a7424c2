"""The controller notebooks' figures render, and their fixes hold (issue 12 item 8)."""

from __future__ import annotations

import pytest

pytest.importorskip("matplotlib")

from k8slearn.viz import controller as cviz  # noqa: E402
from k8slearn.viz import figure_png  # noqa: E402


def test_event_walk_lists_texts_below_the_chart_not_on_the_markers():
    log = [(0.0, "apiserver", "stored"), (0.001, "reflector", "watch ADDED"),
           (0.001, "indexer", "written")]
    fig = cviz.plot_event_walk(log)
    texts = [t.get_text() for t in fig.texts]
    assert texts == [" 1. t=0 ms  apiserver: stored", " 2. t=1 ms  reflector: watch ADDED",
                     " 3. t=1 ms  indexer: written"]
    assert figure_png(fig).startswith(b"\x89PNG")


def test_deletion_ranking_legend_lists_only_present_states():
    rows = [{"label": "a", "state": "not ready", "deleted": True},
            {"label": "b", "state": "ready (older)", "deleted": False}]
    fig = cviz.plot_deletion_ranking(rows)
    legend = fig.axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["not ready", "ready (older)"]


def test_cache_lag_and_retry_timeline_render():
    fig = cviz.plot_cache_lag({"off": [(0, 5, 0), (1, 10, 0), (2, 5, 10)],
                               "on": [(0, 5, 0), (1, 5, 5)]})
    assert len(fig.axes) == 2
    fig = cviz.plot_retry_timeline([(0.0, False), (0.005, True)])
    assert "5 ms x 2^(n-1)" in fig.axes[0].get_title()
    assert figure_png(fig).startswith(b"\x89PNG")
