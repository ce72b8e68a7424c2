"""``python -m k8slearn.cmd.genman [DIR]``: man pages for the k8slearn CLI.

For the root and, recursively, every subcommand, build Markdown in upstream's
layout (a ``%`` title block, ``# NAME`` ``name \\- short``, ``# SYNOPSIS``,
``# DESCRIPTION`` (Long, else Short), ``# OPTIONS`` and ``# OPTIONS INHERITED
FROM PARENT COMMANDS`` as ``**--name**=default`` + a tab-indented usage (string
defaults quoted, a shorthand prefixed ``**-x**, ``), ``# EXAMPLE``, ``# SEE
ALSO`` and ``# HISTORY``), render it with :mod:`.md2man` and write
``<dashed-name>.1``.  Like upstream for kubectl, top-level subcommands are also
generated a second time by the outer loop (same content).

Determinism: the date in the title block is the constant :data:`MAN_DATE`
(upstream hard-codes ``Jan 2015``), never today's date.

Upstream: kubernetes/kubernetes cmd/genman/gen_kube_man.go @ v1.36.0
"""

from __future__ import annotations

import sys
from pathlib import Path

from k8slearn.cmd.cobra import Command
from k8slearn.cmd.genutils import out_dir
from k8slearn.cmd.md2man import render
from k8slearn.cmd.pflag import FlagSet, go_quote

__all__ = ["gen_markdown", "main", "MAN_DATE"]

#: Fixed, so regenerated pages are byte-identical (the course's first release month).
MAN_DATE = "Nov 2026"


def _preamble(name: str, short: str, long: str) -> str:
    return ("% K8SLEARN(1) k8slearn User Manuals\n% k8slearn authors\n"
            f"% {MAN_DATE}\n# NAME\n{name} \\- {short}\n\n# SYNOPSIS\n**{name}** [OPTIONS]\n\n"
            f"# DESCRIPTION\n{long}\n\n")


def _flags(fs: FlagSet) -> str:
    out = []
    for f in fs.visit_all():
        default = go_quote(f.def_value) if f.value.type() == "string" else f.def_value
        entry = f"**--{f.name}**={default}\n\t{f.usage}\n\n"
        if f.shorthand and not f.shorthand_deprecated:
            entry = f"**-{f.shorthand}**, " + entry
        out.append(entry)
    return "".join(out)


def _options(cmd: Command) -> str:
    out = ""
    local = cmd.non_inherited_flags()
    if local.has_flags():
        out += "# OPTIONS\n" + _flags(local) + "\n"
    inherited = cmd.inherited_flags()
    if inherited.has_flags():
        out += "# OPTIONS INHERITED FROM PARENT COMMANDS\n" + _flags(inherited) + "\n"
    return out


def gen_markdown(cmd: Command, parent: str, directory: str) -> list[Path]:
    """Write ``cmd``'s page (and its children's); return the paths written."""
    dparent = parent.replace(" ", "-")
    name = dname = cmd.name()
    if parent:
        dname, name = f"{dparent}-{name}", f"{parent} {name}"
    md = _preamble(name, cmd.short, cmd.long or cmd.short) + _options(cmd)
    if cmd.example:
        md += f"# EXAMPLE\n```\n{cmd.example}\n```\n"
    written: list[Path] = []
    if cmd.commands() or parent:
        md += "# SEE ALSO\n"
        if parent:
            md += f"**{dparent}(1)**, "
        for c in cmd.commands():
            md += f"**{dname}-{c.name()}(1)**, "
            written += gen_markdown(c, name, directory)
        md += "\n"
    md += ("\n# HISTORY\nGenerated from the k8slearn command tree by k8slearn.cmd.genman, "
           "after the Kubernetes man-page generator.\n")
    path = Path(directory + dname + ".1")
    path.write_text(render(md), encoding="utf-8")
    return [*written, path]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1:
        print("usage: genman [output directory]", file=sys.stderr)
        return 1
    try:
        directory = out_dir(args[0] if args else "docs/man/man1")
    except OSError as e:
        print(f"failed to get output directory: {e}", file=sys.stderr)
        return 1
    from k8slearn.cli import new_k8slearn_command

    root = new_k8slearn_command()
    gen_markdown(root, "", directory)
    for c in root.commands():
        gen_markdown(c, root.name(), directory)
    return 0


if __name__ == "__main__":
    sys.exit(main())
