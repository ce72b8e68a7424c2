"""The exercises, across every notebook.

- every solution in tests/solutions passes its check, and wrong, missing or
  hostile answers get a hint, never an exception;
- every exercise says its kind, notebook and number, and the notebook's
  Exercises section names it with that kind;
- every chapter has a build and a debug exercise;
- a predict exercise's inputs appear in no demo cell (no give-aways);
- no checker holds its right answer as a literal;
- a build check rejects stubs without raising.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import json
import re
from pathlib import Path

import pytest
from conftest import ROOT

import k8slearn.exercises as ex

SOLUTIONS = sorted((ROOT / "tests" / "solutions").glob("*.py"))
NOTEBOOKS = {p.stem: p for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}
# Chapters teach a mechanism; 00 (orientation) and 40 (capstone) are not chapters.
CHAPTERS = sorted(s for s in NOTEBOOKS if not s.startswith(("00_", "40_")))


def _answers(path: Path) -> dict:
    spec = importlib.util.spec_from_file_location(f"solution_{path.stem}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.ANSWERS


REG = ex.load_all()
CASES = [(p.stem, key, value) for p in SOLUTIONS for key, value in _answers(p).items()]
ANSWER = {key: value for _, key, value in CASES}


def _cells(stem: str) -> list[dict]:
    return json.loads(NOTEBOOKS[stem].read_text(encoding="utf-8"))["cells"]


def _text(cell: dict) -> str:
    """A cell's source and every textual output (streams, results, markdown, errors)."""
    src = "".join(cell.get("source", ""))
    outs = []
    for o in cell.get("outputs", []):
        outs.append("".join(o.get("text", "")))
        for mime in ("text/plain", "text/markdown"):
            outs.append("".join(o.get("data", {}).get(mime, "")))
        outs.append(o.get("evalue", ""))
        outs.append(re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(o.get("traceback", []))))
    return src + "\n" + "\n".join(outs)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("'", '"').lower()


def _own_cells(stem: str, number: str) -> list[dict]:
    """The cells of exercise ``number``: its heading up to the next heading."""
    own, inside = [], False
    for c in _cells(stem):
        src = "".join(c.get("source", ""))
        if c["cell_type"] == "markdown" and re.search(r"(?m)^#{1,3}\s", src):
            inside = bool(re.search(rf"Exercise\s+{re.escape(number)}\s+\(", src))
        if inside:
            own.append(c)
    return own


def _demo_cells(stem: str) -> list[dict]:
    cells = _cells(stem)
    for i, c in enumerate(cells):
        if c["cell_type"] == "markdown" and re.search(r"(?m)^##\s+Exercises", _text(c)):
            return cells[:i]
    raise AssertionError(f"{stem}: no '## Exercises' section")


@pytest.mark.parametrize(("notebook", "key", "answer"), CASES,
                         ids=[f"{n}:{k}" for n, k, _ in CASES])
def test_solution_passes(notebook, key, answer):
    result = ex.check(key, answer)
    assert result.correct, str(result)
    assert REG[key].notebook == notebook, f"{key} is answered in the wrong solutions file"


def test_every_exercise_has_a_solution():
    missing = sorted(set(REG) - set(ANSWER))
    assert not missing, f"exercises without a solution in tests/solutions: {missing}"


class _Unprintable(Exception):
    def __str__(self):
        raise _Unprintable()


class _Hostile:
    """A learner's object on which every protocol raises."""

    def __eq__(self, other):
        raise _Unprintable()

    __hash__ = None

    def __bool__(self):
        raise _Unprintable()

    def __repr__(self):
        raise _Unprintable()

    __str__ = __repr__

    def __iter__(self):
        raise _Unprintable()

    def __len__(self):
        raise _Unprintable()

    def __index__(self):
        raise _Unprintable()

    def __float__(self):
        raise _Unprintable()

    def __lt__(self, other):
        raise _Unprintable()


def _deep(n: int = 50_000) -> list:
    v: list = []
    for _ in range(n):
        v = [v]
    return v


HOSTILE = [..., None, object(), 10**5000, float("nan"), float("inf"), -1, "", "x" * 10_000,
           [1, [2, [3]]], {"a": 1}, True, b"\xff", _Hostile(), [_Hostile()], {_Unprintable()},
           _deep(), (x for x in "abc"), _Unprintable()]


@pytest.mark.parametrize("key", sorted(REG))
def test_wrong_missing_or_hostile_answers_get_a_hint_never_an_exception(key):
    unanswered = ex.check(key, ...)
    assert not unanswered.correct and "..." in unanswered.message
    for answer in HOSTILE:
        result = ex.check(key, answer)  # must not raise
        assert isinstance(result, ex.Result)
        assert isinstance(result.message, str) and result.message.strip()
        assert str(result) and repr(result)
    assert not ex.check(key, object()).correct


@pytest.mark.parametrize("key", sorted(REG))
def test_exercise_is_labelled(key):
    e = REG[key]
    assert e.kind in ex.KINDS, f"{key}: kind"
    assert e.notebook in NOTEBOOKS, f"{key}: notebook {e.notebook!r} does not exist"
    assert e.number and re.fullmatch(rf"{e.notebook[:2]}\.\d+", e.number), f"{key}: number"
    heading = re.compile(rf"Exercise\s+{re.escape(e.number)}\s+\({e.kind}\)")
    assert any(heading.search(_text(c)) for c in _cells(e.notebook)
               if c["cell_type"] == "markdown"), (
        f"{key}: {e.notebook} has no heading 'Exercise {e.number} ({e.kind})'")


def test_numbers_are_unique():
    numbers = [e.number for e in REG.values() if e.number]  # a missing number: test above
    assert len(numbers) == len(set(numbers)), sorted(n for n in numbers if numbers.count(n) > 1)


@pytest.mark.parametrize("stem", CHAPTERS)
def test_every_chapter_has_build_and_debug(stem):
    kinds = {e.kind for e in REG.values() if e.notebook == stem}
    assert {"build", "debug"} <= kinds, f"{stem} has {sorted(k for k in kinds if k)}"


PREDICT = sorted(k for k, e in REG.items() if e.kind == "predict")


@pytest.mark.parametrize("key", PREDICT)
def test_predict_inputs_are_fresh(key):
    e = REG[key]
    assert e.inputs, f"{key}: a predict exercise declares its inputs"
    demo = [_flat(_text(c)) for c in _demo_cells(e.notebook)]
    for fragment in e.inputs:
        flat = _flat(fragment)
        assert len(flat) >= 4, f"{key}: input fragment {fragment!r} is too short to check"
        leaks = [i for i, text in enumerate(demo) if flat in text]
        assert not leaks, f"{key}: input {fragment!r} already appears in demo cell(s) {leaks}"
    # fragments the learner is never shown check nothing: at least one must be in the
    # exercise's own cells (the others may be other spellings a demo could use)
    own = "\n".join(_flat(_text(c)) for c in _own_cells(e.notebook, e.number or "?"))
    assert any(_flat(f) in own for f in e.inputs), (
        f"{key}: none of its inputs {e.inputs!r} is in the exercise's own cells, so the "
        "give-away check does not test what the learner is asked")


def _leaks(answer, constants) -> bool:
    if isinstance(answer, bool):
        return False
    if isinstance(answer, (int, float)):
        return answer not in (0, 1) and any(
            type(c) in (int, float) and c == answer for c in constants)
    if isinstance(answer, str):
        k = ex.name_key(answer)
        return len(k) >= 3 and any(isinstance(c, str) and ex.name_key(c) == k
                                   for c in constants)
    if isinstance(answer, (list, tuple, set, frozenset)):
        for c in constants:
            if isinstance(c, (list, tuple, set, frozenset)) and len(c) == len(answer) > 1:
                # a set on either side: compare without order (a set's order is the hash seed's)
                unordered = any(isinstance(v, (set, frozenset)) for v in (answer, c))
                if (sorted(map(repr, c)) == sorted(map(repr, answer)) if unordered
                        else list(c) == list(answer)):
                    return True
    return False


@pytest.mark.parametrize("key", sorted(k for k, e in REG.items() if e.kind != "build"))
def test_checker_holds_no_literal_answer(key):
    if key not in ANSWER:
        pytest.skip("no solution (reported by test_every_exercise_has_a_solution)")
    source_module = importlib.import_module(f"k8slearn.exercises.{key.split('.', 1)[0]}")
    src = inspect.getsource(source_module)
    tree = ast.parse(src)
    name = REG[key].func.__name__
    funcs = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == name]
    assert funcs, f"{key}: cannot find def {name} in {source_module.__name__}"
    # the check function, and module-level assignments (ANSWER = 7 is as readable)
    constants = _constants_of(funcs[0]) + [
        c for n in tree.body if isinstance(n, (ast.Assign, ast.AnnAssign)) and n.value
        for c in _constants_of(n.value)]
    assert not _leaks(ANSWER[key], constants), (
        f"{key}: the checker's source holds its answer {ANSWER[key]!r} as a literal; "
        "compute it from the model or compare hashes (k8slearn.exercises.hashed)")


def _constants_of(node: ast.AST) -> list[object]:
    found = []
    for n in ast.walk(node):
        if isinstance(n, ast.Constant):
            found.append(n.value)
        elif (isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub)
              and isinstance(n.operand, ast.Constant)
              and type(n.operand.value) in (int, float)):
            found.append(-n.operand.value)
        elif isinstance(n, (ast.List, ast.Tuple, ast.Set)):
            try:
                found.append(ast.literal_eval(n))
            except ValueError:
                pass
    return found


BUILD = sorted(k for k, e in REG.items() if e.kind == "build")


def _stub_function(*args, **kwargs):
    return None


class _StubClass:
    pass


@pytest.mark.parametrize("key", BUILD)
def test_build_check_rejects_stubs_without_raising(key):
    for stub in (_stub_function, _StubClass):
        result = ex.check(key, stub)
        assert not result.correct, f"{key} accepted a stub"
        assert "First failing case:" in result.message, result.message


def _returns_hostile(*args, **kwargs):
    return _Hostile()


def _raises_unprintable(*args, **kwargs):
    raise _Unprintable()


class _HostileClass:
    def __init__(self, *args, **kwargs):
        pass

    def __getattr__(self, name):
        if name.startswith("__"):
            raise _Unprintable()
        return _returns_hostile

    def __call__(self, *args, **kwargs):
        return _Hostile()

    def __len__(self):
        raise _Unprintable()


@pytest.mark.parametrize("key", BUILD)
def test_build_check_survives_hostile_candidates(key):
    for candidate in (_returns_hostile, _raises_unprintable, _HostileClass, _Hostile(),
                      _HostileClass()):  # an instance whose every attribute is hostile
        result = ex.check(key, candidate)  # must not raise
        assert not result.correct and "First failing case:" in result.message, result.message
        assert str(result)


@pytest.mark.parametrize("key", sorted(REG))
def test_every_exercise_can_be_revealed(key):
    text = REG[key].explanation()
    assert text and not text.startswith("(the explanation could not be computed"), (
        f"{key}: give it reveal=<callable computing the explanation> or a sealed blob; "
        f"got {text!r}")


@pytest.mark.parametrize("module", sorted({k.split(".", 1)[0] for k in REG}))
def test_no_plain_text_is_sealed_in_the_source(module):
    """``reveal=seal("the answer is ...")`` leaves the answer readable in the source file
    (which learners can open): the source must hold the sealed blob, or a callable."""
    src = inspect.getsource(importlib.import_module(f"k8slearn.exercises.{module}"))
    plain = [n.lineno for n in ast.walk(ast.parse(src))
             if isinstance(n, ast.Call) and getattr(n.func, "id", getattr(n.func, "attr", None))
             == "seal" and any(isinstance(c, (ast.Constant, ast.JoinedStr))
                               for a in n.args for c in ast.walk(a))]
    assert not plain, (
        f"k8slearn/exercises/{module}.py lines {plain}: seal() of literal text; paste the blob "
        "instead: python -c \"from k8slearn.exercises import seal; print(seal('...'))\"")


BUILD_TESTS = "\n".join(p.read_text(encoding="utf-8")
                        for p in sorted(ROOT.glob("tests/*/test_*build_exercises.py")))


@pytest.mark.parametrize("key", BUILD)
def test_build_exercise_has_known_wrong_implementations_in_the_tests(key):
    """Issue #10: each build check rejects >= 2 known-wrong implementations (kept in
    tests/<area>/test_<chapter>_build_exercises.py) with a named case."""
    assert f'"{key}"' in BUILD_TESTS or REG[key].func.__name__ in BUILD_TESTS, (
        f"{key}: no tests/<area>/test_<chapter>_build_exercises.py checks it with "
        "known-wrong implementations")


@pytest.mark.parametrize("key", BUILD)
def test_build_check_has_cases_and_is_deterministic(key):
    cases = REG[key].cases()
    assert len(cases) >= 3, f"{key}: at least three ported cases"
    assert all(c.name and c.given and c.hint for c in cases)
    reference = ANSWER.get(key)
    if reference is not None:
        assert str(ex.check(key, reference)) == str(ex.check(key, reference))
