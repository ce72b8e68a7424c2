"""The exercise framework itself: coercion, hiding, build cases, progress and reveal."""

from __future__ import annotations

import math
import threading
from fractions import Fraction

import pytest

import k8slearn.exercises as ex
from k8slearn.exercises import _build


@pytest.fixture
def registry():
    """Register throw-away exercises, and forget them (and their status) afterwards."""
    before = dict(ex.REGISTRY)
    status = dict(ex._STATUS)
    yield ex.REGISTRY
    ex.REGISTRY.clear()
    ex.REGISTRY.update(before)
    ex._STATUS.clear()
    ex._STATUS.update(status)


@pytest.mark.parametrize(("answer", "expected"), [
    (11, 11), (11.0, 11), (Fraction(22, 2), 11), (-3.0, -3), (10**5000, 10**5000),
], ids=["int", "float", "fraction", "negative", "huge"])
def test_whole_number_accepts_integral_values_in_any_type(answer, expected):
    assert ex.whole_number(answer) == expected


@pytest.mark.parametrize("answer", [True, False, 11.5, math.nan, math.inf, -math.inf, "11",
                                    None, [11], 1e400])
def test_whole_number_rejects_the_rest_with_a_type_error(answer):
    with pytest.raises(TypeError, match="give a whole number"):
        ex.whole_number(answer)


def test_number_rejects_non_finite_and_too_large():
    assert ex.number(3) == 3.0 and ex.number(0.5) == 0.5
    for bad in (math.nan, math.inf, 10**5000, True, "1"):
        with pytest.raises(TypeError):
            ex.number(bad)


@pytest.mark.parametrize("spelling", ["AddRateLimited", "add_rate_limited()", " addRateLimited ",
                                      "ADD-RATE-LIMITED"])
def test_name_key_folds_spellings(spelling):
    assert ex.name_key(spelling) == "addratelimited"
    assert ex.hashed(spelling, ex.answer_hash("addratelimited"))


def test_hash_and_seal_hide_the_text():
    digest = ex.answer_hash("addratelimited")
    assert "addratelimited" not in digest and len(digest) == 64
    sealed = ex.seal("the answer is 7 replicas")
    assert "answer" not in sealed and ex.unseal(sealed) == "the answer is 7 replicas"


def test_predict_check_never_raises_and_records_status(registry, capsys):
    @ex.exercise("demo.count", "How many?", kind="predict", notebook="99_demo",
                 number="99.1", inputs=("add('zz')",), reveal=lambda: "three, because ...")
    def check_count(answer):
        return ex.whole_number(answer) == 3, "hint: count the FIFO"

    assert str(check_count(...)).startswith("[demo.count] Not yet: replace the ...")
    ex.reveal("99.1")
    assert "try it first" in capsys.readouterr().out
    ex.progress("99_demo")
    assert "99.1   predict  demo.count  not yet tried" in capsys.readouterr().out

    wrong = check_count("three")
    assert not wrong and "wrong shape" in wrong.message
    ex.progress("99_demo")
    out = capsys.readouterr().out
    assert "0 of 1 exercises correct" in out and "answered, not yet right" in out
    ex.reveal("demo.count")
    assert "Exercise 99.1: three, because ..." in capsys.readouterr().out

    assert check_count(3.0).correct
    ex.progress("99_demo")
    assert "1 of 1 exercises correct" in capsys.readouterr().out
    assert ex.check("99.1", 3).correct and ex.lookup("99.1").inputs == ("add('zz')",)
    assert not check_count(4)  # a later wrong try does not undo a correct answer
    ex.progress("99_demo")
    assert "1 of 1 exercises correct" in capsys.readouterr().out


def test_reveal_of_a_sealed_text_and_of_no_text(registry, capsys):
    @ex.exercise("demo.name", "Which?", kind="debug", notebook="99_demo", number="99.2",
                 reveal=ex.seal("the limiter's When"))
    def check_name(answer):
        return ex.hashed(answer, ex.answer_hash("when")), "look at the limiter"

    @ex.exercise("demo.bare", "Bare?", kind="debug", notebook="99_demo", number="99.3")
    def check_bare(answer):
        return False, "no"

    assert not check_name("Forget")
    assert check_name("When()").correct
    check_bare("x")
    ex.reveal("99.2")
    ex.reveal("99.3")
    out = capsys.readouterr().out
    assert "Exercise 99.2: the limiter's When" in out
    assert "Exercise 99.3: no worked answer is stored" in out


def test_unknown_exercise_and_bad_kind(registry):
    with pytest.raises(KeyError, match="no exercise"):
        ex.lookup("99.99")
    with pytest.raises(ValueError, match="kind must be one of"):
        ex.exercise("demo.bad", "?", kind="guess")(lambda a: (True, ""))


def _cases():
    return [
        ex.Case("TestAdd", "add(1, 2)", lambda f: f(1, 2), 3, "adding two numbers"),
        ex.Case("TestNeg", "add(-1, -2)", lambda f: f(-1, -2), -3, "negatives too"),
        ex.Case("TestClose", "add(0.1, 0.2)", lambda f: f(0.1, 0.2), 0.3, "floats",
                compare=math.isclose),
    ]


def test_build_check_reports_the_first_failing_case(registry):
    check = ex.build_exercise("demo.add", "Write add", notebook="99_demo", number="99.4")(_cases)
    assert check(lambda a, b: a + b).message == "3 of 3 cases pass."
    wrong = check(lambda a, b: abs(a) + abs(b))
    assert not wrong
    assert wrong.message.startswith("2 of 3 cases pass. First failing case: TestNeg")
    assert "given:    add(-1, -2)" in wrong.message and "expected: -3" in wrong.message
    assert "got:      3" in wrong.message and "hint:     negatives too" in wrong.message

    def boom(a, b):
        raise RuntimeError("kaput")

    crashed = check(boom)
    assert "0 of 3 cases pass" in crashed.message
    assert "raised RuntimeError: kaput" in crashed.message
    assert "replace the ..." in check(...).message


def test_build_check_rejects_stubs_without_raising(registry):
    check = ex.build_exercise("demo.cls", "Write a class", notebook="99_demo", number="99.5")(
        lambda: [ex.Case("TestLen", "len(C())", lambda C: len(C()), 0, "__len__")])

    class Stub:
        pass

    result = check(Stub)
    assert not result and result.message.startswith("not built yet")
    assert "raised TypeError" in result.message
    assert "First failing case: TestLen" in check(lambda: None).message


def test_a_blocking_candidate_is_stopped(registry, monkeypatch):
    monkeypatch.setattr(_build, "CASE_SECONDS", 0.2)
    check = ex.build_exercise("demo.block", "Do not block", notebook="99_demo", number="99.6")(
        lambda: [ex.Case("TestGetAfterShutDown", "get() on an empty queue after shut_down()",
                         lambda f: f(), None, "get must return when the queue is shut down")])
    event = threading.Event()
    result = check(lambda: event.wait())  # would block forever
    assert "did not return within 0.2 s" in result.message


def test_cases_raising_inside_run_are_reported_not_raised(registry):
    def cases():
        raise ValueError("broken table")

    check = ex.build_exercise("demo.broken", "x", notebook="99_demo", number="99.7")(cases)
    result = check(lambda: None)
    assert not result and "the cases could not run (ValueError: broken table)" in result.message
