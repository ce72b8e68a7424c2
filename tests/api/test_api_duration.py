"""HumanDuration, ported from apimachinery's pkg/util/duration/duration_test.go."""

from __future__ import annotations

import pytest

from k8slearn.api.duration import human_duration

H = 3600


@pytest.mark.parametrize(("seconds", "want"), [
    (1, "1s"), (70, "70s"), (190, "3m10s"), (70 * 60, "70m"), (47 * H, "47h"),
    (49 * H, "2d1h"), ((8 * 24 + 2) * H, "8d"), (367 * 24 * H, "367d"),
    ((365 * 2 * 24 + 25) * H, "2y1d"), ((365 * 8 * 24 + 2) * H, "8y"),
    (600, "10m"), (3 * H + 20 * 60, "3h20m"), (8 * H, "8h"), (48 * H, "2d"),
    (0, "0s"), (-1, "0s"), (-2, "<invalid>"),
])
def test_human_duration(seconds, want):
    assert human_duration(seconds) == want
