"""The HPA widgets: results from the model, short stable text forms, readable labels."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")
pytest.importorskip("matplotlib")

from k8slearn.viz.hpa_widgets import (  # noqa: E402
    PRESETS,
    _stabilize_at,
    rebalance_view,
    rebalance_widget,
    stabilization_widget,
)


@pytest.mark.parametrize("name,result", [
    ("ScaleUpUnreadyLessScale", 4), ("MissingMetrics", 3), ("MissingMetricsNoChangeGt", 2),
    ("MissingMetricsUnreadyScaleUp", 4), ("DuringRollingUpdateWithMaxSurge", 2),
    ("ScaleUpIgnoresDeletionPods", 4),
])
def test_presets_give_upstreams_expectations(name, result):
    _, text = rebalance_view(*PRESETS[name])
    assert text.endswith(f"result {result} (current {PRESETS[name][1]})")


def test_guards_are_named():
    assert "within tolerance" in rebalance_view(*PRESETS["MissingMetricsNoChangeGt"])[1]
    assert "move against the ratio" in rebalance_view(
        *PRESETS["DuringRollingUpdateWithMaxSurge"])[1]
    _, text = rebalance_view(50, 2, [("unready", 100, 1000), ("missing", 0, 1000)])
    assert text.startswith("The calculation fails: did not receive metrics for targeted pods")


def test_widgets_have_short_text_forms_and_follow_their_controls():
    w = rebalance_widget("MissingMetrics")
    assert repr(w) == "RebalanceWidget(preset=MissingMetrics, target %=100)"
    assert w.result.endswith("result 3 (current 4)")
    w.children[0].value = "ScaleUpUnreadyLessScale"
    assert w.result.endswith("result 4 (current 3)")
    recs = [(0, 5), (60, 2), (120, 2)]
    s = stabilization_widget(recs, down_window=300, current=5)
    assert repr(s) == ("StabilizationTimeline(now (s)=120.0, scale-up window (s)=0, "
                       "scale-down window (s)=300)")
    assert s.result == 5
    s.children[2].value = 60  # a 60 s scale-down window: the 5 at t=0 has left it
    assert s.result == 2


def test_stabilize_at_matches_the_controller():
    from k8slearn.podautoscaler.normalization import (
        NormalizationArg,
        TimestampedRecommendation,
        stabilize_recommendation_with_behaviors,
    )
    from k8slearn.podautoscaler.workbench import make_rules

    recs = [(0, 9), (100, 4), (200, 7), (290, 3)]
    for up, down in ((0, 300), (120, 120), (300, 0)):
        history = [TimestampedRecommendation(v, t) for t, v in recs[:-1]]
        arg = NormalizationArg("k", make_rules([], window=up), make_rules([], window=down),
                               1, 100, 5, recs[-1][1])
        got, _, _ = stabilize_recommendation_with_behaviors(history, arg, 290.0)
        assert _stabilize_at(recs, 290.0, up, down, 5)[2] == got


def test_tuning_panel_labels_are_not_cut():
    from k8slearn.viz.hpa import tuning_panel

    panel = tuning_panel(lambda *a: [])
    sliders = [c for c in panel.children if hasattr(c, "description")]
    assert [s.description for s in sliders] == ["target %", "scale-down window (s)",
                                                "scale-down % per 15 s", "scale-up % per 15 s"]
    assert all(s.style.description_width == "170px" for s in sliders)
    assert repr(panel) == ("TuningPanel(target %=50, scale-down window (s)=300, "
                           "scale-down % per 15 s=100, scale-up % per 15 s=100)")
