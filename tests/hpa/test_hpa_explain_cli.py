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
                         "currentMetrics", "conditions"]
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
    assert "Stabilization (no behavior): fresh controller, history seeded with [6]" in out
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
    code, out, _ = cli(capsys, *args, "--now", EXAMPLE_NOW, "-o", "json")
    got = json.loads(out)
    assert code == 0
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
