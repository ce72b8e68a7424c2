"""metav1.Time / metav1.Duration wire formats with Go's error sentences (time/format.go)."""

from __future__ import annotations

import calendar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from k8slearn.api.serialization import _go_json_number
from k8slearn.api.times import format_duration, format_time, parse_duration, parse_time

LAYOUT = '"2006-01-02T15:04:05Z07:00"'


@pytest.mark.parametrize("text,expected", [
    ("2026-04-22T09:14:03Z", calendar.timegm((2026, 4, 22, 9, 14, 3, 0, 0, 0))),
    ("1970-01-01T00:00:00Z", 0),
    ("2026-04-22T11:14:03+02:00", calendar.timegm((2026, 4, 22, 9, 14, 3, 0, 0, 0))),
    ("2026-04-22T09:14:03.25Z", calendar.timegm((2026, 4, 22, 9, 14, 3, 0, 0, 0)) + 0.25),
    ("2024-02-29T00:00:00Z", calendar.timegm((2024, 2, 29, 0, 0, 0, 0, 0, 0))),
    ("1969-12-31T23:59:59Z", -1),
])
def test_parse_time(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text,message", [
    ("yesterday", f'parsing time "yesterday" as {LAYOUT}: cannot parse "yesterday" as "2006"'),
    ("2026-4-22T09:14:03Z",
     f'parsing time "2026-4-22T09:14:03Z" as {LAYOUT}: cannot parse "4-22T09:14:03Z" as "01"'),
    ("2026-04-22 09:14:03Z",
     f'parsing time "2026-04-22 09:14:03Z" as {LAYOUT}: cannot parse " 09:14:03Z" as "T"'),
    ("2026-04-22T09:14:03",
     f'parsing time "2026-04-22T09:14:03" as {LAYOUT}: cannot parse "" as "Z07:00"'),
    ("2026-13-01T00:00:00Z", 'parsing time "2026-13-01T00:00:00Z": month out of range'),
    ("2025-02-29T00:00:00Z", 'parsing time "2025-02-29T00:00:00Z": day out of range'),
    ("2026-04-22T24:00:00Z", 'parsing time "2026-04-22T24:00:00Z": hour out of range'),
    ("2026-04-22T09:60:00Z", 'parsing time "2026-04-22T09:60:00Z": minute out of range'),
    ("2026-04-22T09:14:03Zjunk", 'parsing time "2026-04-22T09:14:03Zjunk": extra text: "junk"'),
])
def test_parse_time_errors(text, message):
    with pytest.raises(ValueError) as exc:
        parse_time(text)
    assert str(exc.value) == message


@given(st.integers(-(10**10), 10**10))
def test_time_round_trip(ts):
    assert parse_time(format_time(ts)) == ts


@pytest.mark.parametrize("text,seconds", [
    ("30s", 30), ("1m0s", 60), ("20.131s", 20.131), ("1h2m3.5s", 3723.5), ("-1.5h", -5400),
    ("0", 0), (".5s", 0.5), ("1.s", 1), ("500ms", 0.5), ("1500us", 0.0015), ("2\u00b5s", 2e-6),
    ("+3m", 180),
])
def test_parse_duration(text, seconds):
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text,message", [
    ("", 'time: invalid duration ""'), (".s", 'time: invalid duration ".s"'),
    ("x", 'time: invalid duration "x"'), ("1", 'time: missing unit in duration "1"'),
    ("3d", 'time: unknown unit "d" in duration "3d"'),
    ("99999999999999999999h", 'time: invalid duration "99999999999999999999h"'),
])
def test_parse_duration_errors(text, message):
    with pytest.raises(ValueError) as exc:
        parse_duration(text)
    assert str(exc.value) == message


@pytest.mark.parametrize("seconds,text", [
    (0, "0s"), (30, "30s"), (60, "1m0s"), (20.131, "20.131s"), (3723.5, "1h2m3.5s"),
    (0.5, "500ms"), (1.5e-6, "1.5\u00b5s"), (2e-9, "2ns"), (-90, "-1m30s"), (3600, "1h0m0s"),
])
def test_format_duration(seconds, text):
    assert format_duration(seconds) == text
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("value,text", [
    (1000.0, "1000"), (0.5, "0.5"), (1e-05, "0.00001"), (1e-07, "1e-7"), (1e21, "1e+21"), (3, "3"),
])
def test_numbers_are_spelled_like_go_json(value, text):
    assert _go_json_number(value) == text
