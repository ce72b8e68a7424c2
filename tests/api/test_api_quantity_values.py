"""Quantity as the course uses it: value(), canonical strings, equality, invariants."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from k8slearn.api.resource import BINARY_SI, DECIMAL_EXPONENT, DECIMAL_SI, Quantity

MOST_POSITIVE = (1 << 63) - 1
MOST_NEGATIVE = -(1 << 63)


# -- the values the course leans on (value() rounds up, like upstream)


@pytest.mark.parametrize("text,value,milli", [
    ("500m", 1, 500), ("1500m", 2, 1500), ("1", 1, 1000), ("1.0001", 2, 1001),
    ("1Gi", 1073741824, 1073741824000), ("123Ki", 125952, 125952000), ("1e3", 1000, 1000000),
    ("2M", 2000000, 2000000000), ("-1.5", -2, -1500), ("0.1m", 1, 1), ("100n", 1, 1),
    ("12E", 0, 0),  # int64 overflow: AsScaledInt64 fails and ScaledValue returns 0
    ("9Ei", MOST_POSITIVE, -1000),  # capped at MaxInt64; MilliValue wraps in Go
])
def test_value_and_milli_value(text, value, milli):
    q = Quantity(text)
    assert q.value() == value
    assert q.milli_value() == milli


@pytest.mark.parametrize("text,expect", [
    ("1024Mi", "1Gi"), ("1000m", "1"), ("0.5", "500m"), ("1e3", "1e3"), ("1000", "1k"),
    ("1.5Gi", "1536Mi"), ("2M", "2M"), ("123Ki", "123Ki"), ("100.035Ki", "102435840m"),
    # upstream keeps an input it judges canonical verbatim
    ("+1", "+1"), ("1E3", "1E3"), ("0001", "0001"), (".", "0"), ("-", "0"),
])
def test_canonical_strings(text, expect):
    assert str(Quantity(text)) == expect


def test_decimal_si_past_exa_loses_its_suffix():
    # Upstream quirk: no DecimalSI suffix exists for 10**21, so the exponent is dropped.
    assert str(Quantity("1000000000000000M")) == "1"
    assert str(Quantity("1e21")) == "1e21"  # DecimalExponent has no such limit


def test_equality_across_formats_and_hash():
    assert Quantity("1Gi") == Quantity("1024Mi")
    assert hash(Quantity("1Gi")) == hash(Quantity("1024Mi"))
    assert Quantity("1") == Quantity("1000m") and hash(Quantity("1")) == hash(Quantity("1000m"))
    assert Quantity("500m") < Quantity("1") <= Quantity("1000m") < Quantity("1Ki")
    assert Quantity("2") > Quantity("1999m") >= Quantity("1.999")
    assert len({Quantity("1k"), Quantity("1000"), Quantity("1e3")}) == 1
    assert Quantity("1") != "1"
    with pytest.raises(TypeError):
        Quantity("1") < 1  # noqa: B015


def test_quantity_is_immutable_value_and_pickles():
    q = Quantity("250m")
    assert pickle.loads(pickle.dumps(q)) == q
    assert str(pickle.loads(pickle.dumps(q))) == "250m"
    assert repr(q) == "Quantity('250m')"


_INPUTS = st.one_of(
    st.builds(lambda n, s: f"{n}{s}", st.integers(-10**15, 10**15),
              st.sampled_from(["", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi",
                               "Ti", "Pi", "Ei", "e3", "e-3", "E6"])),
    st.builds(lambda a, b, s: f"{a}.{b}{s}", st.integers(0, 10**6), st.integers(0, 10**6),
              st.sampled_from(["", "m", "k", "Mi", "Gi", "e2"])),
)


@given(_INPUTS)
def test_round_trip_parse_of_str(text):
    q = Quantity(text)
    # DecimalSI has no suffix past E (10**18): upstream prints such values without one
    assume(abs(q.as_approximate_float64()) < 1e21 or q.format != DECIMAL_SI)
    again = Quantity(str(q))
    assert again == q
    assert str(again) == str(q)


@given(st.integers(-10**12, 10**12), st.integers(-9, 12))
def test_value_is_ceiling_for_fast_form(n, scale):
    q = Quantity.new_scaled_quantity(n, scale)
    exact = n * 10**scale if scale >= 0 else None
    if exact is not None:
        assert q.value() == (exact if exact <= MOST_POSITIVE and exact >= MOST_NEGATIVE else 0)
    else:
        div = 10 ** (-scale)
        away = -(-abs(n) // div)
        assert q.value() == (away if n >= 0 else -away)


# TestJSON: the fuzzer's quantities survive marshal (str) and unmarshal (parse)
_FUZZ = st.one_of(
    st.builds(lambda n: Quantity.new_decimal_quantity(n, 0, BINARY_SI),
              st.integers(0, MOST_POSITIVE)),
    st.builds(lambda n, k: Quantity.new_decimal_quantity(n << (10 * k), 0, BINARY_SI),
              st.integers(0, 1023), st.integers(0, 4)),
    st.builds(lambda n, s, f: Quantity.new_decimal_quantity(n, -s, f),
              st.integers(0, MOST_POSITIVE), st.integers(0, 3),
              st.sampled_from([DECIMAL_SI, DECIMAL_EXPONENT])),
    st.builds(lambda n, s, f: Quantity.new_decimal_quantity(n, -(3 - s), f), st.integers(0, 999),
              st.integers(0, 14), st.sampled_from([DECIMAL_SI, DECIMAL_EXPONENT])),
)


@given(_FUZZ)
def test_json_round_trip(q):
    assert Quantity(q.to_json()).cmp(q) == 0


@pytest.mark.parametrize("raw,expect", [
    (" 1", "1"), ("1 ", "1"), (1, "1"), (10, "10"), (-1, "-1"),
])
def test_json_whitespace(raw, expect):
    from k8slearn.api import from_dict

    pod = from_dict({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
                     "spec": {"containers": [{"name": "c", "resources": {"limits": {"x": raw}}}]}},
                    validate=False)
    assert str(pod.spec.containers[0].resources.limits["x"]) == expect


def test_negative_rounding_differs_between_the_two_forms():
    assert Quantity("-1n").value() == -1  # int64Amount: away from zero
    assert Quantity("-0.0000000001").value() == 1  # inf.Dec: truncate, then add one
    assert Quantity("-1.5").value() == -2
    assert Quantity("-1.5").to_dec().value() == 0
