"""``k8slearn hpa explain``: the examples' numbers, every metric type, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from k8slearn.cli import main
from k8slearn.podautoscaler.explain import explain_files, render_text, to_json_dict

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "hpa"
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT / "tests" / "data"
EXAMPLE_FILES = [str(EXAMPLES / f) for f in
                 ("hpa.yaml", "deployment.yaml", "pods.yaml", "podmetrics.yaml")]
EXAMPLE_NOW = "2026-05-12T10:00:00Z"
CHECKOUT = [str(DATA / f) for f in (
    "hpa-multi-metric.yaml", "checkout-deployment.yaml", "checkout-pods.yaml",
    "checkout-pods-metric.json", "checkout-ingress-metric.json", "checkout-queue-metric.json")]


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["hpa", "explain", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_examples_json_numbers(capsys) -> None:
    # the numbers notebooks/30_hpa_replica_calculator.ipynb quotes
    args = [a for f in EXAMPLE_FILES for a in ("-f", f)]
    code, out, err = cli(capsys, *args, "--now", EXAMPLE_NOW, "-o", "json")
    assert code == 0 and err == ""
    got = json.loads(out)
    assert list(got) == ["currentReplicas", "recommendation", "desiredReplicas", "scaleTo",
                         "currentMetrics", "conditions", "verdict"]
    assert (got["currentReplicas"], got["recommendation"], got["desiredReplicas"],
            got["scaleTo"]) == (6, 7, 7, 7)
    assert got["currentMetrics"] == [{"type": "Resource", "resource": {
        "name": "cpu", "current": {"averageValue": "175m", "averageUtilization": 87}}}]
    assert [(c["type"], c["status"], c["reason"]) for c in got["conditions"]] == [
        ("AbleToScale", "True", "SucceededRescale"),
        ("ScalingActive", "True", "ValidMetricFound"),
        ("ScalingLimited", "False", "DesiredWithinRange")]


def test_examples_text_explains_each_step(capsys) -> None:
    args = [a for f in EXAMPLE_FILES for a in ("-f", f)]
    code, out, _ = cli(capsys, *args, "--now", EXAMPLE_NOW)
    assert code == 0
    assert "frontend-7c9d6b5f4d-r2d8v  unready       64m  sample window began before" in out
    assert "frontend-7c9d6b5f4d-w6kqs  unready         -  phase Pending" in out
    assert "700m used of 800m requested = 87%" in out
    assert "Ratio: 87% / 50% = 1.740" in out
    assert "2 unready pod(s) counted at 0" in out
    assert "New ratio: 1.160 over 6 pods" in out
    assert ("Guard: 1.160 is outside [0.900, 1.100] and on the same side of 1 as 1.740: "
            "ceil(1.160 x 6) = 7") in out
    assert ("Stabilization (no behavior): fresh controller, history seeded with the current "
            "count: [6 at 2026-05-12T10:00:00Z]") in out
    assert "Rate limit (no behavior): at most max(2 x 6, 4) = 12 replicas" in out
    assert "Limits: ScalingLimited=False DesiredWithinRange" in out
    assert "  AbleToScale    True  SucceededRescale" in out
    assert "Decision: scale Deployment/frontend from 6 to 7" in out
    code2, out2, _ = cli(capsys, *args, "--now", EXAMPLE_NOW)
    assert out2 == out  # byte-identical


def test_later_clock_trusts_the_new_pod() -> None:
    # 10 s later the new pod's next sample could be trusted, but these files still hold
    # the old sample: its window (09:59:25-09:59:55) began before Ready (09:59:40)
    ex = explain_files(EXAMPLE_FILES, "2026-05-12T10:05:00Z")
    # past the 5-minute CPU initialization period: Ready pods' samples are trusted
    assert to_json_dict(ex)["recommendation"] == ex.result.metric_desired_replicas
    assert "r2d8v  ready" in render_text(ex)


def test_all_metric_types(capsys) -> None:
    args = [a for f in CHECKOUT for a in ("-f", f)]
    code, out, err = cli(capsys, *args, "--now", "2026-05-10T09:00:10Z", "-o", "json")
    assert code == 0, err
    got = json.loads(out)
    assert (got["recommendation"], got["scaleTo"]) == (5, 5)
    assert [m["type"] for m in got["currentMetrics"]] == ["Pods", "Object", "External"]
    assert got["currentMetrics"][0]["pods"]["current"] == {"averageValue": "29666m"}
    assert got["currentMetrics"][1]["object"]["current"] == {"value": "89"}
    assert got["currentMetrics"][2]["external"]["current"] == {"averageValue": "40"}
    assert got["conditions"][1]["message"] == ("the HPA was able to successfully calculate a "
                                               "replica count from pods metric "
                                               "http_requests_per_second")


def test_shared_fixture_with_behavior_tolerance(capsys) -> None:
    files = [SHARED / f for f in ("hpa-behavior.yaml", "deployment.yaml", "pods.yaml",
                                  "podmetrics.yaml")]
    args = [a for f in files for a in ("-f", str(f))]
    code, out, _ = cli(capsys, *args, "--now", "2026-04-22T09:21:32Z", "-o", "json")
    got = json.loads(out)
    assert code == 0 and got["scaleTo"] is None and got["desiredReplicas"] == 3
    code, out, _ = cli(capsys, *args, "--now", "2026-04-22T09:21:32Z")
    # behavior.scaleUp.tolerance 50m narrows the interval to [0.9, 1.05]
    assert "Guard: 1.050 is within [0.900, 1.050]" in out


def test_missing_metrics_for_every_pod_is_reported(capsys) -> None:
    args = [a for f in EXAMPLE_FILES[:3] for a in ("-f", f)]
    code, out, err = cli(capsys, *args, "--now", EXAMPLE_NOW, "-o", "json")
    got = json.loads(out)
    assert code == 1  # the reconcile failed: the explanation is printed, the exit code says so
    assert err.startswith("Error: the reconcile failed: failed to compute desired number of ")
    assert err.count("\n") == 1
    assert (got["recommendation"], got["scaleTo"], got["desiredReplicas"]) == (-1, None, 6)
    assert got["conditions"][1]["reason"] == "FailedGetResourceMetric"
    assert "no metrics returned from resource metrics API" in got["conditions"][1]["message"]


@pytest.mark.parametrize("name,expected", [
    # defaulting sets minReplicas 1 first, so the second rule fires too
    ("hpa-maxreplicas-zero.yaml", ["spec.maxReplicas: Invalid value: 0: must be greater than 0",
                                   "spec.maxReplicas: Invalid value: 0: must be greater than or "
                                   "equal to `minReplicas`"]),
    ("hpa-min-greater-than-max.yaml", None),
    ("hpa-many-errors.yaml", None),
])
def test_invalid_hpa_exits_1_with_every_error(capsys, name, expected) -> None:
    code, out, err = cli(capsys, "-f", str(SHARED / "broken" / name))
    assert code == 1 and out == ""
    lines = err.rstrip("\n").split("\n")
    assert lines[0].startswith("Error: spec.")
    assert all(line.startswith("spec.") for line in lines[1:])
    assert "Traceback" not in err
    if expected is not None:
        assert [lines[0].removeprefix("Error: ")] + lines[1:] == expected


def test_invalid_hpa_lists_all_errors(capsys, tmp_path) -> None:
    bad = tmp_path / "hpa.yaml"
    bad.write_text("""apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: default}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 5
  maxReplicas: 3
  behavior:
    scaleUp:
      policies: []
      selectPolicy: incorrect
""")
    code, _, err = cli(capsys, "-f", str(bad))
    assert code == 1
    assert err.splitlines() == [
        "Error: spec.maxReplicas: Invalid value: 3: must be greater than or equal to "
        "`minReplicas`",
        'spec.behavior.scaleUp.selectPolicy: Unsupported value: "incorrect": supported '
        'values: "Disabled", "Max", "Min"',
        "spec.behavior.scaleUp.policies: Required value: must specify at least one Policy",
    ]


@pytest.mark.parametrize("args,message", [
    (["-f", "does-not-exist.yaml"], 'Error: the path "does-not-exist.yaml" does not exist'),
    ([], "Error: at least one -f FILE is required"),
    (["-f", str(EXAMPLES / "deployment.yaml")],
     "Error: expected exactly one autoscaling/v2 HorizontalPodAutoscaler in the input, found 0"),
    (["-f", str(EXAMPLES / "hpa.yaml")],
     "Error: the scale target Deployment/frontend of HPA shop/frontend is not in the input "
     "files"),
    (["-f", str(EXAMPLES / "hpa.yaml"), "-f", str(EXAMPLES / "deployment.yaml"), "--now",
      "yesterday"], "Error: invalid --now: "),
    (["-f", str(EXAMPLES / "hpa.yaml"), "-o", "yaml"],
     'Error: --output must be "text" or "json", got "yaml"'),
])
def test_bad_input_is_one_clear_line(capsys, args, message) -> None:
    code, out, err = cli(capsys, *args)
    assert code == 1 and out == ""
    assert err.startswith(message) and err.count("\n") == 1
    assert "Traceback" not in err


def test_unparsable_yaml(capsys, tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: [unclosed\n")
    code, _, err = cli(capsys, "-f", str(bad))
    assert code == 1 and err.startswith("Error: ") and err.count("\n") == 1


def _cell_outputs(nb: dict, needle: str) -> str:
    cells = [c for c in nb["cells"] if c["cell_type"] == "code" and needle in "".join(c["source"])]
    assert len(cells) == 1, needle
    return "".join("".join(o.get("text", "")) for o in cells[0]["outputs"])


def test_notebook_30_quotes_what_explain_prints(capsys) -> None:
    # the committed outputs of notebook 30 are exactly today's `hpa explain` output
    nb = json.loads((ROOT / "notebooks" / "30_hpa_replica_calculator.ipynb").read_text())
    args = [a for f in EXAMPLE_FILES for a in ("-f", f)]
    code, text, _ = cli(capsys, *args, "--now", EXAMPLE_NOW)
    assert code == 0
    assert _cell_outputs(nb, '"--now", "2026-05-12T10:00:00Z"])') == text
    code, out, _ = cli(capsys, *args, "--now", EXAMPLE_NOW, "-o", "json")
    got = json.loads(out)
    keys = ("currentReplicas", "recommendation", "desiredReplicas", "scaleTo")
    assert _cell_outputs(nb, '"-o", "json"]') == (
        f"{ {k: got[k] for k in keys} }\n{got['currentMetrics'][0]['resource']['current']}\n")
    prose = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert (f"it reports {got['currentReplicas']} current replicas, "
            f"{got['currentMetrics'][0]['resource']['current']['averageUtilization']}% "
            "utilization") in " ".join(prose.split())


def test_a_directory_of_manifests_explains_like_its_files(capsys) -> None:
    files = [a for f in EXAMPLE_FILES for a in ("-f", f)]
    _, by_file, _ = cli(capsys, *files, "--now", EXAMPLE_NOW, "-o", "json")
    code, by_dir, err = cli(capsys, "-f", str(Path(EXAMPLE_FILES[0]).parent),
                            "--now", EXAMPLE_NOW, "-o", "json")
    assert (code, err) == (0, "")
    assert json.loads(by_dir) == json.loads(by_file)


# ------------------------------------------------ issue 13 items 8-11: explain as a tool
def _low_load(tmp_path: Path) -> list[str]:
    """The example at a third of its CPU: every pod Ready and sampled, ratio 0.6."""
    import yaml

    pods = yaml.safe_load((EXAMPLES / "pods.yaml").read_text())
    pods["items"] = [p for p in pods["items"] if p["status"].get("phase") == "Running"][:4]
    for p in pods["items"]:
        p["status"]["startTime"] = "2026-05-12T08:00:00Z"
        for c in p["status"].get("conditions", []):
            c["lastTransitionTime"] = "2026-05-12T08:00:30Z"
            c["status"] = "True"
    pm = yaml.safe_load((EXAMPLES / "podmetrics.yaml").read_text())
    names = {p["metadata"]["name"] for p in pods["items"]}
    pm["items"] = [m for m in pm["items"] if m["metadata"]["name"] in names]
    for m in pm["items"]:
        for c in m["containers"]:
            c["usage"]["cpu"] = "60m"
    hpa = yaml.safe_load((EXAMPLES / "hpa.yaml").read_text())
    hpa["status"].update(lastScaleTime="2026-05-12T09:59:00Z", currentReplicas=4,
                         desiredReplicas=4)
    dep = yaml.safe_load((EXAMPLES / "deployment.yaml").read_text())
    dep["spec"]["replicas"] = 4
    out = []
    for name, obj in (("hpa", hpa), ("dep", dep), ("pods", pods), ("pm", pm)):
        f = tmp_path / f"{name}.yaml"
        f.write_text(yaml.safe_dump(obj))
        out += ["-f", str(f)]
    return out


def test_history_explains_a_scale_down(capsys, tmp_path) -> None:
    args = _low_load(tmp_path)
    code, out, _ = cli(capsys, *args, "--now", EXAMPLE_NOW, "-o", "json")
    fresh = json.loads(out)
    assert code == 0 and fresh["scaleTo"] is None and fresh["recommendation"] == 3
    assert "stabilization (ScaleDownStabilized) held the scale-down" in fresh["verdict"]
    # a long-running controller that last decided 4 at 09:59: still held (within 300 s)
    code, out, _ = cli(capsys, *args, "--now", EXAMPLE_NOW, "--history", "status", "-o", "json")
    assert json.loads(out)["desiredReplicas"] == 4
    # nothing remembered: the metrics decide, minReplicas 2 bounds it
    code, out, _ = cli(capsys, *args, "--now", EXAMPLE_NOW, "--history", "none", "-o", "json")
    got = json.loads(out)
    assert (got["scaleTo"], got["desiredReplicas"]) == (3, 3)
    assert got["verdict"].startswith("Verdict: scale from 4 to 3; cpu resource utilization")
    # explicit history: a 5 two minutes ago still counts (max filter: even above current);
    # a 5 six minutes ago is outside the 300 s window
    code, out, _ = cli(capsys, *args, "--now", EXAMPLE_NOW, "--history", "5@-2m", "-o", "json")
    assert json.loads(out)["desiredReplicas"] == 5
    code, out, _ = cli(capsys, *args, "--now", EXAMPLE_NOW, "--history",
                       "5@2026-05-12T09:54:00Z", "-o", "json")
    assert json.loads(out)["desiredReplicas"] == 3
    code, _, err = cli(capsys, *args, "--now", EXAMPLE_NOW, "--history", "lots")
    assert code == 1 and err.startswith("Error: --history must be fresh, status, none or")


def test_text_ends_with_a_verdict(capsys, tmp_path) -> None:
    code, out, _ = cli(capsys, *_low_load(tmp_path), "--now", EXAMPLE_NOW)
    assert out.splitlines()[-1].startswith("Verdict: keep 4 replicas; the recommendation was 3")


def test_name_picks_one_of_several_hpas(capsys, tmp_path) -> None:
    import yaml

    hpa = yaml.safe_load((EXAMPLES / "hpa.yaml").read_text())
    other = yaml.safe_load((EXAMPLES / "hpa.yaml").read_text())
    other["metadata"]["name"] = "backend"
    f = tmp_path / "hpas.yaml"
    f.write_text(yaml.safe_dump_all([hpa, other]))
    rest = [a for x in EXAMPLE_FILES[1:] for a in ("-f", x)]
    code, _, err = cli(capsys, "-f", str(f), *rest, "--now", EXAMPLE_NOW)
    assert code == 1
    assert err == ("Error: expected exactly one autoscaling/v2 HorizontalPodAutoscaler in the "
                   "input, found 2: shop/frontend, shop/backend; choose one with --name\n")
    code, out, _ = cli(capsys, "-f", str(f), *rest, "--now", EXAMPLE_NOW, "--name", "frontend",
                       "-o", "json")
    assert code == 0 and json.loads(out)["scaleTo"] == 7
    code, _, err = cli(capsys, "-f", str(f), *rest, "--now", EXAMPLE_NOW, "--name", "shop/web")
    assert err == ('Error: no HorizontalPodAutoscaler named "shop/web" in the input; found 2: '
                   "shop/frontend, shop/backend\n")


def test_stale_input_warns(capsys) -> None:
    args = [a for f in EXAMPLE_FILES for a in ("-f", f)]
    code, _, err = cli(capsys, *args, "--now", "2026-05-12T13:00:00Z", "-o", "json")
    assert code == 0
    assert err == ("Warning: the newest timestamp in the input (2026-05-12T09:59:56Z) is 3h0m4s "
                   "before the controller clock (2026-05-12T13:00:00Z); pass --now with the "
                   "capture time to replay it\n")


def test_scale_to_zero_needs_the_feature_gate(capsys, tmp_path) -> None:
    import yaml

    hpa = yaml.safe_load((EXAMPLES / "hpa.yaml").read_text())
    hpa["spec"]["minReplicas"] = 0
    hpa["spec"]["metrics"] = [{"type": "External", "external": {
        "metric": {"name": "queue_depth"}, "target": {"type": "Value", "value": "10"}}}]
    f = tmp_path / "hpa.yaml"
    f.write_text(yaml.safe_dump(hpa))
    rest = [a for x in EXAMPLE_FILES[1:] for a in ("-f", x)]
    code, _, err = cli(capsys, "-f", str(f), *rest, "--now", EXAMPLE_NOW)
    assert code == 1
    assert "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1" in err
    code, out, err = cli(capsys, "-f", str(f), *rest, "--now", EXAMPLE_NOW,
                         "--feature-gates", "HPAScaleToZero=true", "-o", "json")
    assert "spec.minReplicas" not in err
    assert json.loads(out)["conditions"][1]["reason"] == "FailedGetExternalMetric"
    code, _, err = cli(capsys, *[a for x in EXAMPLE_FILES for a in ("-f", x)],
                       "--feature-gates", "HPAScaleToZero=yes")
    assert code == 1 and err == ('Error: invalid argument "HPAScaleToZero=yes" for '
                                 '"--feature-gates" flag: invalid value of HPAScaleToZero=yes, '
                                 'err: strconv.ParseBool: parsing "yes": invalid syntax\n')
    code, _, err = cli(capsys, *[a for x in EXAMPLE_FILES for a in ("-f", x)],
                       "--feature-gates", "Foo=true")
    assert "unrecognized feature gate: Foo" in err


def test_memory_is_printed_in_bytes_with_binary_units() -> None:
    from k8slearn.podautoscaler.explain_verdict import format_amount

    assert format_amount(256 * 1024**2 * 1000, "memory") == "256Mi"
    assert format_amount(1500 * 1024 * 1000, "memory") == "1.5Mi"
    assert format_amount(512 * 1000, "memory") == "512"
    assert format_amount(250, "cpu") == "250m"
