"""Pictures for the emptyDir notebook: directory trees, tables and the usage-vs-limit plot.

Upstream: none (course tooling)

Everything printed is stable across machines: paths are relative to the
kubelet root, file sizes are apparent sizes (the bytes written), and modes
are shown only for directories.  matplotlib is imported inside functions.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from typing import Any

from k8slearn.viz import image

__all__ = ["tree", "print_tree", "table", "plot_usage", "rel_log", "image"]


def tree(root: str | os.PathLike, start: str | os.PathLike | None = None,
         modes: bool = True) -> str:
    """A ``tree``-style listing of ``start`` (default ``root``), named relative to ``root``."""
    root = os.fspath(root)
    start = os.fspath(start) if start is not None else root
    if not os.path.exists(start):
        return f"{os.path.relpath(start, root)}  (does not exist)"
    label = "<kubelet root>" if start == root else os.path.relpath(start, root)
    lines = [label + (_mode(start) if modes else "")]

    def walk(d: str, prefix: str) -> None:
        names = sorted(os.listdir(d))
        for i, name in enumerate(names):
            p = os.path.join(d, name)
            last = i == len(names) - 1
            branch = "`-- " if last else "|-- "
            if os.path.isdir(p) and not os.path.islink(p):
                lines.append(prefix + branch + name + "/" + (_mode(p) if modes else ""))
                walk(p, prefix + ("    " if last else "|   "))
            else:
                lines.append(prefix + branch + name + f"  ({os.lstat(p).st_size} B)")

    if os.path.isdir(start):
        walk(start, "")
    return "\n".join(lines)


def _mode(p: str) -> str:
    return f"  [{stat.filemode(os.lstat(p).st_mode)}]"


def print_tree(root: str | os.PathLike, start: str | os.PathLike | None = None,
               modes: bool = True) -> None:
    print(tree(root, start, modes))


def rel_log(log: Sequence[tuple], root: str | os.PathLike) -> list[tuple]:
    """A FakeMounter log with every absolute path shown relative to ``root``."""
    root = os.fspath(root)

    def fix(x: Any) -> Any:
        if isinstance(x, str) and os.path.isabs(x) and x.startswith(root):
            return os.path.relpath(x, root)
        return x

    return [tuple(fix(x) for x in entry) for entry in log]


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain-text table with aligned columns."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    fmt = "  ".join("{:<" + str(w) + "}" for w in widths)
    out = [fmt.format(*cells[0]), fmt.format(*("-" * w for w in widths))]
    out += [fmt.format(*r) for r in cells[1:]]
    return "\n".join(line.rstrip() for line in out)


def plot_usage(times: Sequence[float], used: Sequence[int], limit: int,
               evicted_at: float | None = None, title: str = "") -> Any:
    """Usage (KiB) over time against the sizeLimit, with the eviction marked."""
    from k8slearn.viz import STYLE, pyplot

    plt = pyplot()
    fig, ax = plt.subplots(figsize=STYLE["figsize"], dpi=STYLE["dpi"])
    kib = [u / 1024 for u in used]
    ax.step(times, kib, where="post", label="du usage (KiB)")
    ax.plot(times, kib, "o", markersize=3, color="tab:blue")
    ax.axhline(limit / 1024, color="tab:red", linestyle="--", label="sizeLimit")
    if evicted_at is not None:
        ax.axvline(evicted_at, color="tab:gray", linestyle=":", label="evicted")
    ax.set_xlabel("time (s, FakeClock)")
    ax.set_ylabel("KiB")
    ax.set_title(title or "emptyDir usage vs sizeLimit")
    ax.legend(loc="lower right")
    fig.tight_layout()
    return fig


