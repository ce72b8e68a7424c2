"""format_time over Go's whole range (years 0000-9999), for ``--now 0000-01-01T00:00:00Z`` (#17)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from k8slearn.api.times import format_time, parse_time


@pytest.mark.parametrize("text", ["0000-01-01T00:00:00Z", "0000-02-29T12:00:00Z",
                                  "0277-05-15T04:13:16Z", "1970-01-01T00:00:00Z",
                                  "9999-12-31T23:59:59Z"])
def test_round_trip_including_year_zero(text):
    assert format_time(parse_time(text)) == text


@given(st.integers(-62135596800, 253402300799))
def test_agrees_with_datetime_where_datetime_reaches(secs):
    dt = datetime.datetime.fromtimestamp(secs, tz=datetime.timezone.utc)
    assert format_time(secs) == f"{dt.year:04d}" + dt.strftime("-%m-%dT%H:%M:%SZ")


@pytest.mark.parametrize("ts", [parse_time("0000-01-01T00:00:00Z") - 1, 253402300800,
                                float("nan"), float("inf")])
def test_years_outside_go_range_fail_like_marshal_json(ts):
    with pytest.raises(ValueError, match=r"^Time.MarshalJSON: year outside of range \[0,9999\]$"):
        format_time(ts)


def test_explain_accepts_year_zero_like_go(capsys):
    from k8slearn.cli import main

    root = Path(__file__).resolve().parents[2] / "examples" / "hpa"
    files = [a for f in ("hpa.yaml", "deployment.yaml", "pods.yaml", "podmetrics.yaml")
             for a in ("-f", str(root / f))]
    code = main(["hpa", "explain", *files, "--now", "0000-01-01T00:00:00Z", "-o", "json"])
    out, err = capsys.readouterr()
    assert code == 0 and "Traceback" not in err and not err.startswith("Error")
    assert '"currentReplicas": 6' in out


def test_explain_bad_now_has_the_prefix(capsys):
    from k8slearn.cli import main

    root = Path(__file__).resolve().parents[2] / "examples" / "hpa"
    code = main(["hpa", "explain", "-f", str(root / "hpa.yaml"), "-f",
                 str(root / "deployment.yaml"), "--now", "10000-01-01T00:00:00Z"])
    _, err = capsys.readouterr()
    assert code == 1 and err.startswith("Error: invalid --now: ")
