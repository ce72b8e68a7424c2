"""The exercise framework itself: coercion, hiding, build cases, progress and reveal."""

from __future__ import annotations

import math
import threading
import types
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


@pytest.mark.parametrize("spelling", ["q.AddRateLimited(key)", "workqueue.AddRateLimited",
                                      "rateLimitingType.AddRateLimited()"])
def test_hashed_accepts_qualified_names_and_calls(spelling):
    assert ex.hashed(spelling, ex.answer_hash("addratelimited"))
    assert not ex.hashed("q.Forget(key)", ex.answer_hash("addratelimited"))
    assert not ex.hashed("", ex.answer_hash(""))


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


class _Broken(Exception):
    def __str__(self):
        raise _Broken()


class _Evil:
    """A learner's object on which every protocol raises."""

    def __eq__(self, other):
        raise _Broken()

    __hash__ = None

    def __bool__(self):
        raise RuntimeError("no truth")

    def __repr__(self):
        raise _Broken()

    __str__ = __repr__

    def __index__(self):
        raise _Broken()


class _EqualsEvil:
    def __eq__(self, other):
        return _Evil()  # == answers with an object whose bool() raises

    __hash__ = None


def test_predict_check_survives_objects_whose_protocols_raise(registry):
    @ex.exercise("demo.eq", "Which?", kind="predict", notebook="99_demo", number="99.8",
                 inputs=("zzzz",))
    def check_eq(answer):
        return answer == 7, answer  # a careless checker: learner's object in both places

    deep = []
    for _ in range(100_000):
        deep = [deep]
    for answer in (_Evil(), _EqualsEvil(), deep, _Broken(), (x for x in range(3))):
        result = check_eq(answer)
        assert isinstance(result, ex.Result) and not result.correct
        assert isinstance(result.message, str) and str(result) and repr(result)
        if not isinstance(answer, types.GeneratorType):
            assert "wrong shape" in result.message, result.message


def _one_case(key, number, run, expected=3, **kw):
    return ex.build_exercise(key, "x", notebook="99_demo", number=number)(
        lambda: [ex.Case("TestOne", "f()", run, expected, "the hint", **kw)])


def test_build_check_survives_hostile_candidates(registry, monkeypatch):
    monkeypatch.setattr(_build, "CASE_SECONDS", 0.2)
    check = _one_case("demo.hostile", "99.9", lambda f: f())

    def raises_broken():
        raise _Broken()

    def recurses():
        return recurses()

    def loops_in_eq():
        class Slow:
            def __eq__(self, other):
                while True:
                    pass
        return Slow()

    def swallows():
        while True:
            try:
                threading.Event().wait()
            except Exception:  # noqa: BLE001 - the learner's retry loop
                pass

    class AttributeHostile:
        def __getattr__(self, name):
            raise RuntimeError("boom")

        def __call__(self):
            return 4

    expected = {
        _Evil: "could not be compared", _EqualsEvil: "could not be compared",
        AttributeHostile(): "got:      4",
        raises_broken: "raised _Broken: _Broken", recurses: "raised RecursionError",
        loops_in_eq: "did not return within 0.2 s", swallows: "did not return within 0.2 s",
        (lambda: (x for x in range(3))): "<generator object",
    }
    for candidate, words in expected.items():
        result = check(candidate)
        assert not result.correct and "First failing case: TestOne" in result.message
        assert words in result.message, (candidate, result.message)
        assert str(result)


def test_the_case_timer_resumes_a_callers_timer(registry, monkeypatch):
    import signal

    monkeypatch.setattr(_build, "CASE_SECONDS", 0.2)
    fired = []

    def handler(*args):
        fired.append(1)

    previous = signal.signal(signal.SIGALRM, handler)
    saved = signal.setitimer(signal.ITIMER_REAL, 0)  # a runner's own timer, if any
    try:
        signal.setitimer(signal.ITIMER_REAL, 50.0)
        assert _one_case("demo.timer", "99.10", lambda f: f())(lambda: 3).correct
        left, _ = signal.setitimer(signal.ITIMER_REAL, 0)
        assert 45 < left <= 50 and not fired
        assert signal.getsignal(signal.SIGALRM) is handler
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if saved[0] > 0:
            signal.setitimer(signal.ITIMER_REAL, *saved)


def test_a_blocking_candidate_is_stopped_off_the_main_thread(registry, monkeypatch):
    monkeypatch.setattr(_build, "CASE_SECONDS", 0.2)
    check = _one_case("demo.thread", "99.11", lambda f: f(), expected=None)
    release = threading.Event()
    results = []
    worker = threading.Thread(target=lambda: results.append(check(release.wait)))
    worker.start()
    worker.join(10)
    release.set()  # let the abandoned case finish
    assert not worker.is_alive() and "did not return within 0.2 s" in results[0].message
    ok = []
    worker = threading.Thread(target=lambda: ok.append(check(lambda: None)))
    worker.start()
    worker.join(10)
    assert ok[0].correct


def test_the_shipped_stub_is_not_a_try(registry, capsys):
    check = _one_case("demo.stub", "99.12", lambda f: f(1))

    def stub(n):
        """Your code here."""
        ...

    class StubClass:
        def __init__(self):
            ...  # your state

        def add(self, item):
            pass

        def get(self):
            raise NotImplementedError

        def __len__(self):
            return 0

    class NoMethods:
        pass

    for candidate in (stub, StubClass, NoMethods, _build_stub_returning_none):
        assert not check(candidate).correct
    ex.progress("99_demo")
    assert "demo.stub  not yet tried" in capsys.readouterr().out
    ex.reveal("99.12")
    assert "try it first" in capsys.readouterr().out
    assert "not built yet" in check(NoMethods).message

    check(lambda n: n + 1)  # a real attempt
    ex.progress("99_demo")
    assert "answered, not yet right" in capsys.readouterr().out


def _build_stub_returning_none(*args, **kwargs):
    return None


def test_reveal_must_be_callable_or_sealed_and_never_raises(registry, capsys):
    with pytest.raises(ValueError, match="seal"):
        ex.exercise("demo.plain", "?", kind="debug", notebook="99_demo", number="99.13",
                    reveal="the answer is AddRateLimited")(lambda a: (False, ""))

    @ex.exercise("demo.crash", "?", kind="debug", notebook="99_demo", number="99.14",
                 reveal=lambda: 1 / 0)
    def check_crash(answer):
        return False, "no"

    check_crash("x")
    ex.reveal("99.14")
    assert "could not be computed: ZeroDivisionError" in capsys.readouterr().out


def test_progress_and_lookup_tolerate_odd_entries(registry, capsys):
    ex.exercise("demo.nonumber", "?", kind="debug", notebook="99_demo")(lambda a: (False, ""))
    ex.exercise("demo.numbered", "?", kind="debug", notebook="99_demo",
                number="99.15")(lambda a: (False, ""))
    ex.progress("99_demo")
    assert "demo.nonumber" in capsys.readouterr().out
    with pytest.raises(KeyError, match="as a string"):
        ex.lookup(99.15)
    assert ex.exercise("demo.str", "?", kind="predict", notebook="99_demo", number="99.16",
                       inputs="add('zz')")(lambda a: (False, "")) and \
        ex.lookup("99.16").inputs == ("add('zz')",)


def test_after_one_timeout_the_remaining_cases_get_less_time(registry, monkeypatch):
    monkeypatch.setattr(_build, "CASE_SECONDS", 0.5)
    limits = []
    real_run_one = _build._run_one

    def spy(case, candidate, limit):
        limits.append(limit)
        return real_run_one(case, candidate, limit)

    monkeypatch.setattr(_build, "_run_one", spy)
    check = ex.build_exercise("demo.slow", "x", notebook="99_demo", number="99.17")(
        lambda: [ex.Case(f"TestBlock{i}", "get()", lambda f: f(), None, "shut down")
                 for i in range(3)])
    message = check(threading.Event().wait).message
    assert "0 of 3 cases pass" in message and "did not return within 0.5 s" in message
    assert limits == [0.5, 0.05, 0.05]
