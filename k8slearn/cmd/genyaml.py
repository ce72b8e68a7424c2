"""``python -m k8slearn.cmd.genyaml [DIR]``: a YAML description of the k8slearn CLI.

For the root and each *top-level* subcommand (deeper ones are not written, as
upstream), ``<name>.yaml`` or ``<parent>_<name>.yaml`` with ``name``,
``synopsis`` (Short), ``description`` (Long), ``options`` and
``inherited_options`` (``name``, ``shorthand`` unless deprecated,
``default_value``, ``usage``), ``example`` and ``see_also`` (parent, then
children); empty fields are omitted.  ``force_multi_line`` appends a newline
to any string over 60 characters without one, upstream's workaround that makes
the YAML library write a literal block.

Upstream: kubernetes/kubernetes cmd/genyaml/gen_kubectl_yaml.go @ v1.36.0
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from k8slearn.cmd.cobra import Command
from k8slearn.cmd.genutils import out_dir
from k8slearn.cmd.pflag import FlagSet

__all__ = ["gen_yaml", "force_multi_line", "main"]


def force_multi_line(s: str) -> str:
    return s + "\n" if len(s) > 60 and "\n" not in s else s


def _flag_result(fs: FlagSet) -> list[dict[str, str]]:
    out = []
    for f in fs.visit_all():
        if f.shorthand and not f.shorthand_deprecated:
            opt = {"name": f.name, "shorthand": f.shorthand, "default_value": f.def_value,
                   "usage": force_multi_line(f.usage)}
        else:
            opt = {"name": f.name, "default_value": force_multi_line(f.def_value),
                   "usage": force_multi_line(f.usage)}
        out.append({k: v for k, v in opt.items() if v})
    return out


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, s: str) -> Any:
    return dumper.represent_scalar("tag:yaml.org,2002:str", s, style="|" if "\n" in s else None)


_Dumper.add_representer(str, _str)


def gen_yaml(cmd: Command, parent: str, directory: str) -> Path:
    doc: dict[str, Any] = {"name": cmd.name(), "synopsis": force_multi_line(cmd.short),
                           "description": force_multi_line(cmd.long)}
    local = cmd.non_inherited_flags()
    if local.has_flags():
        doc["options"] = _flag_result(local)
    inherited = cmd.inherited_flags()
    if inherited.has_flags():
        doc["inherited_options"] = _flag_result(inherited)
    doc["example"] = cmd.example
    if cmd.commands() or parent:
        doc["see_also"] = ([parent] if parent else []) + [c.name() for c in cmd.commands()]
    doc = {k: v for k, v in doc.items() if v}
    name = f"{parent}_{doc['name']}" if parent else doc["name"]
    path = Path(directory + name + ".yaml")
    path.write_text(yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                              width=1 << 16), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1:
        print("usage: genyaml [output directory]", file=sys.stderr)
        return 1
    try:
        directory = out_dir(args[0] if args else "docs/yaml/k8slearn")
    except OSError as e:
        print(f"failed to get output directory: {e}", file=sys.stderr)
        return 1
    from k8slearn.cli import new_k8slearn_command

    root = new_k8slearn_command()
    gen_yaml(root, "", directory)
    for c in root.commands():
        gen_yaml(c, root.name(), directory)
    return 0


if __name__ == "__main__":
    sys.exit(main())
