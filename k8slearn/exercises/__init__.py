"""Checked exercises for the notebooks.

Each chapter has a module here (``k8slearn.exercises.workqueue`` and so on)
whose ``check_*`` functions take the learner's answer and return a
``Result``.  A wrong answer gets a hint that points back at the mechanism, not
the solution.  The notebook keeps the learner's answer in a variable and
calls the check; ``notebooks/solutions/`` holds answers that pass, and
``tests/test_exercises.py`` runs every solution through its check.

A check never raises on a wrong answer: a learner's "Run All" must reach the
end of the notebook.

Upstream: none (course tooling)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Result", "Exercise", "exercise", "REGISTRY", "check", "whole_number"]


@dataclass(frozen=True)
class Result:
    """The outcome of one check; prints as one friendly line."""

    exercise: str
    correct: bool
    message: str

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        mark = "Correct" if self.correct else "Not yet"
        return f"[{self.exercise}] {mark}: {self.message}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:  # IPython display
        p.text(str(self))


@dataclass(frozen=True)
class Exercise:
    """A registered check: ``key`` is ``"<chapter>.<name>"``."""

    key: str
    question: str
    func: Callable[[Any], Result]


REGISTRY: dict[str, Exercise] = {}


def whole_number(answer: Any, what: str = "a whole number") -> int:
    """``answer`` as an int; a bool or non-integer raises TypeError("give <what>")."""
    if isinstance(answer, bool) or not isinstance(answer, int):
        raise TypeError(f"give {what}")
    return answer

_UNANSWERED = (None, Ellipsis)


def exercise(key: str, question: str) -> Callable[[Callable[[Any], tuple[bool, str]]], Callable]:
    """Register ``func(answer) -> (correct, message)`` as the check for ``key``.

    The decorated function becomes ``check(answer) -> Result``.  An answer of
    ``None`` or ``...`` is reported as "not answered yet" without calling it.
    """

    def wrap(func: Callable[[Any], tuple[bool, str]]) -> Callable[[Any], Result]:
        def check_answer(answer: Any) -> Result:
            if any(answer is u for u in _UNANSWERED):
                return Result(key, False, "replace the ... with your answer, then run the cell.")
            try:
                ok, msg = func(answer)
            except (TypeError, ValueError, AttributeError, KeyError, IndexError) as e:
                return Result(key, False, f"that answer has the wrong shape ({e}).")
            return Result(key, ok, msg)

        check_answer.__name__ = func.__name__
        check_answer.__doc__ = question
        REGISTRY[key] = Exercise(key, question, check_answer)
        return check_answer

    return wrap


def check(key: str, answer: Any) -> Result:
    """Check ``answer`` for the exercise ``key`` (importing its chapter module)."""
    import importlib

    chapter = key.split(".", 1)[0]
    if key not in REGISTRY:
        importlib.import_module(f"k8slearn.exercises.{chapter}")
    return REGISTRY[key].func(answer)
