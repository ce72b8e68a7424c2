"""Label selectors, ported from apimachinery pkg/labels/selector_test.go @ v0.36.3."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from k8slearn.api import LabelSelector, LabelSelectorRequirement
from k8slearn.api.labels import (
    DOES_NOT_EXIST,
    DOUBLE_EQUALS,
    EQUALS,
    EXISTS,
    GREATER_THAN,
    IN,
    LESS_THAN,
    NOT_EQUALS,
    NOT_IN,
    Everything,
    Nothing,
    Requirement,
    Selector,
    parse,
    selector_from_label_selector,
    selector_from_set,
)


@pytest.mark.parametrize("text", ["x=a,y=b,z=c", "", "x!=a,y=b", "x=", "x= ", "x=,z= ",
                                  "x= ,z= ", "!x", "x>1", "x>1,z<5"])
def test_selector_parse_good(text):
    assert str(parse(text)) == text.replace(" ", "")


@pytest.mark.parametrize("text", ["x=a||y=b", "x==a==b", "!x=a", "x<a"])
def test_selector_parse_bad(text):
    with pytest.raises(ValueError):
        parse(text)


def test_deterministic_parse():
    assert str(parse("x=a,a=x")) == str(parse("a=x,x=a")) == "a=x,x=a"


def test_everything_and_nothing():
    assert Everything().matches({"x": "y"}) and Everything().empty()
    assert not Nothing().matches({}) and not Nothing().matches({"x": "y"})


MATCHES = [
    ("", {"x": "y"}, True), ("x=y", {"x": "y"}, True), ("x=y,z=w", {"x": "y", "z": "w"}, True),
    ("x!=y,z!=w", {"x": "z", "z": "a"}, True), ("notin=in", {"notin": "in"}, True),
    ("x", {"x": "z"}, True), ("!x", {"y": "z"}, True), ("x>1", {"x": "2"}, True),
    ("x<1", {"x": "0"}, True),
    ("x=z", {}, False), ("x=y", {"x": "z"}, False), ("x=y,z=w", {"x": "w", "z": "w"}, False),
    ("x!=y,z!=w", {"x": "z", "z": "w"}, False), ("x", {"y": "z"}, False),
    ("!x", {"x": "z"}, False), ("x>1", {"x": "0"}, False), ("x<1", {"x": "2"}, False),
    ("foo=bar", {"foo": "bar", "baz": "blah"}, True),
    ("baz=blah", {"foo": "bar", "baz": "blah"}, True),
    ("foo=bar,baz=blah", {"foo": "bar", "baz": "blah"}, True),
    ("foo=blah", {"foo": "bar", "baz": "blah"}, False),
    ("baz=bar", {"foo": "bar", "baz": "blah"}, False),
    ("foo=bar,foobar=bar,baz=blah", {"foo": "bar", "baz": "blah"}, False),
]


@pytest.mark.parametrize("text,labels,expected", MATCHES)
def test_selector_matches(text, labels, expected):
    assert parse(text).matches(labels) is expected


def test_set_matches():
    labels = {"foo": "bar", "baz": "blah"}
    assert selector_from_set({}).matches(labels)
    assert selector_from_set({"foo": "bar"}).matches(labels)
    assert selector_from_set({"foo": "bar", "baz": "blah"}).matches(labels)
    assert not selector_from_set({"foo": "x"}).matches(labels)


def req(key, op, vals=()):
    return Requirement.new(key, op, sorted(set(vals)))


SET_PARSER = [
    ("", [], True),
    ("\rx", [req("x", EXISTS)], True),
    ("this-is-a-dns.domain.com/key-with-dash",
     [req("this-is-a-dns.domain.com/key-with-dash", EXISTS)], True),
    ("this-is-another-dns.domain.com/key-with-dash in (so,what)",
     [req("this-is-another-dns.domain.com/key-with-dash", IN, ["so", "what"])], True),
    ("0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)",
     [req("0.1.2.domain/99", NOT_IN, ["10.10.100.1", "tick.tack.clock"])], True),
    ("foo  in\t (abc)", [req("foo", IN, ["abc"])], True),
    ("x notin\n (abc)", [req("x", NOT_IN, ["abc"])], True),
    ("x  notin\t\t\t(abc,def)", [req("x", NOT_IN, ["abc", "def"])], True),
    ("x in (abc,def)", [req("x", IN, ["abc", "def"])], True),
    ("x in (abc,)", [req("x", IN, ["abc", ""])], True),
    ("x in (abc,abc)", [req("x", IN, ["abc"])], True),
    ("x in ()", [req("x", IN, [""])], True),
    ("x in (a,,)", [req("x", IN, ["a", ""])], True),
    ("x in (a,,,)", [req("x", IN, ["a", ""])], True),
    ("x in (a,,,,,,)", [req("x", IN, ["a", ""])], True),
    ("x in (a,,a,,a,,a,,)", [req("x", IN, ["a", ""])], True),
    ("x notin (abc,,def),bar,z in (),w",
     [req("bar", EXISTS), req("w", EXISTS), req("x", NOT_IN, ["abc", "", "def"]),
      req("z", IN, [""])], True),
    ("x,y in (a)", None, True),
    ("x=a", [req("x", EQUALS, ["a"])], True),
    ("x>1", [req("x", GREATER_THAN, ["1"])], True),
    ("x<7", [req("x", LESS_THAN, ["7"])], True),
    ("x=a,y!=b", [req("x", EQUALS, ["a"]), req("y", NOT_EQUALS, ["b"])], True),
    ("x=a,y!=b,z in (h,i,j)",
     [req("x", EQUALS, ["a"]), req("y", NOT_EQUALS, ["b"]), req("z", IN, ["h", "i", "j"])], True),
    ("x=a||y=b", None, False),
    ("x,,y", None, False),
    (",x,y", None, False),
    ("x nott in (y)", None, False),
    ("x notin ( )", [req("x", NOT_IN, [""])], True),
    ("x notin (, a)", [req("x", NOT_IN, ["", "a"])], True),
    ("a in (xyz),", None, False),
    ("a in (xyz)b notin ()", None, False),
    ("a ", [req("a", EXISTS)], True),
    ("a in (x,y,notin, z,in)", [req("a", IN, ["in", "notin", "x", "y", "z"])], True),
    ("a in (xyz abc)", None, False),
    ("a notin(", None, False),
    ("a (", None, False),
    ("(", None, False),
]


@pytest.mark.parametrize("text,expected,valid", SET_PARSER, ids=[repr(r[0]) for r in SET_PARSER])
def test_set_selector_parser(text, expected, valid):
    if not valid:
        with pytest.raises(ValueError):
            parse(text)
        return
    sel = parse(text)
    if expected is not None:
        assert sel.requirements == expected


LONG = "a" * 254
NAME_TOO_LONG = "name part must be no more than 63 bytes"
LABEL_VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
    "'my_value',  or '12345', regex used for validation is "
    "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")

CONSTRUCTOR = [
    ("x1", IN, [], "values: Invalid value: []: for 'in', 'notin' operators, values set can't be "
                   "empty"),
    ("x2", NOT_IN, [], "values: Invalid value: []: for 'in', 'notin' operators, values set can't "
                       "be empty"),
    ("x3", IN, ["foo"], None), ("x4", NOT_IN, ["foo"], None),
    ("x5", EQUALS, ["bar", "foo"], 'values: Invalid value: ["bar","foo"]: exact-match '
                                   "compatibility requires one single value"),
    ("x6", EXISTS, [], None), ("x7", DOES_NOT_EXIST, [], None),
    ("x8", EXISTS, ["foo"], 'values: Invalid value: ["foo"]: values set must be empty for exists '
                            "and does not exist"),
    ("x9", IN, ["bar"], None), ("x10", IN, ["bar"], None), ("x11", GREATER_THAN, ["1"], None),
    ("x12", LESS_THAN, ["6"], None),
    ("x13", GREATER_THAN, [], "values: Invalid value: []: for 'Gt', 'Lt' operators, exactly one "
                              "value is required"),
    ("x14", GREATER_THAN, ["bar"], 'values[0]: Invalid value: "bar": for \'Gt\', \'Lt\' '
                                   "operators, the value must be an integer"),
    ("x15", LESS_THAN, ["bar"], 'values[0]: Invalid value: "bar": for \'Gt\', \'Lt\' operators, '
                                "the value must be an integer"),
    (LONG, EXISTS, [], f'key: Invalid value: "{LONG}": {NAME_TOO_LONG}'),
    ("x16", EQUALS, [LONG], f'values[0][x16]: Invalid value: "{LONG}": must be no more than 63 '
                            "bytes"),
    ("x17", EQUALS, ["a b"], f'values[0][x17]: Invalid value: "a b": {LABEL_VALUE_MSG}'),
    ("x18", "unsupportedOp", [], 'operator: Unsupported value: "unsupportedOp": supported values: '
                                 '"in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"'),
]


@pytest.mark.parametrize("key,op,vals,message", CONSTRUCTOR, ids=[r[0][:8] for r in CONSTRUCTOR])
def test_requirement_constructor(key, op, vals, message):
    if message is None:
        assert Requirement.new(key, op, vals).key == key
        return
    with pytest.raises(ValueError) as exc:
        Requirement.new(key, op, vals)
    assert str(exc.value) == message


@pytest.mark.parametrize("reqs,expected", [
    ([req("x", IN, ["abc", "def"]), req("y", NOT_IN, ["jkl"]), req("z", EXISTS)],
     "x in (abc,def),y notin (jkl),z"),
    ([req("x", NOT_IN, ["abc", "def"]), req("y", NOT_EQUALS, ["jkl"]), req("z", DOES_NOT_EXIST)],
     "x notin (abc,def),y!=jkl,!z"),
    ([req("x", NOT_IN, ["abc"]), req("y", IN, ["jkl", "mno"]), req("z", NOT_IN, [""])],
     "x notin (abc),y in (jkl,mno),z notin ()"),
    ([req("x", EQUALS, ["abc"]), req("y", DOUBLE_EQUALS, ["jkl"]), req("z", NOT_EQUALS, ["a"]),
      req("z", EXISTS)], "x=abc,y==jkl,z!=a,z"),
    ([req("x", GREATER_THAN, ["2"]), req("y", LESS_THAN, ["8"]), req("z", EXISTS)], "x>2,y<8,z"),
])
def test_to_string(reqs, expected):
    assert str(Selector(reqs)) == expected


def test_parse_error_messages():
    with pytest.raises(ValueError) as exc:
        parse("x=a||y=b")  # '|' is not special: "a||y" is one (invalid) value
    assert str(exc.value).startswith(
        'unable to parse requirement: values[0][x]: Invalid value: "a||y": a valid label must')
    with pytest.raises(ValueError) as exc:
        parse("x nott in (y)")
    assert str(exc.value) == ("unable to parse requirement: found 'nott', expected: in, notin, "
                              "=, ==, !=, gt, lt")
    with pytest.raises(ValueError) as exc:
        parse("x<a")
    assert str(exc.value) == ("unable to parse requirement: values[0]: Invalid value: \"a\": "
                              "for 'Gt', 'Lt' operators, the value must be an integer")
    with pytest.raises(ValueError) as exc:
        parse("a in (xyz)b notin ()")
    assert str(exc.value) == "found 'b', expected: ',' or 'end of string'"
    with pytest.raises(ValueError) as exc:
        parse("x,,y")
    assert str(exc.value) == "found ',', expected: identifier after ','"


# -- LabelSelectorAsSelector


def ls(match_labels=None, *exprs) -> LabelSelector:
    return LabelSelector(match_labels=match_labels or {},
                         match_expressions=[LabelSelectorRequirement(k, op, list(v))
                                            for k, op, v in exprs])


def test_nil_selector_matches_nothing_and_empty_matches_everything():
    assert not selector_from_label_selector(None).matches({"app": "web"})
    assert selector_from_label_selector(ls()).matches({"anything": "goes"})
    assert selector_from_label_selector(ls()).matches({})


def test_label_selector_as_selector():
    sel = selector_from_label_selector(ls({"app": "web"}, ("tier", "In", ["front", "edge"]),
                                          ("env", "NotIn", ["dev"]), ("canary", "DoesNotExist", []),
                                          ("team", "Exists", [])))
    assert str(sel) == "app=web,!canary,env notin (dev),team,tier in (edge,front)"
    assert sel.matches({"app": "web", "tier": "edge", "team": "a"})
    assert not sel.matches({"app": "web", "tier": "edge", "team": "a", "canary": "1"})
    assert not sel.matches({"app": "web", "tier": "back", "team": "a"})
    assert not sel.matches({"app": "web", "tier": "edge", "team": "a", "env": "dev"})
    assert not sel.matches({"app": "web", "tier": "edge"})


def test_label_selector_bad_operator():
    with pytest.raises(ValueError) as exc:
        selector_from_label_selector(ls(None, ("x", "Matches", ["a"])))
    assert str(exc.value) == '"Matches" is not a valid label selector operator'


def test_deployment_fixture_selector_matches_its_pods():
    from pathlib import Path

    from k8slearn.api import load

    data = Path(__file__).resolve().parent.parent / "data"
    (deploy,) = load(data / "deployment.yaml")
    sel = selector_from_label_selector(deploy.spec.selector)
    assert all(sel.matches(p.metadata.labels) for p in load(data / "pods.yaml"))
    assert not sel.matches({"app": "db"})


_KEYS = st.sampled_from(["app", "tier", "env", "example.com/team"])
_VALUES = st.sampled_from(["web", "db", "a", "b", "x-1"])


@given(st.dictionaries(_KEYS, _VALUES), st.dictionaries(_KEYS, _VALUES))
def test_set_selector_round_trips_through_its_string(selector_set, labels):
    sel = selector_from_set(selector_set)
    again = parse(str(sel))
    assert str(again) == str(sel)
    assert again.matches(labels) == sel.matches(labels)
    assert sel.matches(labels) == all(labels.get(k) == v for k, v in selector_set.items())
