"""``python -m k8slearn.cmd.gendocs [DIR]``: Markdown pages for the k8slearn CLI.

As upstream's gendocs does for kubectl: resolve the output directory with
``genutils.out_dir`` (default ``docs/``), pin ``HOME`` so nothing
machine-specific leaks into defaults, build the root command and write
``gen_markdown_tree``.  More than one argument: ``usage: gendocs [output directory]``.

Upstream: kubernetes/kubernetes cmd/gendocs/gen_kubectl_docs.go @ v1.36.0
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

from k8slearn.cmd.doc_md import gen_markdown_tree
from k8slearn.cmd.genutils import out_dir

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1:
        print("usage: gendocs [output directory]", file=sys.stderr)
        return 1
    try:
        directory = out_dir(args[0] if args else "docs/")
    except OSError as e:
        print(f"failed to get output directory: {e}", file=sys.stderr)
        return 1
    from k8slearn.cli import new_k8slearn_command

    with pinned_home():
        gen_markdown_tree(new_k8slearn_command(), directory)
    return 0


@contextlib.contextmanager
def pinned_home(home: str = "/home/username") -> Iterator[None]:
    """``HOME=/home/username`` for the generation only, then the old value (or none) again.

    Upstream's gendocs sets it for the rest of its (short-lived) process; a
    notebook kernel or a test run lives on, so k8slearn restores it.
    """
    old = os.environ.get("HOME")
    os.environ["HOME"] = home
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("HOME", None)
        else:
            os.environ["HOME"] = old


if __name__ == "__main__":
    sys.exit(main())
