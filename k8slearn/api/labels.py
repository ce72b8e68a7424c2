"""Label selectors: requirements, matching, the selector-string parser and LabelSelectorAsSelector.

Upstream: kubernetes/apimachinery pkg/labels/selector.go, pkg/labels/labels.go @ v0.36.3
Upstream: kubernetes/apimachinery pkg/apis/meta/v1/helpers.go @ v0.36.3

``selector_from_label_selector(ls)`` mirrors ``metav1.LabelSelectorAsSelector``:
``None`` matches nothing, an empty selector matches everything, ``matchLabels``
become ``key=value`` requirements and ``matchExpressions`` map In/NotIn/Exists/
DoesNotExist.  ``parse("app=web,tier!=db")`` mirrors ``labels.Parse``.
Requirements are kept sorted by key, so ``str()`` is deterministic.  Invalid
keys, values or syntax raise ``ValueError`` with upstream's message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .content import is_label_value, is_qualified_name
from .errors import FieldError, child, go_quote, index, invalid, key, not_supported

__all__ = [
    "Everything",
    "Nothing",
    "Requirement",
    "Selector",
    "parse",
    "selector_from_label_selector",
    "selector_from_set",
]

IN, NOT_IN, EQUALS, DOUBLE_EQUALS, NOT_EQUALS = "in", "notin", "=", "==", "!="
EXISTS, DOES_NOT_EXIST, GREATER_THAN, LESS_THAN = "exists", "!", "gt", "lt"
_BINARY = [IN, NOT_IN, EQUALS, DOUBLE_EQUALS, NOT_EQUALS, GREATER_THAN, LESS_THAN]
_VALID_OPERATORS = _BINARY + [EXISTS, DOES_NOT_EXIST]


def _parse_int64(s: str) -> int | None:
    body = s[1:] if s[:1] in "+-" else s
    if not body.isdigit() or not body.isascii():
        return None
    v = int(s)
    return v if -(1 << 63) <= v < (1 << 63) else None


def _aggregate(errs: list[FieldError]) -> str:
    """utilerrors.NewAggregate(...).Error(): one message, or ``[a, b]`` (duplicates dropped)."""
    msgs: list[str] = []
    for e in errs:
        if str(e) not in msgs:
            msgs.append(str(e))
    return msgs[0] if len(msgs) == 1 else "[" + ", ".join(msgs) + "]"


class Requirement:
    """One ``key <op> values`` requirement; build with ``Requirement.new`` to validate."""

    __slots__ = ("key", "operator", "values")

    def __init__(self, key_: str, operator: str, values: Iterable[str] = ()) -> None:
        self.key, self.operator, self.values = key_, operator, list(values)

    @classmethod
    def new(cls, key_: str, operator: str, values: Iterable[str] = (),
            path: str = "") -> Requirement:
        """NewRequirement: validate key, operator and values; ValueError lists every problem."""
        vals = list(values)
        errs: list[FieldError] = []
        msgs = is_qualified_name(key_)
        if msgs:
            errs.append(invalid(child(path, "key"), key_, "; ".join(msgs)))
        vpath = child(path, "values")
        if operator in (IN, NOT_IN):
            if not vals:
                errs.append(invalid(vpath, vals,
                                    "for 'in', 'notin' operators, values set can't be empty"))
        elif operator in (EQUALS, DOUBLE_EQUALS, NOT_EQUALS):
            if len(vals) != 1:
                errs.append(invalid(vpath, vals,
                                    "exact-match compatibility requires one single value"))
        elif operator in (EXISTS, DOES_NOT_EXIST):
            if vals:
                errs.append(invalid(vpath, vals,
                                    "values set must be empty for exists and does not exist"))
        elif operator in (GREATER_THAN, LESS_THAN):
            if len(vals) != 1:
                errs.append(invalid(vpath, vals,
                                    "for 'Gt', 'Lt' operators, exactly one value is required"))
            for i, v in enumerate(vals):
                if _parse_int64(v) is None:
                    errs.append(invalid(index(vpath, i), v,
                                        "for 'Gt', 'Lt' operators, the value must be an integer"))
        else:
            errs.append(not_supported(child(path, "operator"), operator, _VALID_OPERATORS))
        for i, v in enumerate(vals):
            msgs = is_label_value(v)
            if msgs:
                errs.append(invalid(key(index(vpath, i), key_), v, "; ".join(msgs)))
        if errs:
            raise ValueError(_aggregate(errs))
        return cls(key_, operator, vals)

    def matches(self, labels: Mapping[str, str]) -> bool:
        """Requirement.Matches."""
        op = self.operator
        if op in (IN, EQUALS, DOUBLE_EQUALS):
            return self.key in labels and labels[self.key] in self.values
        if op in (NOT_IN, NOT_EQUALS):
            return self.key not in labels or labels[self.key] not in self.values
        if op == EXISTS:
            return self.key in labels
        if op == DOES_NOT_EXIST:
            return self.key not in labels
        if op in (GREATER_THAN, LESS_THAN):
            if self.key not in labels or len(self.values) != 1:
                return False
            have, want = _parse_int64(labels[self.key]), _parse_int64(self.values[0])
            if have is None or want is None:
                return False
            return have > want if op == GREATER_THAN else have < want
        return False

    def __str__(self) -> str:
        op = self.operator
        out = ("!" if op == DOES_NOT_EXIST else "") + self.key
        if op in (EXISTS, DOES_NOT_EXIST):
            return out
        out += {IN: " in ", NOT_IN: " notin ", GREATER_THAN: ">", LESS_THAN: "<"}.get(op, op)
        vals = self.values[0] if len(self.values) == 1 else ",".join(sorted(self.values))
        return out + (f"({vals})" if op in (IN, NOT_IN) else vals)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Requirement) and (self.key, self.operator, self.values) == (
            other.key, other.operator, other.values)

    def __repr__(self) -> str:
        return f"Requirement({str(self)!r})"


class Selector:
    """internalSelector: the AND of its requirements, sorted by key."""

    def __init__(self, requirements: Iterable[Requirement] = ()) -> None:
        self.requirements = sorted(requirements, key=lambda r: r.key)

    def matches(self, labels: Mapping[str, str] | None) -> bool:
        labels = labels or {}
        return all(r.matches(labels) for r in self.requirements)

    def empty(self) -> bool:
        return not self.requirements

    def add(self, *reqs: Requirement) -> Selector:
        return Selector([*self.requirements, *reqs])

    def __str__(self) -> str:
        return ",".join(str(r) for r in self.requirements)

    def __repr__(self) -> str:
        return f"Selector({str(self)!r})"


class _Nothing(Selector):
    """labels.Nothing(): matches no labels at all."""

    def matches(self, labels: Mapping[str, str] | None) -> bool:
        return False

    def empty(self) -> bool:
        return False

    def __str__(self) -> str:
        return ""


def Everything() -> Selector:  # noqa: N802 - upstream name
    """labels.Everything(): the empty selector, matching every label set."""
    return Selector()


def Nothing() -> Selector:  # noqa: N802 - upstream name
    """labels.Nothing(): a selector matching nothing."""
    return _Nothing()


def selector_from_set(labels: Mapping[str, str] | None) -> Selector:
    """SelectorFromSet: ``key=value`` for every pair (not validated, like upstream)."""
    return Selector(Requirement(k, EQUALS, [v]) for k, v in (labels or {}).items())


_OPS = {"In": IN, "NotIn": NOT_IN, "Exists": EXISTS, "DoesNotExist": DOES_NOT_EXIST}


def selector_from_label_selector(ls: Any) -> Selector:
    """metav1.LabelSelectorAsSelector: None matches nothing, empty matches everything.

    Raises ValueError (upstream's message) for an invalid key, value or operator.
    """
    if ls is None:
        return Nothing()
    if not ls.match_labels and not ls.match_expressions:
        return Everything()
    reqs = [Requirement.new(k, EQUALS, [v]) for k, v in ls.match_labels.items()]
    for expr in ls.match_expressions:
        op = _OPS.get(expr.operator)
        if op is None:
            raise ValueError(f"{go_quote(expr.operator)} is not a valid label selector operator")
        reqs.append(Requirement.new(expr.key, op, list(expr.values)))
    return Selector(reqs)


# -- the selector-string lexer and parser (labels.Parse)

_SPECIAL = set("=!(),><")
_WS = set(" \t\r\n")
_TOKENS = {")": "CLOSE", ",": "COMMA", "!": "NOT", "==": "DEQ", "=": "EQ", ">": "GT", "in": "IN",
           "<": "LT", "!=": "NEQ", "notin": "NOTIN", "(": "OPEN"}


def _lex(s: str) -> list[tuple[str, str]]:
    items, pos, n = [], 0, len(s)
    while True:
        while pos < n and s[pos] in _WS:
            pos += 1
        if pos >= n:
            items.append(("END", ""))
            return items
        if s[pos] in _SPECIAL:
            buf, last = "", None
            while pos < n and s[pos] in _SPECIAL:
                buf += s[pos]
                if buf in _TOKENS:
                    last = (_TOKENS[buf], buf)
                    pos += 1
                elif last is not None:
                    break
                else:
                    pos += 1
            items.append(last or ("ERROR", f"error expected: keyword found '{buf}'"))
        else:
            start = pos
            while pos < n and s[pos] not in _SPECIAL and s[pos] not in _WS:
                pos += 1
            word = s[start:pos]
            items.append((_TOKENS.get(word, "ID"), word))


class _Parser:
    def __init__(self, s: str) -> None:
        self.items, self.pos = _lex(s), 0

    def peek(self, values: bool = True) -> tuple[str, str]:
        tok, lit = self.items[self.pos]
        return ("ID", lit) if values and tok in ("IN", "NOTIN") else (tok, lit)

    def take(self, values: bool = True) -> tuple[str, str]:
        item = self.peek(values)
        self.pos += 1
        return item

    def parse(self) -> list[Requirement]:
        reqs = []
        while True:
            tok, lit = self.peek()
            if tok in ("ID", "NOT"):
                try:
                    reqs.append(self.requirement())
                except ValueError as e:
                    raise ValueError(f"unable to parse requirement: {e}") from None
                t, lit2 = self.take()
                if t == "END":
                    return reqs
                if t != "COMMA":
                    raise ValueError(f"found '{lit2}', expected: ',' or 'end of string'")
                t2, l2 = self.peek()
                if t2 not in ("ID", "NOT"):
                    raise ValueError(f"found '{l2}', expected: identifier after ','")
            elif tok == "END":
                return reqs
            else:
                raise ValueError(f"found '{lit}', expected: !, identifier, or 'end of string'")

    def requirement(self) -> Requirement:
        op = ""
        tok, lit = self.take()
        if tok == "NOT":
            op = DOES_NOT_EXIST
            tok, lit = self.take()
        if tok != "ID":
            raise ValueError(f"found '{lit}', expected: identifier")
        msgs = is_qualified_name(lit)
        if msgs:  # upstream validates with a nil path, which prints as "<nil>"
            raise ValueError(str(invalid("<nil>", lit, "; ".join(msgs))))
        if self.peek()[0] in ("END", "COMMA") and op != DOES_NOT_EXIST:
            op = EXISTS
        if op in (EXISTS, DOES_NOT_EXIST):
            return Requirement.new(lit, op, [])
        t, l2 = self.take(values=False)
        ops = {"IN": IN, "EQ": EQUALS, "DEQ": DOUBLE_EQUALS, "GT": GREATER_THAN,
               "LT": LESS_THAN, "NOTIN": NOT_IN, "NEQ": NOT_EQUALS}
        if t not in ops:
            raise ValueError(f"found '{l2}', expected: {', '.join(_BINARY)}")
        op = ops[t]
        values = self.values() if op in (IN, NOT_IN) else self.exact_value()
        return Requirement.new(lit, op, sorted(values))

    def values(self) -> set[str]:
        tok, lit = self.take()
        if tok != "OPEN":
            raise ValueError(f"found '{lit}' expected: '('")
        tok, lit = self.peek()
        if tok in ("ID", "COMMA"):
            s = self.identifiers()
            if self.take()[0] != "CLOSE":
                raise ValueError(f"found '{lit}', expected: ')'")
            return s
        if tok == "CLOSE":
            self.take()
            return {""}
        raise ValueError(f"found '{lit}', expected: ',', ')' or identifier")

    def identifiers(self) -> set[str]:
        s: set[str] = set()
        while True:
            tok, lit = self.take()
            if tok == "ID":
                s.add(lit)
                t2, l2 = self.peek()
                if t2 == "COMMA":
                    continue
                if t2 == "CLOSE":
                    return s
                raise ValueError(f"found '{l2}', expected: ',' or ')'")
            if tok == "COMMA":
                if not s:
                    s.add("")
                t2 = self.peek()[0]
                if t2 == "CLOSE":
                    s.add("")
                    return s
                if t2 == "COMMA":
                    s.add("")
                continue
            raise ValueError(f"found '{lit}', expected: ',', or identifier")

    def exact_value(self) -> set[str]:
        if self.peek()[0] in ("END", "COMMA"):
            return {""}
        tok, lit = self.take()
        if tok == "ID":
            return {lit}
        raise ValueError(f"found '{lit}', expected: identifier")


def parse(selector: str) -> Selector:
    """labels.Parse: ``"app=web,tier!=db,env in (a,b),!legacy"`` -> Selector; ValueError if bad."""
    return Selector(_Parser(selector).parse())
