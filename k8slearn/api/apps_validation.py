"""Deployment strategy validation: ``spec.strategy`` and its ``rollingUpdate`` block.

Upstream: kubernetes/kubernetes pkg/apis/apps/validation/validation.go @ v1.36.0
Upstream: kubernetes/apimachinery pkg/util/validation/validation.go @ v0.36.3

Mirrors ValidateDeploymentStrategy, ValidateRollingUpdateDeployment,
ValidatePositiveIntOrPercent and IsNotMoreThan100Percent (and apimachinery's
IsValidPercent).  The course keeps the
strategy as the raw map of the manifest, and does not default apps objects, so
the checks run on the map as the apiserver would see it *after* SetDefaults_Deployment:
an absent (or empty) ``type`` is ``RollingUpdate``, an absent ``rollingUpdate``
block under ``RollingUpdate`` is defaulted, and an absent or null
``maxUnavailable``/``maxSurge`` is ``25%``.

Quirks kept (upstream's observable behaviour):

* A string that is not a percentage counts as its ``strconv.Atoi`` value in the
  "both zero" check (0 when it is not a number at all), so
  ``maxUnavailable: "abc"`` with ``maxSurge: 0`` gets two errors.
* ``"5"`` (a digit string without ``%``) is not a valid percentage.

Course simplification: a value that is neither an int nor a string (``1.5``,
``true``, a list) fails JSON decoding in a real apiserver (400); here it gets
upstream's fallback Invalid error, its detail verbatim (the ``%%`` is in the
upstream source, which passes the text to ``field.Invalid`` without formatting).
A ``strategy`` or ``rollingUpdate`` that is not a map gets the course's
``must be an object`` (also a 400 decode error upstream).  An unknown ``type``
is reported with the strategy map as the value (upstream prints the internal struct).
"""

from __future__ import annotations

import re
from typing import Any

from .content import regex_error
from .errors import FieldError, child, forbidden, invalid, not_supported

__all__ = [
    "is_not_more_than_100_percent",
    "is_valid_percent",
    "validate_deployment_strategy",
    "validate_positive_int_or_percent",
    "validate_rolling_update_deployment",
]

RECREATE = "Recreate"
ROLLING_UPDATE = "RollingUpdate"
DEFAULT_MAX = "25%"  # SetDefaults_Deployment for maxUnavailable and maxSurge

PERCENT_FMT = "[0-9]+%"
PERCENT_ERR_MSG = "a valid percent string must be a numeric string followed by an ending '%'"
_PERCENT_RE = re.compile(PERCENT_FMT + r"\Z", re.ASCII)
_FALLBACK_MSG = "must be an integer or percentage (e.g '5%%')"


def is_valid_percent(value: str) -> list[str]:
    """IsValidPercent: digits followed by ``%``."""
    if not _PERCENT_RE.match(value):
        return [regex_error(PERCENT_ERR_MSG, PERCENT_FMT, "1%", "93%")]
    return []


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def validate_positive_int_or_percent(value: Any, path: str) -> list[FieldError]:
    """ValidatePositiveIntOrPercent: a valid percentage string, or an int >= 0."""
    if isinstance(value, str):
        return [invalid(path, value, m) for m in is_valid_percent(value)]
    if _is_int(value):
        if value < 0:
            return [invalid(path, value, "must be greater than or equal to 0")]
        return []
    return [invalid(path, value, _FALLBACK_MSG)]


def _percent_value(value: Any) -> int | None:
    if isinstance(value, str) and not is_valid_percent(value):
        return int(value[:-1])
    return None


def _atoi(s: str) -> int:
    """strconv.Atoi as intstr's IntValue uses it: the error is dropped, so a non-number is 0."""
    if re.fullmatch(r"[+-]?[0-9]+", s, re.ASCII):
        return int(s)
    return 0


def _int_or_percent_value(value: Any) -> int:
    pct = _percent_value(value)
    if pct is not None:
        return pct
    if isinstance(value, str):
        return _atoi(value)
    return value if _is_int(value) else 0


def is_not_more_than_100_percent(value: Any, path: str) -> list[FieldError]:
    """IsNotMoreThan100Percent: only a valid percentage string can be over 100%."""
    pct = _percent_value(value)
    if pct is None or pct <= 100:
        return []
    return [invalid(path, value, "must not be greater than 100%")]


def validate_rolling_update_deployment(rolling_update: dict, path: str) -> list[FieldError]:
    """ValidateRollingUpdateDeployment (absent or null fields taken as the 25% default)."""
    unavailable = rolling_update.get("maxUnavailable")
    surge = rolling_update.get("maxSurge")
    unavailable = DEFAULT_MAX if unavailable is None else unavailable
    surge = DEFAULT_MAX if surge is None else surge
    u_path = child(path, "maxUnavailable")
    errs = validate_positive_int_or_percent(unavailable, u_path)
    errs += validate_positive_int_or_percent(surge, child(path, "maxSurge"))
    if _int_or_percent_value(unavailable) == 0 and _int_or_percent_value(surge) == 0:
        errs.append(invalid(u_path, unavailable, "may not be 0 when `maxSurge` is 0"))
    errs += is_not_more_than_100_percent(unavailable, u_path)
    return errs


def validate_deployment_strategy(strategy: Any, path: str = "spec.strategy") -> list[FieldError]:
    """ValidateDeploymentStrategy on the raw ``spec.strategy`` map (None = all defaults)."""
    if strategy is None:
        return []
    if not isinstance(strategy, dict):
        return [invalid(path, strategy, "must be an object")]
    kind = strategy.get("type") or ROLLING_UPDATE
    rolling_update = strategy.get("rollingUpdate")
    ru_path = child(path, "rollingUpdate")
    if kind == RECREATE:
        if rolling_update is not None:
            return [forbidden(ru_path, "may not be specified when strategy `type` is 'Recreate'")]
        return []
    if kind == ROLLING_UPDATE:
        if rolling_update is None:
            return []  # SetDefaults_Deployment fills it in
        if not isinstance(rolling_update, dict):
            return [invalid(ru_path, rolling_update, "must be an object")]
        return validate_rolling_update_deployment(rolling_update, ru_path)
    return [not_supported(path, strategy, [RECREATE, ROLLING_UPDATE])]
