"""Chapter 00's knowledge-map figure and its checked exercises."""

from __future__ import annotations

import pytest

from k8slearn import course
from k8slearn.exercises import check
from k8slearn.viz import start_here as viz


def test_knowledge_map_draws_every_area_with_its_coverage() -> None:
    fig = viz.plot_knowledge_map()
    try:
        (ax,) = fig.axes
        texts = [t.get_text() for t in ax.texts]
        for area in course.KNOWLEDGE_AREAS:
            assert area.title in texts
        assert "chapters 01-03" in texts  # networking: pod IPAM in 02
        wq, ctl = course.chapter("workqueue").numbers, course.chapter("controller").numbers
        assert "chapter 20" in texts and f"chapters {wq}, {ctl}" in texts
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels == [f"{k} by this course" for k in viz.COVERAGE_COLOURS]
        fills = {p.get_facecolor()[:3] for p in ax.patches}
        used = {a.coverage for a in course.KNOWLEDGE_AREAS}
        assert len(fills) == len(used) + 1  # the coverage levels in use plus the expert
    finally:
        viz.pyplot().close(fig)


def test_knowledge_map_image_is_a_png_and_closes_the_figure() -> None:
    plt = viz.pyplot()
    before = len(plt.get_fignums())
    img = viz.knowledge_map_image()
    assert img.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(plt.get_fignums()) == before


LE = "rest/config.go"
LE_STAGING = "staging/src/k8s.io/client-go/" + LE


@pytest.mark.parametrize(
    "key, answer, correct, hint",
    [
        ("start_here.client_go_path", LE_STAGING,
         True, "staging"),
        ("start_here.client_go_path", "./" + LE_STAGING,
         True, "staging"),
        ("start_here.client_go_path", LE, False, "published client-go"),
        ("start_here.client_go_path", "vendor/k8s.io/client-go/" + LE, False,
         "vendor/"),
        ("start_here.client_go_path", "pkg/client/restclient/config.go", False, "pkg/"),
        ("start_here.docker_node_adapter", "cri-dockerd", True, "CRI calls"),
        ("start_here.docker_node_adapter", "CRI-Dockerd ", True, "CRI calls"),
        ("start_here.docker_node_adapter", "dockershim", False, "removed"),
        ("start_here.docker_node_adapter", "containerd", False, "docker://"),
        ("start_here.docker_node_adapter", "kube-proxy", False, "adapter"),
    ],
)
def test_exercise_feedback(key: str, answer: object, correct: bool, hint: str) -> None:
    result = check(key, answer)
    assert result.correct is correct
    assert hint in result.message
    if not correct:
        assert LE_STAGING not in result.message
        assert "cri-dockerd" not in result.message.lower()
