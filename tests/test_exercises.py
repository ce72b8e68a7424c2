"""Every solution in notebooks/solutions passes its check; wrong answers get a hint."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil

import pytest
from conftest import ROOT

import k8slearn.exercises as ex

SOLUTIONS = sorted((ROOT / "notebooks" / "solutions").glob("*.py"))


def _answers(path) -> dict:
    spec = importlib.util.spec_from_file_location(f"solution_{path.stem}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.ANSWERS


def _all_exercises() -> dict:
    for m in pkgutil.iter_modules(ex.__path__):
        importlib.import_module(f"k8slearn.exercises.{m.name}")
    return ex.REGISTRY


CASES = [(p.stem, key, value) for p in SOLUTIONS for key, value in _answers(p).items()]


@pytest.mark.parametrize(("notebook", "key", "answer"), CASES,
                         ids=[f"{n}:{k}" for n, k, _ in CASES])
def test_solution_passes(notebook, key, answer):
    result = ex.check(key, answer)
    assert result.correct, str(result)


def test_every_exercise_has_a_solution():
    solved = {key for _, key, _ in CASES}
    missing = sorted(set(_all_exercises()) - solved)
    assert not missing, f"exercises without a solution in notebooks/solutions: {missing}"


@pytest.mark.parametrize("key", sorted(_all_exercises()))
def test_wrong_or_missing_answers_get_a_hint_not_an_exception(key):
    unanswered = ex.check(key, ...)
    assert not unanswered.correct and "..." in unanswered.message
    wrong = ex.check(key, object())
    assert not wrong.correct
    assert wrong.message.strip()
