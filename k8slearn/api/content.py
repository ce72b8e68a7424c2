"""String-format checks for validation: DNS labels, qualified names, label values, path segments.

Each function returns a list of messages (empty when the value is fine), exactly
as upstream's ``Is*`` helpers do; callers wrap each message in a field error.

Upstream: kubernetes/apimachinery pkg/api/validate/content/kube.go @ v0.36.3
Upstream: kubernetes/apimachinery pkg/api/validate/content/dns.go @ v0.36.3
Upstream: kubernetes/apimachinery pkg/api/validate/content/path.go @ v0.36.3
Upstream: kubernetes/apimachinery pkg/util/validation/validation.go @ v0.36.3

Quirk kept: the ``content`` package says ``must be no more than 63 bytes`` while
the older ``util/validation`` DNS-label check says ``... 63 characters``.
"""

from __future__ import annotations

import re

__all__ = [
    "is_dns1123_label",
    "is_dns1123_subdomain",
    "is_label_value",
    "is_path_segment_name",
    "is_qualified_name",
    "regex_error",
]

DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
DNS1123_LABEL_ERR_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character")
DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*"
DNS1123_SUBDOMAIN_ERR_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
    "'-' or '.', and must start and end with an alphanumeric character")
LABEL_KEY_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
LABEL_KEY_ERR_MSG = ("must consist of alphanumeric characters, '-', '_' or '.', and must start "
                     "and end with an alphanumeric character")
LABEL_VALUE_FMT = "(" + LABEL_KEY_FMT + ")?"
LABEL_VALUE_ERR_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' "
    "or '.', and must start and end with an alphanumeric character")

_LABEL_RE = re.compile(DNS1123_LABEL_FMT + r"\Z")
_SUBDOMAIN_RE = re.compile(DNS1123_SUBDOMAIN_FMT + r"\Z")
_LABEL_KEY_RE = re.compile(LABEL_KEY_FMT + r"\Z")
_LABEL_VALUE_RE = re.compile(LABEL_VALUE_FMT + r"\Z")


def regex_error(msg: str, fmt: str, *examples: str) -> str:
    """RegexError: the message, examples and the regular expression used."""
    if not examples:
        return f"{msg} (regex used for validation is '{fmt}')"
    shown = " or ".join(f"'{e}', " for e in examples)
    return f"{msg} (e.g. {shown}regex used for validation is '{fmt}')"


def _max_len_bytes(n: int) -> str:
    return f"must be no more than {n} bytes"


def is_dns1123_label(value: str) -> list[str]:
    """util/validation IsDNS1123Label (max 63 characters, lower-case alphanumerics and '-')."""
    errs = []
    if len(value.encode()) > 63:
        errs.append("must be no more than 63 characters")
    if not _LABEL_RE.match(value):
        if _SUBDOMAIN_RE.match(value):
            errs.append("must not contain dots")
        else:
            errs.append(regex_error(DNS1123_LABEL_ERR_MSG, DNS1123_LABEL_FMT, "my-name", "123-abc"))
    return errs


def is_dns1123_subdomain(value: str, *, util: bool = False) -> list[str]:
    """content IsDNS1123Subdomain (max 253 bytes).

    ``util=True`` is util/validation's copy (used for object names), which words the
    length limit as ``must be no more than 253 characters``.
    """
    errs = []
    if len(value.encode()) > 253:
        errs.append("must be no more than 253 characters" if util else _max_len_bytes(253))
    if not _SUBDOMAIN_RE.match(value):
        errs.append(regex_error(DNS1123_SUBDOMAIN_ERR_MSG, DNS1123_SUBDOMAIN_FMT, "example.com"))
    return errs


def is_qualified_name(value: str) -> list[str]:
    """content IsLabelKey / IsQualifiedName: ``[prefix/]name``."""
    errs: list[str] = []
    parts = value.split("/")
    if len(parts) == 1:
        name = parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            errs.append("prefix part must be non-empty")
        else:
            errs.extend("prefix part " + m for m in is_dns1123_subdomain(prefix))
    else:
        return ["a valid label key " + regex_error(LABEL_KEY_ERR_MSG, LABEL_KEY_FMT, "MyName",
                                                   "my.name", "123-abc")
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
    if not name:
        errs.append("name part must be non-empty")
    elif len(name.encode()) > 63:
        errs.append("name part " + _max_len_bytes(63))
    if not _LABEL_KEY_RE.match(name):
        errs.append("name part " + regex_error(LABEL_KEY_ERR_MSG, LABEL_KEY_FMT, "MyName",
                                               "my.name", "123-abc"))
    return errs


def is_label_value(value: str) -> list[str]:
    """content IsLabelValue (may be empty, max 63 bytes)."""
    errs = []
    if len(value.encode()) > 63:
        errs.append(_max_len_bytes(63))
    if not _LABEL_VALUE_RE.match(value):
        errs.append(regex_error(LABEL_VALUE_ERR_MSG, LABEL_VALUE_FMT, "MyValue", "my_value",
                                "12345"))
    return errs


def is_path_segment_name(name: str) -> list[str]:
    """IsPathSegmentName: not ``.`` or ``..``, and no ``/`` or ``%``."""
    if name in (".", ".."):
        return [f"may not be '{name}'"]
    return [f"may not contain '{c}'" for c in ("/", "%") if c in name]
