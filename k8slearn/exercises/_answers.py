"""Answer coercion and hiding for exercise checks.

Learners type answers in many forms: ``11``, ``11.0`` or ``numpy.int64(11)``
for a count; ``AddRateLimited``, ``add_rate_limited()`` or
``"queue.AddRateLimited"`` for a name.  These helpers turn an answer into one
canonical form, so a check compares meanings, not spellings.

They also keep right answers out of the checker source: a name is compared by
its hash, and an explanation shown by ``reveal()`` is stored sealed
(compressed and encoded), so ``check_...??`` in a notebook shows neither.

Upstream: none (course tooling)
"""

from __future__ import annotations

import base64
import hashlib
import math
import numbers
import re
import zlib
from collections.abc import Iterable
from typing import Any

__all__ = ["whole_number", "number", "strings", "name_key", "answer_hash", "hashed", "seal",
           "unseal"]

_SALT = "k8slearn-exercise:"


def whole_number(answer: Any, what: str = "a whole number") -> int:
    """``answer`` as an int: ``11``, ``11.0`` and numpy integers are accepted.

    A bool, a string, a fraction such as ``11.5``, NaN or an infinity raises
    ``TypeError("give <what>")``.  Very large integers are kept exact.
    """
    if isinstance(answer, bool) or isinstance(answer, str):
        raise TypeError(f"give {what}")
    if isinstance(answer, numbers.Integral):
        return int(answer)
    if isinstance(answer, numbers.Real):
        try:
            value = float(answer)
        except (OverflowError, ValueError):
            raise TypeError(f"give {what}") from None
        if math.isfinite(value) and value.is_integer():
            return int(value)
    raise TypeError(f"give {what}")


def number(answer: Any, what: str = "a number") -> float:
    """``answer`` as a finite float; bools, strings, NaN, infinities and
    integers too large for a float raise ``TypeError("give <what>")``."""
    if isinstance(answer, bool) or isinstance(answer, str) or not isinstance(answer, numbers.Real):
        raise TypeError(f"give {what}")
    try:
        value = float(answer)
    except (OverflowError, ValueError):
        raise TypeError(f"give {what} (that one is too large)") from None
    if not math.isfinite(value):
        raise TypeError(f"give {what} (a finite one)")
    return value


def strings(answer: Any, what: str = "a list of strings, for example ['a', 'b']",
            lower: bool = False, most: int = 100) -> list[str]:
    """``answer`` (a list, tuple, set or other iterable, not a string) as stripped strings,
    lower-cased if ``lower``; more than ``most`` items raise ``TypeError`` too."""
    if isinstance(answer, (str, bytes)) or not isinstance(answer, Iterable):
        raise TypeError(f"give {what}")
    out = []
    for x in answer:
        if len(out) == most:
            raise TypeError(f"give a short list (at most {most} items)")
        out.append(str(x).strip().lower() if lower else str(x).strip())
    return out


def name_key(answer: Any) -> str:
    """A spelling-free key for a name: lower case, letters and digits only.

    ``"AddRateLimited"``, ``"add_rate_limited()"`` and ``" addRateLimited "``
    all become ``"addratelimited"``.
    """
    return re.sub(r"[^a-z0-9]", "", str(answer).lower())


def answer_hash(text: str) -> str:
    """The hex SHA-256 a check stores instead of a literal answer."""
    return hashlib.sha256((_SALT + text).encode("utf-8")).hexdigest()


def hashed(answer: Any, *hexes: str) -> bool:
    """True when ``name_key`` of the answer hashes to one of ``hexes``.

    Besides the whole answer, the answer without call arguments and its last
    dotted part are tried: ``"q.AddRateLimited(key)"`` and
    ``"workqueue.AddRateLimited"`` match the hash of ``"addratelimited"``.
    """
    text = str(answer)
    bare = re.sub(r"\([^()]*\)", "", text).strip()
    keys = {name_key(text), name_key(bare), name_key(bare.rsplit(".", 1)[-1])}
    return any(answer_hash(k) in hexes for k in keys if k)


def seal(text: str) -> str:
    """Store ``text`` in a form that reading the source does not reveal."""
    return base64.b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii")


def unseal(blob: str) -> str:
    """The text that ``seal`` stored."""
    return zlib.decompress(base64.b64decode(blob)).decode("utf-8")
