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
    src = "".join(cell.get("source", ""))
    outs = []
    for o in cell.get("outputs", []):
        outs.append("".join(o.get("text", "")))
        outs.append("".join(o.get("data", {}).get("text/plain", "")))
    return src + "\n" + "\n".join(outs)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("'", '"').lower()


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


HOSTILE = [..., None, object(), 10**5000, float("nan"), float("inf"), -1, "", "x" * 10_000,
           [1, [2, [3]]], {"a": 1}, True, b"\xff"]


@pytest.mark.parametrize("key", sorted(REG))
def test_wrong_missing_or_hostile_answers_get_a_hint_never_an_exception(key):
    unanswered = ex.check(key, ...)
    assert not unanswered.correct and "..." in unanswered.message
    for answer in HOSTILE:
        result = ex.check(key, answer)  # must not raise
        assert isinstance(result, ex.Result)
        assert result.message.strip()
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
    numbers = [e.number for e in REG.values()]
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






def _leaks(answer, constants) -> bool:
    if isinstance(answer, bool):
        return False
    if isinstance(answer, int):
        return answer not in (0, 1) and any(
            type(c) is int and c == answer for c in constants)
    if isinstance(answer, str):
        k = ex.name_key(answer)
        return len(k) >= 3 and any(isinstance(c, str) and ex.name_key(c) == k
                                   for c in constants)
    if isinstance(answer, (list, tuple, set, frozenset)):
        norm = sorted(map(str, answer)) if isinstance(answer, (set, frozenset)) else list(answer)
        for c in constants:
            if isinstance(c, (list, tuple, set, frozenset)) and len(c) == len(answer) > 1:
                cn = sorted(map(str, c)) if isinstance(answer, (set, frozenset)) else list(c)
                if cn == norm:
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
    constants = _constants_of(funcs[0])
    assert not _leaks(ANSWER[key], constants), (
        f"{key}: the checker's source holds its answer {ANSWER[key]!r} as a literal; "
        "compute it from the model or compare hashes (k8slearn.exercises.hashed)")


def _constants_of(node: ast.AST) -> list[object]:
    found = []
    for n in ast.walk(node):
        if isinstance(n, ast.Constant):
            found.append(n.value)
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


@pytest.mark.parametrize("key", BUILD)
def test_build_check_has_cases_and_is_deterministic(key):
    cases = REG[key].cases()
    assert len(cases) >= 3, f"{key}: at least three ported cases"
    assert all(c.name and c.given and c.hint for c in cases)
    reference = ANSWER.get(key)
    if reference is not None:
        assert str(ex.check(key, reference)) == str(ex.check(key, reference))
