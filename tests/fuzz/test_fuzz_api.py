"""Fuzzing api.load, the Quantity parser and the label-selector parser (#17)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from fuzzlib import FUZZ, bounded
from hypothesis import given
from hypothesis import strategies as st

from k8slearn.api import Quantity, ValidationError, load, load_documents
from k8slearn.api.labels import parse as parse_selector

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = [p.read_text() for p in sorted((ROOT / "examples" / "hpa").glob("*.yaml"))
            + sorted((ROOT / "tests" / "data").glob("*.yaml"))]

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", "1", "500m", "1e400", ".nan", "-.inf", "9" * 400, "0x1F", "1:30",
                     "2026-05-12T10:00:00Z", "0000-01-01T00:00:00Z", "Pods", "Resource",
                     "Utilization", "cpu", "apps/v1", "Deployment", "~", "*a", "&a"]),
    st.text(max_size=20))
KEYS = st.sampled_from(["apiVersion", "kind", "metadata", "name", "spec", "status", "replicas",
                        "maxReplicas", "minReplicas", "minReplica", "metrics", "type",
                        "resource", "target", "averageUtilization", "averageValue",
                        "scaleTargetRef", "containers", "resources", "requests", "cpu",
                        "selector", "matchLabels", "items", "labels", "behavior",
                        "scaleDown", "policies", "value", "periodSeconds"]) | st.text(max_size=8)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(KEYS, inner, max_size=5), max_leaves=30)
HEADS = st.sampled_from([
    {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler"},
    {"apiVersion": "apps/v1", "kind": "Deployment"},
    {"apiVersion": "v1", "kind": "Pod"},
    {"apiVersion": "v1", "kind": "List"},
    {"apiVersion": "metrics.k8s.io/v1beta1", "kind": "PodMetrics"},
    {}])


def check_load(text: str) -> None:
    """load() returns objects or raises ValueError (ValidationError is one) with a short text."""
    with bounded():
        try:
            objs = load(text)
        except ValidationError as e:
            assert e.errors and all(str(x) for x in e.errors)
            assert len(str(e)) < 200_000 + 100 * len(text)
        except ValueError as e:
            assert str(e) and "\n" not in str(e).strip() or "YAML" in str(e)
            assert len(str(e)) < 200_000 + 100 * len(text)
        else:
            assert isinstance(objs, list)
            for o in objs:
                assert isinstance(o.to_dict(), dict)


@FUZZ
@given(HEADS, st.dictionaries(KEYS, VALUES, max_size=6), st.booleans())
def test_load_structured_documents(head, body, as_json):
    doc = {**body, **head}
    text = json.dumps(doc, default=str) if as_json else yaml.safe_dump(doc)
    check_load(text)


@FUZZ
@given(st.sampled_from(FIXTURES), st.integers(0, 10**6), st.text(max_size=12),
       st.integers(0, 30))
def test_load_mutated_fixtures(fixture, where, insert, cut):
    i = where % (len(fixture) + 1)
    check_load(fixture[:i] + insert + fixture[i + cut:])


@FUZZ
@given(st.text(max_size=200))
def test_load_arbitrary_text(text):
    with bounded():
        try:
            load_documents(text)
        except ValueError:
            pass
    check_load(text + "\n")


ALIAS_PARTS = st.lists(st.sampled_from(["a: &a [x, x, x]\n", "b: &b [*a, *a, *a, *a]\n",
                                        "c: &c [*b, *b, *b, *b]\n", "d: &d [*c, *c, *c, *c]\n",
                                        "e: &e [*d, *d, *d, *d]\n", "f: [*e, *e, *e, *e]\n",
                                        "g: &g {k: *g}\n", "h: *zz\n", "i: {<<: *a}\n"]),
                       max_size=8)


@FUZZ
@given(ALIAS_PARTS)
def test_load_alias_soup(parts):
    check_load("apiVersion: v1\nkind: Pod\n" + "".join(parts))


@FUZZ
@given(st.one_of(st.text(max_size=30),
                 st.from_regex(r"[+-]?[0-9]{0,30}(\.[0-9]{0,30})?([eE][+-]?[0-9]{1,6}|"
                               r"[numkMGTPE]|[KMGTPE]i)?", fullmatch=True),
                 st.integers(0, 6000).map(lambda n: "9" * n)))
def test_quantity_parses_or_says_why(text):
    with bounded():
        try:
            q = Quantity(text)
        except ValueError as e:
            assert str(e) in ("quantities must match the regular expression "
                              "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
                              "unable to parse numeric part of quantity",
                              "unable to parse quantity's suffix")
        else:
            s = str(q)
            assert Quantity(s) == q or q.format == "BinarySI"
            q.value()
            q.milli_value()
            repr(q)


@FUZZ
@given(st.one_of(st.text(max_size=40),
                 st.lists(st.sampled_from(["a", "b.c/d", "=", "==", "!=", "!", ",", " in ",
                                           " notin ", "(", ")", "x", "y", " ", "<", ">", "1",
                                           "exists"]), max_size=15).map("".join)))
def test_label_selector_parses_or_says_why(text):
    with bounded():
        try:
            sel = parse_selector(text)
        except ValueError as e:
            assert str(e)
        else:
            again = parse_selector(str(sel))
            assert str(again) == str(sel)
            sel.matches({"a": "x"}) if hasattr(sel, "matches") else None
