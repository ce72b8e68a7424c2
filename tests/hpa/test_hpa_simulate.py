"""``hpa simulate``: the timeline on the example load, invariants, and the CLI."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from k8slearn.api import load
from k8slearn.api.autoscaling import HorizontalPodAutoscalerBehavior, HPAScalingPolicy
from k8slearn.api.autoscaling_defaults import set_defaults_horizontal_pod_autoscaler_behavior
from k8slearn.cli import main
from k8slearn.podautoscaler.simulate import (
    LoadProfile,
    read_load_csv,
    rows_to_csv,
    simulate,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "hpa"
HPA = load(EXAMPLES / "hpa.yaml")[0]
DEPLOYMENT = load(EXAMPLES / "deployment.yaml")[0]
LOAD = read_load_csv((EXAMPLES / "load.csv").read_text())


def test_example_timeline() -> None:
    rows = simulate(HPA, DEPLOYMENT, LOAD, 7200, 30)
    assert len(rows) == 481 and rows[0].current == 6
    assert all(HPA.spec.min_replicas <= r.desired <= HPA.spec.max_replicas for r in rows)
    # the first decision after start cannot go below the seeded 6 for 5 minutes
    first_down = next(r for r in rows if r.desired < r.current)
    assert first_down.seconds == 315
    first_up = next(r for r in rows if r.desired > r.current)
    assert first_up.seconds > 1200 and max(r.desired for r in rows) == 10
    assert rows_to_csv(rows) == rows_to_csv(simulate(HPA, DEPLOYMENT, LOAD, 7200, 30))


def test_load_profile_interpolates() -> None:
    p = LoadProfile([(0, 100), (60, 400)])
    assert [p.at(t) for t in (-5, 0, 30, 60, 90)] == [100, 100, 250, 400, 400]
    assert read_load_csv("seconds,value\n0,5\n10,7\n").points == [(0.0, 5.0), (10.0, 7.0)]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 4000), min_size=2, max_size=6), st.booleans())
def test_invariants(levels, with_behavior) -> None:
    hpa = copy.deepcopy(HPA)
    if with_behavior:
        hpa.spec.behavior = HorizontalPodAutoscalerBehavior()
        set_defaults_horizontal_pod_autoscaler_behavior(hpa)
        hpa.spec.behavior.scale_down.policies = [HPAScalingPolicy(type="Pods", value=1,
                                                                  period_seconds=60)]
    profile = LoadProfile([(i * 300.0, float(v)) for i, v in enumerate(levels)])
    rows = simulate(hpa, DEPLOYMENT, profile, 1800, 30)
    for r in rows:
        assert hpa.spec.min_replicas <= r.desired <= hpa.spec.max_replicas
        if not with_behavior:
            assert r.desired <= max(2 * r.current, 4)  # the no-behavior rate limit
        else:
            assert r.desired >= r.current - 1  # at most one pod down per sync (Pods 1/60s)


def test_cli_csv(capsys, tmp_path) -> None:
    code = main(["hpa", "simulate", "-f", str(EXAMPLES / "hpa.yaml"), "-f",
                 str(EXAMPLES / "deployment.yaml"), "--load", str(EXAMPLES / "load.csv"),
                 "--duration", "10m", "-o", "csv"])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "seconds,load,current,desired,reason" and len(lines) == 42
    assert lines[1].startswith("0,300,6,6,")


def test_cli_text_and_errors(capsys, tmp_path) -> None:
    code = main(["hpa", "simulate", "-f", str(EXAMPLES / "hpa.yaml"), "--load",
                 str(EXAMPLES / "load.csv"), "--duration", "30m"])
    out, _ = capsys.readouterr()
    assert code == 0 and out.splitlines()[0].split() == ["time", "load", "current", "desired",
                                                         "reason"]
    for args, msg in [
        (["--load", "nope.csv"], 'Error: the path "nope.csv" does not exist'),
        ([], "Error: --load is required"),
        (["--load", str(EXAMPLES / "load.csv"), "--duration", "0s"],
         "Error: --duration must be between 0s and 168h"),
    ]:
        code = main(["hpa", "simulate", "-f", str(EXAMPLES / "hpa.yaml"), *args])
        _, err = capsys.readouterr()
        assert code == 1 and err.startswith(msg) and err.count("\n") == 1
    bad = tmp_path / "load.csv"
    bad.write_text("seconds,value\n0,abc\n")
    code = main(["hpa", "simulate", "-f", str(EXAMPLES / "hpa.yaml"), "--load", str(bad)])
    _, err = capsys.readouterr()
    assert code == 1 and err == "Error: load CSV line 2: not numbers: 0,abc\n"


def test_cli_plot(capsys, tmp_path) -> None:
    png = tmp_path / "run.png"
    code = main(["hpa", "simulate", "-f", str(EXAMPLES / "hpa.yaml"), "--load",
                 str(EXAMPLES / "load.csv"), "--duration", "20m", "--plot", str(png)])
    capsys.readouterr()
    assert code == 0 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("csv_text,message", [
    ("a,b,c\n1,2,3\n", "Error: load CSV line 1: expected 2 columns (seconds,value)\n"),
    ("", "Error: the load profile has no rows\n"),
    ("0,nan\n", "Error: load CSV line 1: not finite numbers: 0,nan\n"),
    ("0,100\n60,inf\n", "Error: load CSV line 2: not finite numbers: 60,inf\n"),
    ("0,100\n60,-5\n",
     "Error: load CSV line 2: seconds and value must not be negative: 60,-5\n"),
], ids=["three-columns", "empty", "nan", "inf", "negative"])
def test_cli_bad_load_csv(capsys, tmp_path, csv_text, message) -> None:
    bad = tmp_path / "load.csv"
    bad.write_text(csv_text)
    code = main(["hpa", "simulate", "-f", str(EXAMPLES / "hpa.yaml"), "--load", str(bad)])
    out, err = capsys.readouterr()
    assert (code, out, err) == (1, "", message)


def test_cli_bad_paths_are_one_line(capsys, tmp_path) -> None:
    hpa, load_csv = str(EXAMPLES / "hpa.yaml"), str(EXAMPLES / "load.csv")
    other = tmp_path / "other.yaml"
    other.write_text((EXAMPLES / "deployment.yaml").read_text()
                     .replace("name: frontend\n", "name: backend\n", 1))
    for args, msg in [
        (["-f", str(tmp_path), "--load", load_csv],  # a directory reads like kubectl -f DIR
         "Error: expected exactly one autoscaling/v2 HorizontalPodAutoscaler in the input, "
         "found 0\n"),
        (["-f", hpa, "--load", str(tmp_path)],
         f'Error: --load: cannot read "{tmp_path}": Is a directory\n'),
        (["-f", hpa, "-f", str(other), "--load", load_csv],
         "Error: the scale target Deployment/frontend of HPA frontend is not in the input "
         "files\n"),
        (["-f", hpa, "--load", load_csv, "--plot", str(tmp_path / "no" / "run.png")],
         f'Error: --plot: cannot write "{tmp_path / "no" / "run.png"}": '
         "No such file or directory\n"),
    ]:
        code = main(["hpa", "simulate", *args])
        out, err = capsys.readouterr()
        assert (code, out, err) == (1, "", msg), args


def test_workload_matches_a_plain_recount() -> None:
    # the cheap workload (shared spec and samples, starting pods tracked apart) reports
    # what a from-scratch recount of every pod would
    from k8slearn.podautoscaler.simulate import START, _Workload

    work = _Workload(250, "app", 45)
    for step, (replicas, load_m) in enumerate([(3, 900), (7, 2000), (7, 2100), (4, 300),
                                                (9, 5000), (9, 5000), (2, 10)]):
        now = START + 20 * step
        work.resize(replicas, now, ready_at_start=step == 0)
        ready = work.advance(now, load_m)
        conds = [p.status.conditions[0] for p in work.pods]
        assert ready == sum(c.status == "True" for c in conds)
        for p, c in zip(work.pods, conds, strict=True):
            assert (c.status == "True") == (now >= p.status.start_time + 45 or step == 0 or
                                            p.status.start_time < START)
        metrics, ts = work.get_resource_metric("cpu", "default", None, "")
        share = load_m // ready if ready else 0
        assert ts == now and list(metrics) == [p.metadata.name for p in work.pods]
        assert [m.value for m in metrics.values()] == [
            share if c.status == "True" else 0 for c in conds]
        assert work.usage == {n: m.value for n, m in metrics.items()}


# ---------------------------------------- Pods and External metrics from CSV, capacity
def _hpa_with(metric: dict) -> object:
    from k8slearn.api import from_dict

    return from_dict({"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
                      "metadata": {"name": "worker", "namespace": "default"},
                      "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment",
                                                  "name": "worker"},
                               "minReplicas": 1, "maxReplicas": 20, "metrics": [metric]}})


def test_external_average_value_metric_follows_the_queue():
    hpa = _hpa_with({"type": "External", "external": {"metric": {"name": "queue_depth"},
                                                      "target": {"type": "AverageValue",
                                                                 "averageValue": "30"}}})
    queue = read_load_csv("seconds,value\n0,30\n300,150\n600,150\n")
    rows = simulate(hpa, None, None, 900, 0, metric_loads={"queue_depth": queue})
    assert rows[0].desired == 1  # 30 / (30 x 1) = ratio 1.0: within tolerance
    assert rows[-1].desired == 5  # ceil(150 / 30)
    assert rows[-1].capacity == 5 * 30.0


def test_external_value_target_multiplies_when_the_metric_does_not_fall():
    """A Value target expects the metric to drop as pods are added (a queue drains).
    A metric that ignores the replicas makes every sync multiply: ratio x ready pods."""
    hpa = _hpa_with({"type": "External", "external": {"metric": {"name": "queue_depth"},
                                                      "target": {"type": "Value",
                                                                 "value": "30"}}})
    queue = read_load_csv("0,60\n")
    rows = simulate(hpa, None, None, 300, 0, metric_loads={"queue_depth": queue})
    assert [r.desired for r in rows[:4]] == [2, 4, 8, 16]
    assert rows[-1].desired == 20 and rows[-1].reason == "TooManyReplicas"
    assert {r.capacity for r in rows} == {30.0}  # a Value target: capacity is the value


def test_pods_metric_is_shared_by_the_ready_pods():
    hpa = _hpa_with({"type": "Pods", "pods": {"metric": {"name": "rps"},
                                              "target": {"type": "AverageValue",
                                                         "averageValue": "10"}}})
    rps = read_load_csv("0,20\n60,80\n")
    rows = simulate(hpa, None, None, 600, 30, metric_loads={"rps": rps})
    assert rows[-1].desired == 8  # 80 rps / 10 per pod
    assert rows[-1].capacity == rows[-1].current * 10


def test_cpu_capacity_is_replicas_times_request_times_target():
    rows = simulate(HPA, DEPLOYMENT, LOAD, 600, 30)
    t = HPA.spec.metrics[0].resource.target.average_utilization
    assert all(r.capacity == r.current * 200 * t / 100 for r in rows)


def test_missing_metric_profile_is_one_clear_line(capsys, tmp_path):
    f = tmp_path / "hpa.yaml"
    import yaml

    f.write_text(yaml.safe_dump({"apiVersion": "autoscaling/v2",
                                 "kind": "HorizontalPodAutoscaler",
                                 "metadata": {"name": "w", "namespace": "default"},
                                 "spec": {"scaleTargetRef": {"apiVersion": "apps/v1",
                                                             "kind": "Deployment", "name": "w"},
                                          "maxReplicas": 5, "metrics": [{
                                              "type": "External", "external": {
                                                  "metric": {"name": "q"},
                                                  "target": {"type": "Value", "value": "3"}}}]}}))
    code = main(["hpa", "simulate", "-f", str(f)])
    _, err = capsys.readouterr()
    assert code == 1
    assert err == ("Error: no --metric profile for the External metric q (pass --metric "
                   "q=FILE.csv)\n")
    csv_file = tmp_path / "q.csv"
    csv_file.write_text("0,3\n60,9\n")
    code = main(["hpa", "simulate", "-f", str(f), "--metric", f"q={csv_file}",
                 "--duration", "5m"])
    out, err = capsys.readouterr()
    assert code == 0 and err == "" and out.splitlines()[-1].split()[3] == "5"  # maxReplicas


def test_worker_example_runs_and_shows_the_queue(capsys):
    worker = EXAMPLES / "queue-worker"
    code = main(["hpa", "simulate", "-f", str(worker / "hpa.yaml"), "--metric",
                 f"queue_messages_ready={worker / 'queue.csv'}", "--duration", "20m"])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[1].split()[:4] == ["0:00:00", "20", "1", "1"]  # the queue, not millicores
    assert max(int(line.split()[3]) for line in lines[1:]) == 8  # ceil(240 / 30)
