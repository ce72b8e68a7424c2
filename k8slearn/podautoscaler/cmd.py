"""``k8slearn hpa``: explain one HPA reconcile, or simulate the controller over time.

Upstream: none (course tooling)
"""

from __future__ import annotations

from typing import Any

__all__ = ["new_hpa_command", "ExplainOptions", "SimulateOptions"]


class ExplainOptions:
    """Flags of ``hpa explain``."""

    def __init__(self) -> None:
        self.filenames: list[str] = []
        self.recursive = False
        self.validate = "warn"
        self.now = ""
        self.output = "text"
        self.name = ""
        self.history = "fresh"
        self.feature_gates = ""

    def add_flags(self, fs: Any) -> None:
        fs.string_slice("filename", [], "Files with the HPA, its scale target and optionally "
                        "Pods, PodMetrics, MetricValueList and ExternalMetricValueList "
                        "(kubectl -o yaml or json; repeat the flag; - reads standard input).",
                        shorthand="f", p=(self, "filenames"))
        _add_read_flags(self, fs)
        fs.string("now", "", "The controller's clock, RFC3339 (default: the current time).",
                  p=(self, "now"))
        fs.string("output", "text", "Output format: text or json.", shorthand="o",
                  p=(self, "output"))
        fs.string("name", "", "The HPA to explain when the input holds several (NAME or "
                  "NAMESPACE/NAME).", p=(self, "name"))
        fs.string("history", "fresh", "What the controller remembers: fresh (just started; "
                  "its history holds the current count, so nothing scales down for 5m), status "
                  "(running; status.desiredReplicas at status.lastScaleTime), none (no recent "
                  "recommendations), or N@TIME,... (TIME RFC3339 or -DURATION before --now).",
                  p=(self, "history"))
        fs.string("feature-gates", "", "Feature gates as key=value pairs: HPAScaleToZero "
                  "(alpha, default false) allows minReplicas 0; HPAConfigurableTolerance "
                  "(beta, default true); PodLevelResources (beta, default true).",
                  p=(self, "feature_gates"))


class SimulateOptions:
    """Flags of ``hpa simulate``."""

    def __init__(self) -> None:
        self.filenames: list[str] = []
        self.recursive = False
        self.validate = "warn"
        self.load = ""
        self.duration = 7200.0
        self.pod_startup = 30.0
        self.plot = ""
        self.output = "text"
        self.metrics: list[str] = []

    def add_flags(self, fs: Any) -> None:
        fs.string_slice("filename", [], "The HPA and optionally its scale target (for the "
                        "replica count and the pods' CPU requests).", shorthand="f",
                        p=(self, "filenames"))
        _add_read_flags(self, fs)
        fs.string("load", "", "CSV with columns seconds,value: total CPU load in millicores "
                  "(required when the HPA has a cpu metric).", p=(self, "load"))
        fs.string_slice("metric", [], "NAME=FILE: a seconds,value CSV for the Pods or External "
                        "metric NAME (Pods: the workload's total, shared by the Ready pods; "
                        "External: the metric's value). Repeat the flag.",
                        p=(self, "metrics"))
        fs.duration("duration", self.duration, "How long to simulate.", p=(self, "duration"))
        fs.duration("pod-startup", self.pod_startup, "Time from a pod's start to Ready.",
                    p=(self, "pod_startup"))
        fs.string("plot", "", "Write a PNG figure of the run to this file (needs matplotlib).",
                  p=(self, "plot"))
        fs.string("output", "text", "Output format: text (changes only) or csv (every sync).",
                  shorthand="o", p=(self, "output"))


def _add_read_flags(o: Any, fs: Any) -> None:
    """kubectl's -R/--recursive and --validate (see k8slearn.api.visitor)."""
    fs.bool("recursive", False, "Process the directory used in -f, --filename recursively.",
            shorthand="R", p=(o, "recursive"))
    fs.string("validate", "warn", "Must be one of: strict (or true), warn, ignore (or false). "
              "How unknown fields are treated: strict fails, warn prints a warning, ignore "
              "drops them (kubectl's default is strict).", p=(o, "validate"))
    fs.lookup("validate").no_opt_def_val = "strict"


def _read_options(o: Any, err: Any) -> dict[str, Any]:
    """load_paths keyword arguments; warnings are printed to ``err`` as kubectl does."""
    from k8slearn.api.visitor import validation_directive

    class _Warnings(list):
        def extend(self, items: Any) -> None:
            for w in items:
                print(f"Warning: {w}", file=err)

    return {"recursive": o.recursive, "field_validation": validation_directive(o.validate),
            "warnings": _Warnings()}


def _explain_run(o: ExplainOptions, out: Any, err: Any) -> Exception | None:
    from k8slearn.podautoscaler.explain import (
        InputError,
        InvalidHPAError,
        explain_files,
        render_text,
        to_json,
    )

    if o.output not in ("text", "json"):
        return ValueError(f'--output must be "text" or "json", got "{o.output}"')
    try:
        ex = explain_files(o.filenames, o.now or None, name=o.name, history=o.history,
                           feature_gates=o.feature_gates, **_read_options(o, err))
    except (InputError, InvalidHPAError, ValueError) as e:
        return e
    for w in ex.warnings:
        err.write(f"Warning: {w}\n")
    out.write(to_json(ex) if o.output == "json" else render_text(ex))
    if ex.result.error is not None:  # printed in full above; exit 1 like a failed sync
        return ReconcileFailed(f"the reconcile failed: {ex.result.error}")
    return None


class ReconcileFailed(Exception):
    """The explained reconcile returned an error (exit code 1)."""


def _load_hpa_and_target(paths: list[str], **read: Any) -> tuple[Any, Any]:
    from k8slearn.podautoscaler.explain import TARGET_KINDS, InputError, read_objects

    objects, hpa = read_objects(paths, **read)
    ref = hpa.spec.scale_target_ref
    targets = [o for o in objects if o.kind == ref.kind and o.metadata.name == ref.name]
    if not targets and any(o.kind in TARGET_KINDS for o in objects):
        raise InputError(f"the scale target {ref.kind}/{ref.name} of HPA "
                         f"{hpa.metadata.name} is not in the input files")
    return hpa, targets[0] if targets else None


def _read_csv(path: str, flag: str) -> str:
    from k8slearn.api.visitor import FileError, read_regular_file
    from k8slearn.podautoscaler.explain import InputError

    try:
        return read_regular_file(path)  # refuses a FIFO instead of blocking on it
    except FileError as e:
        raise InputError(f'{flag}: cannot read "{path}": {e.reason}' if e.reason
                         else str(e)) from None


def _simulate_run(o: SimulateOptions, out: Any, err: Any = None) -> Exception | None:
    from k8slearn.podautoscaler.explain import InputError, InvalidHPAError
    from k8slearn.podautoscaler.simulate import (
        SimulationError,
        read_load_csv,
        rows_to_csv,
        rows_to_text,
        simulate,
    )

    if o.output not in ("text", "csv"):
        return ValueError(f'--output must be "text" or "csv", got "{o.output}"')
    if o.duration <= 0 or o.duration > 7 * 86400:
        return ValueError("--duration must be between 0s and 168h")
    if o.pod_startup < 0:
        return ValueError("--pod-startup must not be negative")
    try:
        hpa, target = _load_hpa_and_target(o.filenames, **_read_options(o, err))
        needs_cpu = any(m.type in ("Resource", "ContainerResource") for m in hpa.spec.metrics)
        if needs_cpu and not o.load:
            return ValueError("--load is required")
        profile = read_load_csv(_read_csv(o.load, "--load")) if o.load else None
        metric_loads = {}
        for item in o.metrics:
            name, sep, path = item.partition("=")
            if not sep or not name or not path:
                return ValueError(f'--metric must be NAME=FILE, got "{item}"')
            metric_loads[name] = read_load_csv(_read_csv(path, f"--metric {name}"))
        rows = simulate(hpa, target, profile, o.duration, o.pod_startup,
                        metric_loads=metric_loads)
    except (InputError, InvalidHPAError, SimulationError, ValueError) as e:
        return e
    if o.plot:  # before printing, so a failure leaves stdout empty
        try:
            from k8slearn.viz.hpa import save_timeline
        except ImportError as e:  # matplotlib missing
            return ValueError(f"--plot needs matplotlib: {e}")
        try:
            save_timeline(rows, o.plot, title=f"HPA {hpa.metadata.name}")
        except OSError as e:
            return InputError(f'--plot: cannot write "{o.plot}": {e.strerror or e}')
    out.write(rows_to_csv(rows) if o.output == "csv" else rows_to_text(rows))
    return None


def new_hpa_command() -> Any:
    """The ``hpa`` command group."""
    from k8slearn.cmd import templates
    from k8slearn.cmd.cli import Command, no_args

    eo, so = ExplainOptions(), SimulateOptions()
    explain = Command(
        "explain", "Explain one reconcile of the HPA controller on a captured cluster state",
        templates.long_desc("""
            Run one reconcile of a freshly started HPA controller (Kubernetes v1.36 logic,
            production defaults: tolerance 0.1, CPU initialization period 5m, readiness
            delay 30s, downscale stabilization 5m) over objects captured with kubectl, and
            explain each step: which pods count, the usage ratio, the tolerance check, the
            rebalancing of unready and missing pods, stabilization and limits.

            The input must hold exactly one autoscaling/v2 HorizontalPodAutoscaler and its
            scale target (Deployment, ReplicaSet or StatefulSet); Pods, PodMetrics lists,
            custom metrics (MetricValueList) and external metrics are optional. An invalid
            HPA is rejected with the API server's validation errors, one per line.

            With -o json it prints one object with these keys: currentReplicas (the
            target's scale spec.replicas); recommendation (the largest proposal over the
            valid metrics, before stabilization and limits; -1 when no metric gave one);
            desiredReplicas (the count after stabilization and limits, or the current count
            when the controller does not rescale); scaleTo (the count written to the scale
            subresource, or null); currentMetrics and conditions (the status the controller
            writes, in kubectl's JSON shape); verdict (one line naming the rule that decided:
            the tolerance, unready or missing pods, missing metrics, stabilization, a policy,
            min/max).

            By default the controller has just started, so its history holds the current
            count and no scale-down can happen for 5 minutes; use --history status (or none)
            to see what a long-running controller decides. A warning is printed when the
            newest timestamp in the input is more than 10 minutes from --now. The exit code
            is 1 when the reconcile fails (the explanation is still printed)."""),
        templates.examples("""
            # Explain a captured state
            k8slearn hpa explain -f hpa.yaml -f deployment.yaml -f pods.yaml -f podmetrics.yaml

            # The same as JSON, at a fixed controller time
            k8slearn hpa explain -f state.yaml --now 2026-05-12T10:00:00Z -o json

            # One of several HPAs in a namespace dump, as a long-running controller sees it
            k8slearn hpa explain -f all.yaml --name shop/frontend --history status

            # Explore scale to zero (alpha)
            k8slearn hpa explain -f hpa.yaml -f deploy.yaml --feature-gates HPAScaleToZero=true"""),
        run=lambda cmd, args: _explain_run(eo, cmd.out_or_stdout(), cmd.err_or_stderr()),
        args=no_args)
    eo.add_flags(explain.flags())
    sim = Command(
        "simulate", "Simulate the HPA controller against a load profile",
        templates.long_desc("""
            Run the HPA controller every 15 seconds on a fake clock against a simulated
            workload: new pods become Ready after --pod-startup, every Ready pod uses
            load / ready pods millicores of CPU, and the controller's decisions resize
            the workload. Prints a timeline of load, current and desired replicas and the
            reason for each change.

            Pods and External metrics take their values from --metric NAME=FILE CSVs: a Pods
            metric's CSV is the workload's total (each Ready pod reports its share), an
            External metric's CSV is the metric's value. The --plot figure draws the load
            of the first metric and the capacity of the current replicas at the target
            (replicas x request x target for cpu)."""),
        templates.examples("""
            # Two hours of the example load
            k8slearn hpa simulate -f hpa.yaml -f deployment.yaml --load load.csv

            # Every sync as CSV, with a figure
            k8slearn hpa simulate -f hpa.yaml --load load.csv -o csv --plot run.png

            # A queue-length External metric and a requests-per-second Pods metric
            k8slearn hpa simulate -f hpa.yaml --metric queue_depth=q.csv --metric rps=rps.csv"""),
        run=lambda cmd, args: _simulate_run(so, cmd.out_or_stdout(), cmd.err_or_stderr()),
        args=no_args)
    so.add_flags(sim.flags())
    cmd = Command("hpa", "Explore the Horizontal Pod Autoscaler",
                  templates.long_desc("""
                      Explore the Horizontal Pod Autoscaler controller: explain one
                      reconcile on real objects, or simulate it over time."""))
    cmd.add_command(explain, sim)
    return cmd
