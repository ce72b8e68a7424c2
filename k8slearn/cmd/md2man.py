"""A small go-md2man: the Markdown subset the man-page generator writes, rendered as roff.

Handled: the ``%`` title block (``.TH``), ``#`` headings (``.SH``), paragraphs
(``.PP``) with ``**bold**`` (``\\fB...\\fP``), fenced code (``.EX``/``.EE``
inside ``.RS``), and tab-indented continuation lines (kept, indented by four
spaces).  Hyphens and backslashes are escaped.  This is enough to read the
pages with ``man -l``; it is not byte-identical to go-md2man.

Upstream: cpuguy83/go-md2man md2man/roff.go @ v2.0.6
"""

from __future__ import annotations

import re

__all__ = ["render"]


def _esc(s: str) -> str:
    s = s.replace("\\-", "-")  # a Markdown escape: the dash itself
    return s.replace("\\", "\\e").replace("-", "\\-")


def _inline(s: str) -> str:
    return re.sub(r"\*\*(.+?)\*\*", lambda m: "\\fB" + m.group(1) + "\\fP", _esc(s))


def render(md: str) -> str:
    lines = md.split("\n")
    out = [".nh"]
    title = [ln[2:] for ln in lines[:3] if ln.startswith("% ")]
    if len(title) == 3:
        name, _, manual = title[0].partition(" ")
        m = re.fullmatch(r"(.+)\((\d)\)", name)
        page, section = (m.group(1), m.group(2)) if m else (name, "1")
        out.append(f'.TH "{page}" "{section}" "{title[2]}" "{title[1]}" "{manual}"')
        lines = lines[3:]
    in_code = False
    para_open = False
    for ln in lines:
        if ln.startswith("```"):
            if in_code:
                out += [".EE", ".RE"]
            else:
                out += [".PP", ".RS", ".EX"]
            in_code = not in_code
            para_open = False
            continue
        if in_code:
            out.append(_esc(ln) if not ln.startswith(".") else "\\&" + _esc(ln))
            continue
        if ln.startswith("# "):
            out.append(f".SH {_esc(ln[2:])}")
            para_open = False
        elif not ln.strip():
            para_open = False
        elif ln.startswith("\t") and para_open:
            out.append("    " + _inline(ln[1:]))
        else:
            if not para_open:
                out.append(".PP")
                para_open = True
            out.append(_inline(ln))
    return "\n".join(out) + "\n"
