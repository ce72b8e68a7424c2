"""Checked exercises for the notebooks.

Each chapter has a module here (``k8slearn.exercises.workqueue`` and so on)
that registers its exercises.  There are three kinds:

- **predict**: the learner predicts what the mechanism does on inputs no
  earlier cell showed, then checks (and can run the model to see why);
- **build**: the learner writes a piece of the mechanism; the check runs it
  against cases ported from the upstream tests (``build_exercise``, ``Case``);
- **debug**: the learner starts from a symptom as a user sees it (a klog line,
  ``kubectl describe`` events, an HPA condition) and names its cause and fix.

A check takes the learner's answer and returns a ``Result`` with a hint on a
wrong answer.  It never raises: a learner's "Run All" must reach the end of
the notebook.  Right answers are computed from the model or compared by hash,
never written in a checker's source; ``reveal("10.2")`` explains one after a
wrong try, and ``progress("10_workqueue_basics")`` lists where a learner is.
Answers that pass live in ``tests/solutions/`` and ``tests/test_exercises.py``
runs each through its check.

Upstream: none (course tooling)
"""

from __future__ import annotations

import dis
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from k8slearn.exercises._answers import (
    answer_hash,
    hashed,
    name_key,
    number,
    seal,
    strings,
    unseal,
    whole_number,
)
from k8slearn.exercises._build import Case, describe, message_of, run_cases

__all__ = [
    "Result", "Exercise", "exercise", "build_exercise", "Case", "REGISTRY", "KINDS",
    "check", "progress", "reveal", "load_all", "lookup",
    "whole_number", "number", "strings", "name_key", "answer_hash", "hashed", "seal", "unseal",
]

KINDS = ("predict", "build", "debug")


@dataclass(frozen=True)
class Result:
    """The outcome of one check; prints as a friendly line (or a few)."""

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
    """A registered exercise: ``key`` is ``"<chapter>.<name>"``, ``number`` the
    short id shown in the notebook (``"10.2"``)."""

    key: str
    question: str
    func: Callable[[Any], Result]
    kind: str | None = None
    notebook: str | None = None
    number: str | None = None
    inputs: tuple[str, ...] = ()
    reveal: Callable[[], str] | str | None = field(default=None, repr=False)
    cases: Callable[[], list[Case]] | None = field(default=None, repr=False)

    def explanation(self) -> str | None:
        """The worked answer, unsealed or computed; None when none is stored."""
        if self.reveal is None:
            return None
        try:
            return str(self.reveal() if callable(self.reveal) else unseal(self.reveal))
        except KeyboardInterrupt:
            raise
        except BaseException as e:  # noqa: BLE001 - reveal() must not raise in a notebook
            return f"(the explanation could not be computed: {describe(e)})"


REGISTRY: dict[str, Exercise] = {}
_STATUS: dict[str, str] = {}  # key -> "correct" | "answered, not yet right" (this kernel)
_UNANSWERED = (None, Ellipsis)


def _is_unanswered(answer: Any) -> bool:
    return any(answer is u for u in _UNANSWERED)


def _record(key: str, result: Result) -> Result:
    """Remember the attempt; once an exercise is correct it stays correct."""
    if result.correct or _STATUS.get(key) != "correct":
        _STATUS[key] = "correct" if result.correct else "answered, not yet right"
    return result


def _register(key: str, question: str, check_answer: Callable[[Any], Result], name: str,
              **attrs: Any) -> Callable[[Any], Result]:
    kind = attrs.get("kind")
    if kind is not None and kind not in KINDS:
        raise ValueError(f"exercise {key}: kind must be one of {KINDS}, not {kind!r}")
    reveal_text = attrs.get("reveal")
    if isinstance(reveal_text, str):
        try:
            unseal(reveal_text)
        except Exception:  # noqa: BLE001 - any decoding failure means "not sealed"
            raise ValueError(f"exercise {key}: reveal= must be a callable or a seal()-ed blob, "
                             "not plain text (plain text shows the answer in the source)") from None
    check_answer.__name__ = name
    check_answer.__qualname__ = name
    check_answer.__doc__ = question
    REGISTRY[key] = Exercise(key, question, check_answer, **attrs)
    return check_answer


def exercise(key: str, question: str, *, kind: str | None = None, notebook: str | None = None,
             number: str | None = None, inputs: tuple[str, ...] = (),
             reveal: Callable[[], str] | str | None = None,
             ) -> Callable[[Callable[[Any], tuple[bool, str]]], Callable[[Any], Result]]:
    """Register ``func(answer) -> (correct, message)`` as a predict or debug check.

    The decorated function becomes ``check(answer) -> Result``.  An answer of
    ``None`` or ``...`` is "not answered yet"; anything the function raises
    becomes a "wrong shape" result.  ``inputs`` (predict) are fragments that
    must not appear in the notebook's demo cells; ``reveal`` is a callable or a
    ``seal()``-ed string.
    """

    def wrap(func: Callable[[Any], tuple[bool, str]]) -> Callable[[Any], Result]:
        def check_answer(answer: Any) -> Result:
            if _is_unanswered(answer):
                return Result(key, False, "replace the ... with your answer, then run the cell.")
            try:
                ok, msg = func(answer)
                ok, msg = bool(ok), str(msg)  # a learner's object may be in either
            except KeyboardInterrupt:
                raise
            except BaseException as e:  # noqa: BLE001 - a check never raises
                return _record(key, Result(key, False,
                                           f"that answer has the wrong shape ({message_of(e)})."))
            return _record(key, Result(key, ok, msg))

        return _register(key, question, check_answer, func.__name__, kind=kind,
                         notebook=notebook, number=number, reveal=reveal,
                         inputs=(inputs,) if isinstance(inputs, str) else tuple(inputs))

    return wrap


def _stub_a(*args: Any, **kwargs: Any) -> None:
    ...


def _stub_b(*args: Any, **kwargs: Any) -> None:
    raise NotImplementedError


def _code_shape(func: Any) -> tuple | None:
    """The function's instructions; any returned constant counts as the same
    (``return 0`` in a shipped ``__len__`` is still a stub)."""
    code = getattr(func, "__code__", None)
    if code is None:
        return None
    return tuple((i.opname, None if i.opname == "LOAD_CONST" else repr(i.argval))
                 for i in dis.get_instructions(code))


_STUB_SHAPES = {_code_shape(_stub_a), _code_shape(_stub_b)}


def _methods_of(cls: type) -> list[Any]:
    """What the class body defines, besides ``__init__`` and other plumbing dunders."""
    return [v for k, v in vars(cls).items()
            if callable(v) and (not k.startswith("__") or k in ("__len__", "__call__"))]


def _is_stub(candidate: Any) -> bool:
    """True for what a notebook ships: ``...``, a function whose body is only
    ``...``/``pass``/a docstring/``return <constant>``/``raise NotImplementedError``,
    or a class whose methods (if any) are all such stubs."""
    try:
        if _is_unanswered(candidate):
            return True
        if isinstance(candidate, type):
            methods = [v for k, v in vars(candidate).items()
                       if callable(v) or isinstance(v, (staticmethod, classmethod, property))]
            return all(_is_stub(getattr(m, "__func__", getattr(m, "fget", m))) for m in methods)
        return _code_shape(getattr(candidate, "__func__", candidate)) in _STUB_SHAPES
    except Exception:  # noqa: BLE001 - a learner's __getattr__ may raise anything
        return False


def build_exercise(key: str, question: str, *, notebook: str | None = None,
                   number: str | None = None, reveal: Callable[[], str] | str | None = None,
                   ) -> Callable[[Callable[[], list[Case]]], Callable[[Any], Result]]:
    """Register ``cases() -> list[Case]`` as a build exercise.

    The decorated function becomes ``check(candidate) -> Result``: every case
    runs against the learner's function or class, and the message names the
    first failing case.  A stub (``...``, ``None`` or a class with no methods)
    is "not built yet".
    """

    def wrap(cases: Callable[[], list[Case]]) -> Callable[[Any], Result]:
        def check_candidate(candidate: Any) -> Result:
            if _is_unanswered(candidate):
                return Result(key, False, "replace the ... with your implementation, then run "
                                          "the cell.")
            try:
                ok, msg = run_cases(cases(), candidate)
            except KeyboardInterrupt:
                raise
            except BaseException as e:  # noqa: BLE001 - a check never raises
                ok, msg = False, f"the cases could not run ({type(e).__name__}: {e})."
            if ok:
                return _record(key, Result(key, ok, msg))
            if isinstance(candidate, type) and not _methods_of(candidate):  # vars(): no hooks
                msg = "not built yet: fill in the methods, then run the cell. " + msg
            if _is_stub(candidate):  # the shipped stub is not a try: no status, no reveal
                return Result(key, ok, msg)
            return _record(key, Result(key, ok, msg))

        return _register(key, question, check_candidate, cases.__name__, kind="build",
                         notebook=notebook, number=number, reveal=reveal, cases=cases)

    return wrap


def load_all() -> dict[str, Exercise]:
    """Import every chapter module, so ``REGISTRY`` holds every exercise."""
    for m in pkgutil.iter_modules(__path__):
        if not m.name.startswith("_"):
            importlib.import_module(f"{__name__}.{m.name}")
    return REGISTRY


def lookup(key_or_number: str) -> Exercise:
    """The exercise with this key (``"workqueue.get_order"``) or number (``"10.2"``)."""
    if not isinstance(key_or_number, str):
        raise KeyError(f"give the exercise as a string, for example '10.2', "
                       f"not {type(key_or_number).__name__}")
    if key_or_number not in REGISTRY and "." in key_or_number:
        chapter = key_or_number.split(".", 1)[0]
        if not chapter.isdigit():
            try:
                importlib.import_module(f"{__name__}.{chapter}")
            except ImportError:
                pass
    if key_or_number in REGISTRY:
        return REGISTRY[key_or_number]
    by_number = {e.number: e for e in load_all().values() if e.number}
    if key_or_number in by_number:
        return by_number[key_or_number]
    raise KeyError(f"no exercise {key_or_number!r}; progress(<notebook>) lists them")


def check(key: str, answer: Any) -> Result:
    """Check ``answer`` for the exercise ``key`` (a key or a number such as ``"10.2"``)."""
    return lookup(key).func(answer)


def progress(notebook: str) -> None:
    """Print the notebook's exercises with their kind and status in this kernel."""
    mine = sorted((e for e in load_all().values() if e.notebook == notebook),
                  key=lambda e: [(0, int(p), "") if p.isdigit() else (1, 0, p)
                                 for p in (e.number or e.key).split(".")])
    if not mine:
        print(f"{notebook}: no exercises registered (is the notebook name right?)")
        return
    done = sum(_STATUS.get(e.key) == "correct" for e in mine)
    print(f"{notebook}: {done} of {len(mine)} exercises correct")
    width = max(len(e.key) for e in mine)
    for e in mine:
        status = _STATUS.get(e.key, "not yet tried")
        print(f"  {e.number or '-':6} {e.kind or '-':8} {e.key:{width}}  {status}")


def reveal(key_or_number: str) -> None:
    """Print the worked answer of one exercise, once it has been tried."""
    ex = lookup(key_or_number)
    label = ex.number or ex.key
    if ex.key not in _STATUS:
        print(f"Exercise {label}: try it first; reveal() explains it after a wrong try.")
        return
    text = ex.explanation()
    if text is None:
        print(f"Exercise {label}: no worked answer is stored; the hints and the cells "
              "above are your guide (or ask your instructor).")
        return
    print(f"Exercise {label}: {text}")
