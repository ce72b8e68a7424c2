"""The misconception demo and the outage scenario (issue 12)."""

from __future__ import annotations

from k8slearn.workqueue.scenarios import add_vs_add_rate_limited, outage


def test_plain_add_never_consults_the_limiter():
    c = add_vs_add_rate_limited(1000)
    assert len(c.add_times) == 1000 and max(c.add_times) == 0.0
    # burst 100 at 5 ms, then 10 qps: key #1000 waits 900 tokens / 10 qps = 90 s
    assert c.rate_limited_times[:100] == (0.005,) * 100
    assert max(c.rate_limited_times) == 90.0
    assert "limiter consulted 0 times" in c.summary()


def test_outage_default_limiter_recovers_long_after_the_outage():
    r = outage(keys=1000, outage_seconds=60.0)
    assert r.attempts[:1000] == [(0.0, False)] * 1000
    per_second = r.retries_per_second()
    assert per_second[1:60] == [10] * 59  # the bucket caps retries at its qps
    assert r.recovered_at > 150.0
    assert sum(ok for _, ok in r.attempts) == 1000  # every key succeeded exactly once


def test_tuned_bucket_recovers_sooner_with_more_load():
    default = outage()
    tuned = outage(label="tuned", qps=50, burst=300)
    assert tuned.recovered_at < default.recovered_at
    assert tuned.failures > default.failures
    assert tuned.retries_per_second()[1:60] == [50] * 59
    assert tuned.summary().startswith("tuned: ")


def test_no_outage_means_one_sync_per_key():
    r = outage(keys=10, outage_seconds=0.0)
    assert r.attempts == [(0.0, True)] * 10 and r.recovered_at == 0.0
