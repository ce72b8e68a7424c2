"""The expectations lab (issue 12): a lagging pod informer, expectations on/off, the v1.36 gate."""

from __future__ import annotations

import pytest

from k8slearn.apiserver import APIServer
from k8slearn.clock import FakeClock
from k8slearn.controller.describe import describe_events, human_duration
from k8slearn.controller.driver import Driver
from k8slearn.controller.objects import new_pod, new_replica_set
from k8slearn.controller.pod_control import Event
from k8slearn.controller.replicaset import ReplicaSetController
from k8slearn.tools.informers import SharedInformerFactory


def lab(expectations: bool, consistency: bool, lag: int = 3):
    clock = FakeClock(0.0)
    server = APIServer(clock, seed=14)
    server.create(new_pod("db-0", {"app": "db"}))  # a cluster that is not empty: list RV > 0
    factory = SharedInformerFactory(server)
    rsc = ReplicaSetController(server, factory, use_expectations=expectations,
                               stale_controller_consistency=consistency)
    driver = Driver(clock, factory, rsc, lag={"pods": lag})
    factory.pump()  # WaitForCacheSync before the workers start
    server.create(new_replica_set("web", 5))
    return clock, server, rsc, driver


def reasons(rsc) -> list[str]:
    return [e.reason for e in rsc.recorder.events]


def web_pods(server) -> int:
    return sum(1 for p in server.list("pods").items if p.metadata.name.startswith("web"))


def test_without_expectations_a_lagging_cache_creates_too_many_pods():
    clock, server, rsc, driver = lab(expectations=False, consistency=False)
    driver.run_round()
    driver.run_round()  # the status write re-queues the key; the cache still shows 0 pods
    assert web_pods(server) == 10
    driver.advance(1.0)
    assert web_pods(server) == 5
    assert reasons(rsc).count("SuccessfulCreate") == 10
    assert reasons(rsc).count("SuccessfulDelete") == 5


def test_expectations_hold_the_second_sync_until_the_informer_catches_up():
    clock, server, rsc, driver = lab(expectations=True, consistency=False)
    driver.run_round()
    rec, exists = rsc.expectations.get_expectations("default/web")
    assert exists and rec.get_expectations() == (5, 0)  # raised
    driver.run_round()
    assert web_pods(server) == 5
    assert rsc.expectations.get_expectations("default/web")[0].get_expectations() == (5, 0)
    assert not rsc.expectations.satisfied_expectations("default/web")
    driver.advance(1.0)
    assert rsc.expectations.get_expectations("default/web")[0].get_expectations() == (0, 0)
    assert rsc.expectations.satisfied_expectations("default/web")  # observed, satisfied
    assert reasons(rsc) == ["SuccessfulCreate"] * 5


def test_consistency_store_holds_the_sync_with_an_error():
    clock, server, rsc, driver = lab(expectations=False, consistency=True)
    driver.run_round()
    driver.run_round()
    errors = [str(e) for _, _, e in rsc.sync_log if e is not None]
    assert errors and errors[0].startswith("read version: ")
    assert "for group resource pods" in errors[0]
    driver.advance(1.0)
    assert web_pods(server) == 5 and rsc.consistency.skips >= 1
    assert reasons(rsc) == ["SuccessfulCreate"] * 5


def test_no_lag_needs_no_guard():
    clock, server, rsc, driver = lab(expectations=False, consistency=False, lag=0)
    driver.run_until_idle()
    assert web_pods(server) == 5


@pytest.mark.parametrize("bad", [-1, 1.5, True, "3"])
def test_driver_rejects_a_bad_lag(bad):
    with pytest.raises(ValueError, match=r"lag\['pods'\]: Invalid value"):
        Driver(FakeClock(), object(), lag={"pods": bad})


@pytest.mark.parametrize(("seconds", "text"), [
    (-5, "<invalid>"), (-0.5, "0s"), (0, "0s"), (119.9, "119s"), (120, "2m"), (130, "2m10s"),
    (600, "10m"), (179 * 60, "179m"), (3 * 3600, "3h"), (3 * 3600 + 60, "3h1m"),
    (8 * 3600, "8h"), (48 * 3600, "2d"),
])
def test_human_duration(seconds, text):
    assert human_duration(seconds) == text


def test_describe_events_aligns_like_kubectl():
    evs = [Event(10, "ReplicaSet/default/web", "Normal", "SuccessfulDelete", "Deleted pod: web-a"),
           Event(0, "ReplicaSet/default/web", "Normal", "SuccessfulCreate", "Created pod: web-a "),
           Event(0, "ReplicaSet/default/db", "Warning", "FailedCreate", "Error creating: x")]
    text = describe_events(evs, 12, object_name="ReplicaSet/default/web")
    assert text.splitlines() == [
        "Events:",
        "  Type    Reason            Age   From                   Message",
        "  ----    ------            ----  ----                   -------",
        "  Normal  SuccessfulCreate  12s   replicaset-controller  Created pod: web-a",
        "  Normal  SuccessfulDelete  2s    replicaset-controller  Deleted pod: web-a",
    ]
    assert describe_events([], 0) == "Events:  <none>"
