# ruff: noqa: E501  (the Upstream line below is one line by convention)
"""``python -m k8slearn.cmd.verify_docs [--update]``: is the committed ``docs/cli`` current?

Kubernetes keeps generated files in the repository and pairs every
``hack/update-*.sh`` with a ``hack/verify-*.sh`` that regenerates into a
temporary directory and diffs.  This is both for ``docs/cli``:

* ``docs/cli/*.md`` (gendocs), ``docs/cli/man/man1/*.1`` (genman),
  ``docs/cli/yaml/*.yaml`` (genyaml);
* without ``--update``: regenerate into a temporary directory, compare file by
  file, list every stale, missing or extra file and exit 1 with the fix
  (``make docs``); ``--update`` rewrites ``docs/cli`` (what ``make docs`` runs).

The generators are deterministic: no dates (cobra's footer is disabled, the
man-page date is a constant), ``HOME`` pinned, sorted flags and commands.

Upstream: kubernetes/kubernetes hack/verify-generated-docs.sh, hack/update-generated-docs.sh @ v1.36.0
"""

from __future__ import annotations

import filecmp
import shutil
import sys
import tempfile
from pathlib import Path

__all__ = ["generate", "compare", "main", "DOCS_DIR"]

DOCS_DIR = Path("docs/cli")


def generate(directory: Path) -> None:
    """Write the whole docs tree into ``directory`` (created if needed)."""
    from k8slearn.cmd import gendocs, genman, genyaml

    (directory / "man" / "man1").mkdir(parents=True, exist_ok=True)
    (directory / "yaml").mkdir(parents=True, exist_ok=True)
    for tool, sub in ((gendocs, directory), (genman, directory / "man" / "man1"),
                      (genyaml, directory / "yaml")):
        if tool.main([str(sub)]) != 0:
            raise RuntimeError(f"{tool.__name__} failed")


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} \
        if root.is_dir() else set()


def compare(committed: Path, fresh: Path) -> list[str]:
    """Problems as ``<path>: <what>`` lines, sorted; empty when up to date."""
    have, want = _files(committed), _files(fresh)
    problems = [f"{committed / p}: missing" for p in sorted(want - have)]
    problems += [f"{committed / p}: not generated any more" for p in sorted(have - want)]
    problems += [f"{committed / p}: out of date" for p in sorted(have & want)
                 if not filecmp.cmp(committed / p, fresh / p, shallow=False)]
    return sorted(problems)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--update"]:
        if DOCS_DIR.exists():
            shutil.rmtree(DOCS_DIR)
        generate(DOCS_DIR)
        print(f"{DOCS_DIR}: regenerated {len(_files(DOCS_DIR))} files")
        return 0
    if args:
        print("usage: verify_docs [--update]", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp))
        problems = compare(DOCS_DIR, Path(tmp))
    if problems:
        print(f"{DOCS_DIR} is stale:", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        print("Run `make docs` to regenerate it, then commit the result.", file=sys.stderr)
        return 1
    print(f"{DOCS_DIR} is up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
