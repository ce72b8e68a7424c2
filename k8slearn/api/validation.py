"""Validation dispatch per kind, plus the object-metadata, workload and pod checks the course uses.

Upstream: kubernetes/kubernetes pkg/apis/core/validation/validation.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/apis/apps/validation/validation.go @ v1.36.0
Upstream: kubernetes/apimachinery pkg/api/validation/objectmeta.go @ v0.36.3
Upstream: kubernetes/apimachinery pkg/apis/meta/v1/validation/validation.go @ v0.36.3

Modelled (a deliberate subset; every message is upstream's):

* metadata: ``name`` required unless ``generateName`` is set (the apiserver
  generates the name before validating), a DNS-1123 subdomain; a set
  ``namespace`` must be a DNS-1123 label; ``generation`` >= 0; label keys and
  values; annotation keys and total size.  A missing namespace is not an error
  here (kubectl and the apiserver take it from the request).
* Deployment, ReplicaSet, StatefulSet: ``spec.replicas`` >= 0, ``spec.selector``
  required and non-empty, selector must match the template labels, and the
  template's pod checks below.  A Deployment's ``spec.strategy`` too, see
  ``apps_validation``.
* Pod (and pod templates): container resource names, quantities non-negative
  (whole numbers for extended resources), requests <= limits (== for hugepages
  and extended resources, whose limit is required), hugepages need cpu or memory,
  ``emptyDir.sizeLimit`` non-negative.
* HorizontalPodAutoscaler: everything, see ``autoscaling_validation``.

Not modelled: the hundreds of other pod-spec rules (container names, images,
ports, probes, ...), update-only rules and immutability.

Quirks kept: a ReplicaSet's empty selector is reported as ``empty selector is
invalid for deployment`` (the apps validation shares the Deployment text), and
the requests-vs-limits errors sit at ``...resources.requests`` without the
resource key while the per-resource errors use ``requests[cpu]``.
"""

from __future__ import annotations

from typing import Any

from .apps import Deployment, ReplicaSet, StatefulSet
from .autoscaling import HorizontalPodAutoscaler
from .content import is_dns1123_label, is_dns1123_subdomain, is_label_value, is_qualified_name
from .core import Pod, PodSpec, PodTemplateSpec, ResourceRequirements
from .errors import FieldError, child, forbidden, index, invalid, key, required, too_long
from .meta import LabelSelector, ObjectMeta
from .resource import Quantity

__all__ = [
    "default_object",
    "validate_annotations",
    "validate_labels",
    "validate_object",
    "validate_object_meta",
    "validate_container_resource_name",
    "validate_pod_spec",
    "validate_resource_name",
    "validate_resource_requirements",
]

_ZERO = Quantity("0")


def default_object(obj: Any) -> None:
    """Apply API defaulting where the course models it (autoscaling/v2 only)."""
    if isinstance(obj, HorizontalPodAutoscaler):
        from .autoscaling_defaults import set_defaults_horizontal_pod_autoscaler

        set_defaults_horizontal_pod_autoscaler(obj)


def validate_labels(labels: dict[str, str], path: str) -> list[FieldError]:
    """metav1validation.ValidateLabels: qualified-name keys, label-value values (both at ``path``).

    Upstream ranges over a Go map (random order); the course keeps the file's order.
    """
    errs = []
    for k, v in labels.items():
        errs += [invalid(path, k, m) for m in is_qualified_name(k)]
        errs += [invalid(path, v, m) for m in is_label_value(v)]
    return errs


TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * (1 << 10)


def validate_annotations(annotations: dict[str, str], path: str) -> list[FieldError]:
    """ValidateAnnotations: keys are qualified names (case-insensitive); 256 KiB in total."""
    errs = []
    for k in annotations:
        errs += [invalid(path, k, m) for m in is_qualified_name(k.lower())]
    if sum(len(k.encode()) + len(v.encode()) for k, v in annotations.items()) > \
            TOTAL_ANNOTATION_SIZE_LIMIT_B:
        errs.append(too_long(path, TOTAL_ANNOTATION_SIZE_LIMIT_B))
    return errs


def validate_object_meta(meta: ObjectMeta, *, namespaced: bool = True,
                         path: str = "metadata") -> list[FieldError]:
    """ValidateObjectMeta with NameIsDNSSubdomain (the subset listed in the module docstring)."""
    errs: list[FieldError] = []
    if meta.generate_name:
        gen = meta.generate_name  # maskTrailingDash, quirk included: "web-" is checked as "wea"
        masked = gen[:-2] + "a" if len(gen) > 1 and gen.endswith("-") else gen
        errs += [invalid(child(path, "generateName"), gen, m)
                 for m in is_dns1123_subdomain(masked, util=True)]
    if not meta.name:
        if not meta.generate_name:
            errs.append(required(child(path, "name"), "name or generateName is required"))
    else:
        errs += [invalid(child(path, "name"), meta.name, m)
                 for m in is_dns1123_subdomain(meta.name, util=True)]
    if namespaced and meta.namespace:
        errs += [invalid(child(path, "namespace"), meta.namespace, m)
                 for m in is_dns1123_label(meta.namespace)]
    elif not namespaced and meta.namespace:
        errs.append(forbidden(child(path, "namespace"), "not allowed on this type"))
    if meta.generation < 0:
        errs.append(invalid(child(path, "generation"), meta.generation,
                            "must be greater than or equal to 0"))
    errs += validate_labels(meta.labels, child(path, "labels"))
    errs += validate_annotations(meta.annotations, child(path, "annotations"))
    return errs


_STANDARD_CONTAINER_RESOURCES = frozenset({"cpu", "memory", "ephemeral-storage"})
_STANDARD_RESOURCES = _STANDARD_CONTAINER_RESOURCES | frozenset({
    "requests.cpu", "requests.memory", "requests.ephemeral-storage", "limits.cpu",
    "limits.memory", "limits.ephemeral-storage", "pods", "quotas", "services",
    "replicationcontrollers", "resourcequotas", "secrets", "configmaps",
    "persistentvolumeclaims", "storage", "requests.storage", "services.nodeports",
    "services.loadbalancers"})


def _is_native(name: str) -> bool:
    return "/" not in name or "kubernetes.io/" in name


def _is_extended(name: str) -> bool:
    return (not _is_native(name) and not name.startswith("requests.")
            and not is_qualified_name("requests." + name))


def _overcommit_allowed(name: str) -> bool:
    return _is_native(name) and not name.startswith("hugepages-")


def validate_resource_name(name: str, path: str) -> list[FieldError]:
    """validateResourceName: a qualified name; a bare name must be a standard resource."""
    errs = [invalid(path, name, m) for m in is_qualified_name(name)]
    if errs:
        return errs
    if "/" not in name and name not in _STANDARD_RESOURCES and not name.startswith(
            ("hugepages-", "requests.hugepages-")):
        return [invalid(path, name, "must be a standard resource type or fully qualified")]
    return []


def validate_container_resource_name(name: str, path: str) -> list[FieldError]:
    """ValidateContainerResourceName: cpu, memory, ephemeral-storage, hugepages-*, or extended.

    A bare unknown name gets two errors (resource name, then container resource name).
    """
    errs = validate_resource_name(name, path)
    if "/" not in name:
        if name not in _STANDARD_CONTAINER_RESOURCES and not name.startswith("hugepages-"):
            errs.append(invalid(path, name, "must be a standard resource for containers"))
    elif not _is_native(name) and not _is_extended(name):
        errs.append(invalid(path, name, "doesn't follow extended resource name standard"))
    return errs


def _validate_quantity_value(name: str, q: Quantity, path: str) -> list[FieldError]:
    """ValidateResourceQuantityValue: non-negative; whole numbers for extended resources."""
    errs = []
    if q.cmp(_ZERO) < 0:
        errs.append(invalid(path, str(q), "must be greater than or equal to 0"))
    if _is_extended(name) and q.milli_value() % 1000 != 0:
        errs.append(invalid(path, q, "must be an integer"))
    return errs


def validate_resource_requirements(res: ResourceRequirements, path: str) -> list[FieldError]:
    """ValidateResourceRequirements (without pod-level and hugepage-size rules)."""
    errs: list[FieldError] = []
    lim_path, req_path = child(path, "limits"), child(path, "requests")
    cpu_or_memory = hugepages = False
    for name, q in res.limits.items():
        p = key(lim_path, name)
        errs += validate_container_resource_name(name, p) + _validate_quantity_value(name, q, p)
        hugepages |= name.startswith("hugepages-")
        cpu_or_memory |= name in ("cpu", "memory")
    for name, q in res.requests.items():
        p = key(req_path, name)
        errs += validate_container_resource_name(name, p) + _validate_quantity_value(name, q, p)
        limit = res.limits.get(name)
        if limit is not None:
            if q.cmp(limit) != 0 and not _overcommit_allowed(name):
                errs.append(invalid(req_path, str(q), f"must be equal to {name} limit of {limit}"))
            elif q.cmp(limit) > 0:
                errs.append(invalid(req_path, str(q),
                                    f"must be less than or equal to {name} limit of {limit}"))
        elif not _overcommit_allowed(name):
            errs.append(required(lim_path, "Limit must be set for non overcommitable resources"))
        hugepages |= name.startswith("hugepages-")
        cpu_or_memory |= name in ("cpu", "memory")
    if hugepages and not cpu_or_memory:
        errs.append(forbidden(path, "HugePages require cpu or memory"))
    return errs


def validate_pod_spec(spec: PodSpec, path: str) -> list[FieldError]:
    """The pod-spec checks listed in the module docstring."""
    errs: list[FieldError] = []
    for i, vol in enumerate(spec.volumes):
        ed = vol.empty_dir
        if ed is not None and ed.size_limit is not None and ed.size_limit.cmp(_ZERO) < 0:
            errs.append(forbidden(child(index(child(path, "volumes"), i), "emptyDir", "sizeLimit"),
                                  "SizeLimit field must be a valid resource quantity"))
    for attr, name in (("init_containers", "initContainers"), ("containers", "containers")):
        for i, c in enumerate(getattr(spec, attr)):
            errs += validate_resource_requirements(
                c.resources, child(index(child(path, name), i), "resources"))
    return errs


def _selector_matches(sel: LabelSelector, labels: dict[str, str]) -> bool:
    from .labels import selector_from_label_selector

    return selector_from_label_selector(sel).matches(labels)


def _validate_workload(obj: Deployment | ReplicaSet | StatefulSet, kind: str) -> list[FieldError]:
    spec = obj.spec
    errs = validate_object_meta(obj.metadata)
    if spec.replicas is not None and spec.replicas < 0:
        errs.append(invalid("spec.replicas", spec.replicas, "must be greater than or equal to 0"))
    template: PodTemplateSpec = spec.template
    if spec.selector is None:
        errs.append(required("spec.selector"))
    elif not spec.selector.match_labels and not spec.selector.match_expressions:
        errs.append(invalid("spec.selector", spec.selector,
                            f"empty selector is invalid for {kind}"))
    elif not _selector_matches(spec.selector, template.metadata.labels):
        errs.append(invalid("spec.template.metadata.labels", template.metadata.labels,
                            "`selector` does not match template `labels`"))
    errs += validate_labels(template.metadata.labels, "spec.template.metadata.labels")
    errs += validate_pod_spec(template.spec, "spec.template.spec")
    if isinstance(obj, Deployment):  # ValidateDeploymentSpec: strategy after the template
        from .apps_validation import validate_deployment_strategy

        errs += validate_deployment_strategy(spec.strategy, "spec.strategy")
    return errs


def validate_object(obj: Any) -> list[FieldError]:
    """Validate one decoded object according to its kind (all errors, in upstream order)."""
    if isinstance(obj, HorizontalPodAutoscaler):
        from .autoscaling_validation import validate_horizontal_pod_autoscaler

        return validate_horizontal_pod_autoscaler(obj)
    if isinstance(obj, Deployment):
        return _validate_workload(obj, "deployment")
    if isinstance(obj, ReplicaSet):
        return _validate_workload(obj, "deployment")
    if isinstance(obj, StatefulSet):
        return _validate_workload(obj, "statefulset")
    if isinstance(obj, Pod):
        return validate_object_meta(obj.metadata) + validate_pod_spec(obj.spec, "spec")
    return []
