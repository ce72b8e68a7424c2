"""field.Error rendering, after apimachinery pkg/util/validation/field/errors.go @ v0.36.3."""

from __future__ import annotations

import pytest

from k8slearn.api import Quantity
from k8slearn.api.errors import (
    INVALID,
    OMIT_VALUE,
    ErrorList,
    FieldError,
    ValidationError,
    child,
    duplicate,
    forbidden,
    go_quote,
    index,
    internal_error,
    invalid,
    key,
    not_found,
    not_supported,
    required,
    too_long,
    too_many,
    type_invalid,
)


@pytest.mark.parametrize("err,expected", [
    (invalid("spec.maxReplicas", 0, "must be greater than 0"),
     "spec.maxReplicas: Invalid value: 0: must be greater than 0"),
    (invalid("spec.replicas", "three", "bad"), 'spec.replicas: Invalid value: "three": bad'),
    (invalid("f", True, "d"), "f: Invalid value: true: d"),
    (invalid("f", 2.5, "d"), "f: Invalid value: 2.5: d"),
    (invalid("f", 1e6, "d"), "f: Invalid value: 1e+06: d"),
    (invalid("f", None, "d"), "f: Invalid value: null: d"),
    (invalid("f", ["a", "b"], "d"), 'f: Invalid value: ["a","b"]: d'),
    (invalid("f", {"app": "x"}, "d"), 'f: Invalid value: {"app":"x"}: d'),
    (invalid("f", Quantity("-1"), "must be positive"), 'f: Invalid value: "-1": must be positive'),
    (invalid("f", "", ""), 'f: Invalid value: ""'),
    (invalid("f", OMIT_VALUE, "d"), "f: Invalid value: d"),
    (type_invalid("f", "x", "d"), 'f: Invalid value: "x": d'),
    (required("spec.scaleTargetRef.kind"), "spec.scaleTargetRef.kind: Required value"),
    (required("p", "must specify at least one Policy"),
     "p: Required value: must specify at least one Policy"),
    (forbidden("spec.metrics", "nope"), "spec.metrics: Forbidden: nope"),
    (not_supported("p", "incorrect", ["Disabled", "Max", "Min"]),
     'p: Unsupported value: "incorrect": supported values: "Disabled", "Max", "Min"'),
    (not_supported("p", "x", []), 'p: Unsupported value: "x"'),
    (duplicate("p", "a"), 'p: Duplicate value: "a"'),
    (not_found("p", "a"), 'p: Not found: "a"'),
    (too_long("p", 10), "p: Too long: may not be more than 10 bytes"),
    (too_long("p", 1), "p: Too long: may not be more than 1 byte"),
    (too_long("p", -1), "p: Too long: value is too long"),
    (too_many("p", 5, 3), "p: Too many: 5: must have at most 3 items"),
    (too_many("p", -1, 1), "p: Too many: must have at most 1 item"),
    (too_many("p", 2, -1), "p: Too many: 2: has too many items"),
    (internal_error("p", "boom"), "p: Internal error: boom"),
    (FieldError("Weird", "p", "x", "d"),
     'p: Internal error: unhandled error code: <unknown error "Weird">: please report this: d'),
])
def test_error_strings(err, expected):
    assert str(err) == expected


def test_go_quote_escapes_like_strconv_quote():
    assert go_quote('a"b\\c') == '"a\\"b\\\\c"'
    assert go_quote("tab\tnl\n") == '"tab\\tnl\\n"'
    assert go_quote("\x01") == '"\\x01"'
    assert go_quote("héllo") == '"héllo"'


def test_paths():
    p = child("spec", "behavior", "scaleUp")
    assert index(child(p, "policies"), 0) == "spec.behavior.scaleUp.policies[0]"
    assert key(child("spec.containers[0].resources", "limits"), "memory") == (
        "spec.containers[0].resources.limits[memory]")
    assert child("", "kind") == "kind"


def test_prefixed_for_list_items():
    err = invalid("spec.maxReplicas", 0, "must be greater than 0")
    assert str(err.prefixed("items[2]")) == (
        "items[2].spec.maxReplicas: Invalid value: 0: must be greater than 0")
    assert err.prefixed("") is err
    whole = FieldError(INVALID, "", "x", "bad document")
    assert str(whole) == 'Invalid value: "x": bad document'
    assert str(whole.prefixed("items[0]")) == 'items[0]: Invalid value: "x": bad document'


def test_validation_error_collects_everything():
    errs = [required("a"), invalid("b", 1, "c")]
    e = ValidationError(errs)
    assert isinstance(e, ValueError)
    assert str(e) == "a: Required value\nb: Invalid value: 1: c"
    assert e.errors == errs and isinstance(e.errors, ErrorList)
    assert e.errors.filter_type(INVALID) == [errs[1]]
    assert e.errors.to_aggregate_message() == str(e)
    import pickle

    again = pickle.loads(pickle.dumps(e))
    assert again.errors == errs and str(again) == str(e)
