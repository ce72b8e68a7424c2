"""kubectl's text normalisers, which clicheck's sanity checks expect commands to use.

* ``long_desc(s)``: dedent (heredoc.Doc), then trim; empty stays empty.
  Upstream also renders the text from Markdown to plain ASCII with
  blackfriday; k8slearn's long texts are plain prose, so only the dedent and
  trim are modelled.
* ``examples(s)``: trim, then every line becomes two spaces + the line trimmed.

Upstream: kubernetes/kubectl pkg/util/templates/normalizers.go @ v0.36.0
"""

from __future__ import annotations

import textwrap

__all__ = ["INDENTATION", "long_desc", "examples"]

#: ``templates.Indentation``: examples are indented by two spaces.
INDENTATION = "  "


def long_desc(s: str) -> str:
    if not s:
        return s
    return textwrap.dedent(s).strip()


def examples(s: str) -> str:
    if not s:
        return s
    return "\n".join(INDENTATION + line.strip() for line in s.strip().split("\n"))
