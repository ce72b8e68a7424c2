"""The examples in the workqueue modules' docstrings run and print what they claim."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "k8slearn.workqueue.queue",
    "k8slearn.workqueue.delaying_queue",
    "k8slearn.workqueue.rate_limiting_queue",
    "k8slearn.workqueue.default_rate_limiters",
    "k8slearn.workqueue.rate",
    "k8slearn.workqueue.metrics",
    "k8slearn.workqueue.parallelizer",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize("name", MODULES + ["k8slearn.workqueue",
                                            "k8slearn.metrics.prometheus.workqueue"])
def test_module_docstring_names_upstream(name):
    doc = importlib.import_module(name).__doc__
    assert any(line.startswith("Upstream: ") and " @ " in line for line in doc.splitlines())
