"""Quantity suffixes: which suffix means which base and exponent, in each format.

``interpret("Mi") == (2, 20, "BinarySI")``; the reverse tables give the suffix a
canonical value is printed with.  DecimalSI has no suffix beyond ``E`` (10**18),
BinarySI none beyond ``Ei`` (2**60); exponents ``e<n>``/``E<n>`` are DecimalExponent.

Upstream: kubernetes/apimachinery pkg/api/resource/suffix.go @ v0.36.3
"""

from __future__ import annotations

import re

__all__ = ["BIN_BY_EXP", "DEC_BY_EXP", "ERR_SUFFIX", "interpret"]

ERR_SUFFIX = "unable to parse quantity's suffix"

DEC_SUFFIXES = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15,
                "E": 18}
BIN_SUFFIXES = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
DEC_BY_EXP = {v: k for k, v in DEC_SUFFIXES.items()}
BIN_BY_EXP = {v: k for k, v in BIN_SUFFIXES.items()}
_EXP_RE = re.compile(r"[+-]?[0-9]+\Z")
_MIN_INT64, _MAX_INT64 = -(1 << 63), (1 << 63) - 1


def interpret(suffix: str) -> tuple[int, int, str]:
    """suffixHandler.interpret: (base, exponent, format) or ValueError."""
    if suffix in DEC_SUFFIXES:
        return 10, DEC_SUFFIXES[suffix], "DecimalSI"
    if suffix in BIN_SUFFIXES:
        return 2, BIN_SUFFIXES[suffix], "BinarySI"
    if len(suffix) > 1 and suffix[0] in "eE" and _EXP_RE.match(suffix[1:]):
        parsed = int(suffix[1:])
        if _MIN_INT64 <= parsed <= _MAX_INT64:
            return 10, ((parsed + (1 << 31)) % (1 << 32)) - (1 << 31), "DecimalExponent"
    raise ValueError(ERR_SUFFIX)
