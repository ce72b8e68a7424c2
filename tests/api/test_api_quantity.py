"""Quantity, ported case by case from apimachinery pkg/api/resource/quantity_test.go @ v0.36.3."""

from __future__ import annotations

import pytest

from k8slearn.api.resource import (
    BINARY_SI,
    DECIMAL_EXPONENT,
    DECIMAL_SI,
    ERR_FORMAT_WRONG,
    ERR_SUFFIX,
    Quantity,
    _split,
    parse_quantity,
)

MOST_POSITIVE = (1 << 63) - 1
MOST_NEGATIVE = -(1 << 63)


def dec_q(i: int, exp: int, fmt: str) -> Quantity:
    """decQuantity: i * 10**exp in the inf.Dec form."""
    return Quantity.new_decimal_quantity(i, exp, fmt)


def int_q(i: int, exp: int, fmt: str) -> Quantity:
    """intQuantity: i * 10**exp in the int64Amount form."""
    return Quantity._make(i, exp, fmt)



def test_quantity_parse_zero():
    assert str(Quantity("0")) == "0"


def test_quantity_parse_non_numeric_raises():
    with pytest.raises(ValueError, match="quantities must match the regular expression"):
        Quantity("Non-Numeric")


@pytest.mark.parametrize("text", ["100m", "1Gi"])
def test_add_and_sub_zero_preserve_suffix(text):
    zero, value = Quantity("0"), Quantity(text)
    assert str(value.add(zero)) == text
    assert str(zero.add(value)) == text
    assert str(value.sub(zero)) == text
    assert str(zero.sub(value)) == str(value.neg())


def test_canonicalize_zero():
    assert str(int_q(0, -3, DECIMAL_SI)) == "0"


@pytest.mark.parametrize("x,y,expect", [
    ("0", "0", 0), ("100m", "50m", 1), ("50m", "100m", -1), ("10000T", "100Gi", 1),
])
def test_quantity_cmp(x, y, expect):
    assert Quantity(x).cmp(Quantity(y)) == expect


@pytest.mark.parametrize("x,y,expect", [
    (dec_q(0, 0, DECIMAL_SI), dec_q(0, 0, DECIMAL_SI), 0),
    (Quantity(), dec_q(0, 0, DECIMAL_SI), 0),
    (dec_q(0, 0, DECIMAL_SI), Quantity(), 0),
    (Quantity(), Quantity(), 0),
    (Quantity(), dec_q(10, 0, DECIMAL_SI), -1),
    (Quantity(), dec_q(-10, 0, DECIMAL_SI), 1),
    (dec_q(10, 0, DECIMAL_SI), Quantity(), 1),
    (dec_q(-10, 0, DECIMAL_SI), Quantity(), -1),
])
def test_quantity_cmp_dec(x, y, expect):
    assert x.cmp(y) == expect


@pytest.mark.parametrize("text,positive,value,num,denom,suffix", [
    ("0.025Ti", True, "0.025", "0", "025", "Ti"),
    ("1.025Ti", True, "1.025", "1", "025", "Ti"),
    ("-1.025Ti", False, "-1.025", "1", "025", "Ti"),
    (".", True, ".", "0", "", ""),
    ("-.", False, "-.", "0", "", ""),
    ("1E-3", True, "1", "1", "", "E-3"),
])
def test_parse_quantity_string(text, positive, value, num, denom, suffix):
    assert _split(text) == (positive, value, num, denom, suffix)


# TestQuantityParse: input -> (mantissa, exponent, format)
PARSE_TABLE = [
    ("0", 0, 0, DECIMAL_SI), ("0n", 0, 0, DECIMAL_SI), ("0u", 0, 0, DECIMAL_SI),
    ("0m", 0, 0, DECIMAL_SI), ("0Ki", 0, 0, BINARY_SI), ("0k", 0, 0, DECIMAL_SI),
    ("0Mi", 0, 0, BINARY_SI), ("0M", 0, 0, DECIMAL_SI), ("0Gi", 0, 0, BINARY_SI),
    ("0G", 0, 0, DECIMAL_SI), ("0Ti", 0, 0, BINARY_SI), ("0T", 0, 0, DECIMAL_SI),
    # Quantity less numbers are allowed
    ("1", 1, 0, DECIMAL_SI),
    # Binary suffixes
    ("1Ki", 1024, 0, BINARY_SI), ("8Ki", 8 * 1024, 0, BINARY_SI),
    ("7Mi", 7 * 1024**2, 0, BINARY_SI), ("6Gi", 6 * 1024**3, 0, BINARY_SI),
    ("5Ti", 5 * 1024**4, 0, BINARY_SI), ("4Pi", 4 * 1024**5, 0, BINARY_SI),
    ("3Ei", 3 * 1024**6, 0, BINARY_SI), ("10Ti", 10 * 1024**4, 0, BINARY_SI),
    ("100Ti", 100 * 1024**4, 0, BINARY_SI),
    # Decimal suffixes
    ("5n", 5, -9, DECIMAL_SI), ("4u", 4, -6, DECIMAL_SI), ("3m", 3, -3, DECIMAL_SI),
    ("9", 9, 0, DECIMAL_SI), ("8k", 8, 3, DECIMAL_SI), ("50k", 5, 4, DECIMAL_SI),
    ("7M", 7, 6, DECIMAL_SI), ("6G", 6, 9, DECIMAL_SI), ("5T", 5, 12, DECIMAL_SI),
    ("40T", 4, 13, DECIMAL_SI), ("300T", 3, 14, DECIMAL_SI), ("2P", 2, 15, DECIMAL_SI),
    ("1E", 1, 18, DECIMAL_SI),
    # Decimal exponents
    ("1E-3", 1, -3, DECIMAL_EXPONENT), ("1e3", 1, 3, DECIMAL_EXPONENT),
    ("1E6", 1, 6, DECIMAL_EXPONENT), ("1e9", 1, 9, DECIMAL_EXPONENT),
    ("1E12", 1, 12, DECIMAL_EXPONENT), ("1e15", 1, 15, DECIMAL_EXPONENT),
    ("1E18", 1, 18, DECIMAL_EXPONENT),
    # Nonstandard but still parsable
    ("1e14", 1, 14, DECIMAL_EXPONENT), ("1e13", 1, 13, DECIMAL_EXPONENT),
    ("100.035k", 100035, 0, DECIMAL_SI),
    # Things that look like floating point
    ("0.001", 1, -3, DECIMAL_SI), ("0.0005k", 5, -1, DECIMAL_SI),
    ("0.005", 5, -3, DECIMAL_SI), ("0.05", 5, -2, DECIMAL_SI), ("0.5", 5, -1, DECIMAL_SI),
    ("0.00050k", 5, -1, DECIMAL_SI), ("0.00500", 5, -3, DECIMAL_SI),
    ("0.05000", 5, -2, DECIMAL_SI), ("0.50000", 5, -1, DECIMAL_SI),
    ("0.5e0", 5, -1, DECIMAL_EXPONENT), ("0.5e-1", 5, -2, DECIMAL_EXPONENT),
    ("0.5e-2", 5, -3, DECIMAL_EXPONENT), ("10.035M", 10035, 3, DECIMAL_SI),
    ("1.2e3", 12, 2, DECIMAL_EXPONENT), ("1.3E+6", 13, 5, DECIMAL_EXPONENT),
    ("1.40e9", 14, 8, DECIMAL_EXPONENT), ("1.53E12", 153, 10, DECIMAL_EXPONENT),
    ("1.6e15", 16, 14, DECIMAL_EXPONENT), ("1.7E18", 17, 17, DECIMAL_EXPONENT),
    ("9.01", 901, -2, DECIMAL_SI), ("8.1k", 81, 2, DECIMAL_SI),
    ("7.123456M", 7123456, 0, DECIMAL_SI), ("6.987654321G", 6987654321, 0, DECIMAL_SI),
    ("5.444T", 5444, 9, DECIMAL_SI), ("40.1T", 401, 11, DECIMAL_SI),
    ("300.2T", 3002, 11, DECIMAL_SI), ("2.5P", 25, 14, DECIMAL_SI),
    ("1.01E", 101, 16, DECIMAL_SI),
    # Things that saturate/round
    ("3.001n", 4, -9, DECIMAL_SI), ("1.1E-9", 2, -9, DECIMAL_EXPONENT),
    ("0.0000000001", 1, -9, DECIMAL_SI), ("0.0000000005", 1, -9, DECIMAL_SI),
    ("0.00000000050", 1, -9, DECIMAL_SI), ("0.5e-9", 1, -9, DECIMAL_EXPONENT),
    ("0.9n", 1, -9, DECIMAL_SI), ("0.00000012345", 124, -9, DECIMAL_SI),
    ("0.00000012354", 124, -9, DECIMAL_SI),
    ("9Ei", MOST_POSITIVE, 0, BINARY_SI), ("9223372036854775807Ki", MOST_POSITIVE, 0, BINARY_SI),
    ("12E", 12, 18, DECIMAL_SI),
    # We'll accept fractional binary stuff, too.
    ("100.035Ki", 10243584, -2, BINARY_SI), ("0.5Mi", 512 * 1024, 0, BINARY_SI),
    ("0.05Gi", 536870912, -1, BINARY_SI), ("0.025Ti", 274877906944, -1, BINARY_SI),
    # Things written by trolls
    ("0.000000000001Ki", 2, -9, DECIMAL_SI),  # rounds up, changes format
    (".001", 1, -3, DECIMAL_SI), (".0001k", 100, -3, DECIMAL_SI), ("1.", 1, 0, DECIMAL_SI),
    ("1.G", 1, 9, DECIMAL_SI),
]


@pytest.mark.parametrize("text,mantissa,exp,fmt", PARSE_TABLE, ids=[r[0] for r in PARSE_TABLE])
def test_quantity_parse(text, mantissa, exp, fmt):
    expect = dec_q(mantissa, exp, fmt)
    got = Quantity(text)
    assert got.cmp(expect) == 0 and got.format == fmt
    assert got.to_dec().cmp(expect) == 0
    i, ok = expect.as_int64()
    j, ok2 = got.as_int64()
    if ok and ok2:
        assert i == j
    # rebuilding from the decomposed parts gives the same value
    positive, _, num, denom, suffix = _split(text)
    rebuilt = ("" if positive else "-") + num + ("." + denom if denom else "") + suffix
    assert Quantity(rebuilt) == got
    # the negative and explicitly positive versions
    neg = Quantity("-" + text)
    assert neg.cmp(expect.neg()) == 0 and neg.format == fmt
    pos = Quantity("+" + text)
    assert pos.cmp(expect) == 0 and pos.format == fmt


INVALID = ["1.1.M", "1+1.0M", "0.1mi", "0.1am", "aoeu", ".5i", "1i", "-3.01i", "-3.01e-",
           " 1", "1 ", ""]


@pytest.mark.parametrize("text", INVALID)
def test_quantity_parse_invalid(text):
    with pytest.raises(ValueError):
        Quantity(text)


@pytest.mark.parametrize("text,message", [
    ("1Gb", ERR_FORMAT_WRONG), ("aoeu", ERR_FORMAT_WRONG), ("0.1mi", ERR_SUFFIX),
    ("1i", ERR_SUFFIX),
])
def test_quantity_parse_error_messages(text, message):
    with pytest.raises(ValueError) as exc:
        parse_quantity(text)
    assert str(exc.value) == message


def test_error_message_quotes_the_regular_expression():
    assert ERR_FORMAT_WRONG == ("quantities must match the regular expression "
                                "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")


ROUND_UP = [
    ("9.01", -3, (901, -2), True), ("9.01", -2, (901, -2), True),
    ("9.01", -1, (91, -1), False), ("9.01", 0, (10, 0), False),
    ("9.01", 1, (10, 0), False), ("9.01", 2, (100, 0), False),
    ("-9.01", -3, (-901, -2), True), ("-9.01", -2, (-901, -2), True),
    ("-9.01", -1, (-91, -1), False), ("-9.01", 0, (-10, 0), False),
    ("-9.01", 1, (-10, 0), False), ("-9.01", 2, (-100, 0), False),
]


@pytest.mark.parametrize("as_dec", [False, True])
@pytest.mark.parametrize("text,scale,expect,exact", ROUND_UP)
def test_quantity_round_up(text, scale, expect, exact, as_dec):
    q = Quantity(text)
    if as_dec:
        q = q.to_dec()
    got, ok = q.round_up(scale)
    assert ok == exact
    assert got.cmp(dec_q(*expect, DECIMAL_SI)) == 0


CMP_INT64_AND_DEC = [
    ((901, -2), (901, -2), 0), ((90, -1), (901, -2), -1), ((901, -2), (900, -2), 1),
    ((0, 0), (0, 0), 0), ((0, 1), (0, -1), 0), ((0, -1), (0, 1), 0),
    ((800, -3), (1, 0), -1), ((800, -3), (79, -2), 1),
    ((MOST_POSITIVE, 0), (1, -1), 1), ((MOST_POSITIVE, 1), (1, 0), 1),
    ((MOST_POSITIVE, 1), (1, 1), 1), ((MOST_POSITIVE, 1), (0, 1), 1),
    ((MOST_POSITIVE, -16), (1, 3), -1),
    ((MOST_NEGATIVE, 0), (0, 0), -1), ((MOST_NEGATIVE, -18), (-1, 0), -1),
    ((MOST_NEGATIVE, -19), (-1, 0), 1),
    ((10**18, -17), (1, 1), 0), ((10**18, -17), (-10, 0), 1),
    ((-(10**18), -17), (-10, 0), 0), ((10**18, -17), (1, 0), 1),
    ((10**18 + 1, -17), (1, 1), 1), ((10**18 - 1, -17), (1, 1), -1),
]


@pytest.mark.parametrize("a,b,cmp", CMP_INT64_AND_DEC)
def test_quantity_cmp_int64_and_dec(a, b, cmp):
    for qa in (int_q(*a, DECIMAL_SI), dec_q(*a, DECIMAL_SI)):
        for qb in (int_q(*b, DECIMAL_SI), dec_q(*b, DECIMAL_SI)):
            assert qa.cmp(qb) == cmp
            assert qb.cmp(qa) == -cmp


@pytest.mark.parametrize("q", [int_q(901, -2, DECIMAL_SI), dec_q(901, -2, DECIMAL_SI)])
def test_quantity_neg(q):
    out = q.neg()
    assert out != q
    assert str(out) == "-9010m"


STRING_TABLE = [
    (dec_q(1024**3, 0, BINARY_SI), "1Gi", "1024Mi"),
    (dec_q(300 * 1024**2, 0, BINARY_SI), "300Mi", "307200Ki"),
    (dec_q(6 * 1024, 0, BINARY_SI), "6Ki", ""),
    (dec_q(1001 * 1024**3, 0, BINARY_SI), "1001Gi", "1025024Mi"),
    (dec_q(1024**4, 0, BINARY_SI), "1Ti", "1024Gi"),
    (dec_q(5, 0, BINARY_SI), "5", "5000m"),
    (dec_q(500, -3, BINARY_SI), "500m", "0.5"),
    (dec_q(1, 9, DECIMAL_SI), "1G", "1000M"),
    (dec_q(1000, 6, DECIMAL_SI), "1G", "0.001T"),
    (dec_q(1000000, 3, DECIMAL_SI), "1G", ""),
    (dec_q(1000000000, 0, DECIMAL_SI), "1G", ""),
    (dec_q(1, -3, DECIMAL_SI), "1m", "1000u"),
    (dec_q(80, -3, DECIMAL_SI), "80m", ""),
    (dec_q(1080, -3, DECIMAL_SI), "1080m", "1.08"),
    (dec_q(108, -2, DECIMAL_SI), "1080m", "1080000000n"),
    (dec_q(10800, -4, DECIMAL_SI), "1080m", ""),
    (dec_q(300, 6, DECIMAL_SI), "300M", ""),
    (dec_q(1, 12, DECIMAL_SI), "1T", ""),
    (dec_q(1234567, 6, DECIMAL_SI), "1234567M", ""),
    (dec_q(1234567, -3, BINARY_SI), "1234567m", ""),
    (dec_q(3, 3, DECIMAL_SI), "3k", ""),
    (dec_q(1025, 0, BINARY_SI), "1025", ""),
    (dec_q(0, 0, DECIMAL_SI), "0", ""),
    (dec_q(0, 0, BINARY_SI), "0", ""),
    (dec_q(1, 9, DECIMAL_EXPONENT), "1e9", ".001e12"),
    (dec_q(1, -3, DECIMAL_EXPONENT), "1e-3", "0.001e0"),
    (dec_q(1, -9, DECIMAL_EXPONENT), "1e-9", "1000e-12"),
    (dec_q(80, -3, DECIMAL_EXPONENT), "80e-3", ""),
    (dec_q(300, 6, DECIMAL_EXPONENT), "300e6", ""),
    (dec_q(1, 12, DECIMAL_EXPONENT), "1e12", ""),
    (dec_q(1, 3, DECIMAL_EXPONENT), "1e3", ""),
    (dec_q(3, 3, DECIMAL_EXPONENT), "3e3", ""),
    (dec_q(3, 3, DECIMAL_SI), "3k", ""),
    (dec_q(0, 0, DECIMAL_EXPONENT), "0", "00"),
    (dec_q(1, -9, DECIMAL_SI), "1n", ""),
    (dec_q(80, -9, DECIMAL_SI), "80n", ""),
    (dec_q(1080, -9, DECIMAL_SI), "1080n", ""),
    (dec_q(108, -8, DECIMAL_SI), "1080n", ""),
    (dec_q(10800, -10, DECIMAL_SI), "1080n", ""),
    (dec_q(1, -6, DECIMAL_SI), "1u", ""),
    (dec_q(80, -6, DECIMAL_SI), "80u", ""),
    (dec_q(1080, -6, DECIMAL_SI), "1080u", ""),
]


@pytest.mark.parametrize("q,expect,alternate", STRING_TABLE, ids=[r[1] + "/" + r[2]
                                                                  for r in STRING_TABLE])
def test_quantity_string(q, expect, alternate):
    assert str(q) == expect
    parsed = Quantity(expect)
    assert parsed._s == expect  # parse keeps the canonical text
    if alternate:
        alt = Quantity(alternate)
        assert alt._s == ""  # a non-canonical input is not kept ...
        assert str(alt) == expect  # ... and is re-rendered canonically
    if not q.is_zero():
        assert str(q.neg()) == "-" + expect


PARSE_EMIT = [("1Ki", "1Ki"), ("1Mi", "1Mi"), ("1Gi", "1Gi"), ("1024Mi", "1Gi"),
              ("1000M", "1G"), (".001Ki", "1024m"), (".000001Ki", "1024u"),
              (".000000001Ki", "1024n"), (".000000000001Ki", "2n")]


@pytest.mark.parametrize("text,expect", PARSE_EMIT)
def test_quantity_parse_emit(text, expect):
    assert str(Quantity(text)) == expect
    assert str(Quantity("-" + text)) == "-" + expect


@pytest.mark.parametrize("value,fmt,expect,exact", [
    (1, DECIMAL_SI, "1m", True), (1000, DECIMAL_SI, "1", True),
    (1234000, DECIMAL_SI, "1234", True), (1024, BINARY_SI, "1024m", False),
    (1000000, "invalidFormatDefaultsToExponent", "1e3", True),
    (1024 * 1024, BINARY_SI, "1048576m", False),
])
def test_milli_new_set(value, fmt, expect, exact):
    q = Quantity.new_milli_quantity(value, fmt)
    assert str(q) == expect
    if exact:
        assert Quantity(str(q)).milli_value() == value


@pytest.mark.parametrize("as_dec", [False, True])
@pytest.mark.parametrize("value,fmt,expect", [
    (1, DECIMAL_SI, "1"), (1000, DECIMAL_SI, "1k"), (1234000, DECIMAL_SI, "1234k"),
    (1024, BINARY_SI, "1Ki"), (1000000, "invalidFormatDefaultsToExponent", "1e6"),
    (1024 * 1024, BINARY_SI, "1Mi"),
])
def test_new_set(value, fmt, expect, as_dec):
    q = Quantity.new_quantity(value, fmt)
    if as_dec:
        q = q.to_dec()
    assert str(q) == expect
    assert Quantity(str(q)).value() == value


@pytest.mark.parametrize("value,scale,expect", [
    (1, -9, "1n"), (1000, -9, "1u"), (1, -6, "1u"), (1000, -6, "1m"), (1, -3, "1m"),
    (1000, -3, "1"), (1, 0, "1"), (0, -9, "0"), (0, -6, "0"), (0, -3, "0"), (0, 0, "0"),
])
def test_new_scaled_set(value, scale, expect):
    q = Quantity.new_scaled_quantity(value, scale)
    assert str(q) == expect
    assert Quantity(str(q)).scaled_value(scale) == value


@pytest.mark.parametrize("from_scale,to_scale,expected", [
    (-9, -9, 1), (-9, -6, 1), (-9, -3, 1), (-9, 0, 1), (-6, -9, 1000), (-6, -6, 1),
    (-6, -3, 1), (-6, 0, 1), (-3, -9, 1000 * 1000), (-3, -6, 1000), (-3, -3, 1), (-3, 0, 1),
    (0, -9, 1000 * 1000 * 1000), (0, -6, 1000 * 1000), (0, -3, 1000), (0, 0, 1),
    (2, -2, 100 * 100),
])
def test_scaled_value(from_scale, to_scale, expected):
    assert Quantity.new_scaled_quantity(1, from_scale).scaled_value(to_scale) == expected


@pytest.mark.parametrize("a,b,expected", [
    (dec_q(10, 0, DECIMAL_SI), dec_q(1, 1, DECIMAL_SI), dec_q(0, 0, DECIMAL_SI)),
    (dec_q(10, 0, DECIMAL_SI), dec_q(1, 0, BINARY_SI), dec_q(9, 0, DECIMAL_SI)),
    (dec_q(10, 0, BINARY_SI), dec_q(1, 0, DECIMAL_SI), dec_q(9, 0, BINARY_SI)),
    (Quantity(), dec_q(50, 0, DECIMAL_SI), dec_q(-50, 0, DECIMAL_SI)),
    (dec_q(50, 0, DECIMAL_SI), Quantity(), dec_q(50, 0, DECIMAL_SI)),
    (Quantity(), Quantity(), dec_q(0, 0, DECIMAL_SI)),
])
def test_sub(a, b, expected):
    assert a.sub(b) == expected


@pytest.mark.parametrize("a,b,expected", [
    (dec_q(10, 0, DECIMAL_SI), dec_q(1, 1, DECIMAL_SI), dec_q(20, 0, DECIMAL_SI)),
    (dec_q(10, 0, DECIMAL_SI), dec_q(1, 0, BINARY_SI), dec_q(11, 0, DECIMAL_SI)),
    (dec_q(10, 0, BINARY_SI), dec_q(1, 0, DECIMAL_SI), dec_q(11, 0, BINARY_SI)),
    (Quantity(), dec_q(50, 0, DECIMAL_SI), dec_q(50, 0, DECIMAL_SI)),
    (dec_q(50, 0, DECIMAL_SI), Quantity(), dec_q(50, 0, DECIMAL_SI)),
    (Quantity(), Quantity(), dec_q(0, 0, DECIMAL_SI)),
])
def test_add(a, b, expected):
    assert a.add(b) == expected


@pytest.mark.parametrize("a,expected", [
    (int_q(0, 0, DECIMAL_SI), int_q(0, 0, DECIMAL_SI)), (Quantity(), Quantity()),
    (int_q(10, 0, BINARY_SI), int_q(-10, 0, BINARY_SI)),
    (int_q(-10, 0, BINARY_SI), int_q(10, 0, BINARY_SI)),
    (dec_q(0, 0, DECIMAL_SI), int_q(0, 0, DECIMAL_SI)),
    (dec_q(10, 0, BINARY_SI), int_q(-10, 0, BINARY_SI)),
    (dec_q(-10, 0, BINARY_SI), int_q(10, 0, BINARY_SI)),
])
def test_neg(a, expected):
    assert a.neg() == expected


MUL = [
    ((10, 0), 10, (100, 0), True), ((10, 0), 1, (10, 0), True), ((0, 0), 50, (0, 0), True),
    ((50, 0), 0, (0, 0), True), ((10, 0), -10, (-100, 0), True), ((-10, 0), 1, (-10, 0), True),
    ((-50, 0), 0, (0, 0), True), ((-50, 0), -50, (2500, 0), True),
    ((MOST_POSITIVE, 0), 0, (0, 1), True), ((MOST_POSITIVE, 0), 1, (MOST_POSITIVE, 0), True),
    ((MOST_POSITIVE, 0), -1, (-MOST_POSITIVE, 0), True),
    ((MOST_POSITIVE // 2, 0), 2, ((MOST_POSITIVE // 2) * 2, 0), True),
    ((MOST_POSITIVE, 0), 2, (MOST_POSITIVE * 2, 0), False),
    ((MOST_POSITIVE, 0), 10, (MOST_POSITIVE, 1), False),
    ((MOST_POSITIVE, 0), -10, (-MOST_POSITIVE, 1), False),
    ((MOST_NEGATIVE, 0), 0, (0, 1), True), ((MOST_NEGATIVE, 0), 1, (MOST_NEGATIVE, 0), True),
    ((MOST_NEGATIVE, 0), -1, (MOST_POSITIVE + 1, 0), False),
    ((MOST_NEGATIVE // 2, 0), 2, (MOST_NEGATIVE, 0), True),
    ((MOST_NEGATIVE, 0), 2, (MOST_NEGATIVE * 2, 0), False),
    ((MOST_NEGATIVE, 0), 10, (MOST_NEGATIVE, 1), False),
    ((MOST_NEGATIVE, 0), -10, (MOST_POSITIVE + 1, 1), False),
]


@pytest.mark.parametrize("a,b,expected,ok", MUL)
def test_mul(a, b, expected, ok):
    got, got_ok = dec_q(*a, DECIMAL_SI).mul(b)
    assert got_ok == ok
    assert got == dec_q(*expected, DECIMAL_SI)


def test_add_sub_round_trip_across_scales():
    import random

    rng = random.Random(7)
    q = Quantity()
    order = [rng.randrange(1 << 63) for _ in range(100)]
    for j in order:
        q = q.add(Quantity.new_scaled_quantity(j, j % 20 - 10))
    for j in order:
        q = q.sub(Quantity.new_scaled_quantity(j, j % 20 - 10))
    assert q.is_zero()
