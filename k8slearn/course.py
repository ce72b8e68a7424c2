"""The course map: chapters, notebooks, and the upstream file behind every module.

The map is built from the module docstrings themselves, so it cannot drift
from the code: every ``k8slearn`` module names the upstream files it follows
on lines of the form ``Upstream: <owner/repo> <path>[, <path> ...] @ <tag>``
(or ``Upstream: none (course tooling)``).  Modules are found with
:mod:`pkgutil` and their docstrings are read from the source files (the first
token, evaluated with :func:`ast.literal_eval`), so building the map imports
nothing (no matplotlib, no side effects) and takes milliseconds.

Upstream: none (course tooling)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from k8slearn.course_docs import (
    CLIENT_GO,
    K8S,
    NONE_LINE,
    REQUIRED_TAGS,
    ModuleDoc,
    Upstream,
    UpstreamError,
    _package_dir,
    iter_modules,
    parse_upstream_line,
    read_module_doc,
)

__all__ = [
    "NONE_LINE",
    "REQUIRED_TAGS",
    "CHAPTERS",
    "CHAPTER_SPECS",
    "KNOWLEDGE_AREAS",
    "LEARNING_PATH",
    "Chapter",
    "ChapterSpec",
    "Stage",
    "CourseRow",
    "KnowledgeArea",
    "ModuleDoc",
    "Upstream",
    "UpstreamError",
    "chapter",
    "chapter_for",
    "chapter_label",
    "chapters_html",
    "chapters_markdown",
    "course_map",
    "course_map_html",
    "course_map_markdown",
    "discover_chapters",
    "iter_modules",
    "link_mentions",
    "module_link",
    "learning_path_markdown",
    "notebook_info",
    "notebooks_dir",
    "knowledge_map_markdown",
    "parse_upstream_line",
    "read_module_doc",
]



@dataclass(frozen=True)
class Chapter:
    """One chapter of the course: a group of notebooks on one mechanism.

    ``notebooks`` and ``minutes`` are read from the notebooks that exist (see
    :func:`discover_chapters`), so a split or a new notebook shows up without an
    edit here.
    """

    key: str
    title: str
    notebooks: tuple[str, ...]
    depends_on: tuple[str, ...]
    minutes: int
    packages: tuple[str, ...]  # k8slearn packages that belong to it (module-name prefixes)
    upstream: tuple[tuple[str, str], ...]  # (repo, path prefix) pairs that belong to it

    @property
    def numbers(self) -> str:
        nums = [nb.split("_", 1)[0] for nb in self.notebooks]
        if not nums:
            return "-"
        return nums[0] if len(nums) == 1 else f"{nums[0]}-{nums[-1]}"


@dataclass(frozen=True)
class ChapterSpec:
    """What the course declares about a chapter: its notebooks are numbered first..last."""

    key: str
    title: str
    first: int
    last: int
    depends_on: tuple[str, ...]
    packages: tuple[str, ...]
    upstream: tuple[tuple[str, str], ...]
    #: used only when the notebooks folder is not there (an installed package)
    default_notebooks: tuple[tuple[str, int], ...] = ()


_CG = "staging/src/k8s.io/client-go/"
CHAPTER_SPECS: tuple[ChapterSpec, ...] = (
    ChapterSpec("start_here", "Start here: the map, the tree, the tools", 0, 0, (),
                ("k8slearn.course", "k8slearn.course_docs", "k8slearn.course_paths"), (),
                (("00_start_here", 25),)),
    ChapterSpec("cmd", "The cmd/ tree: server commands, NodeIPAM, repository tools", 1, 9,
                ("start_here",), ("k8slearn.cmd", "k8slearn.cli"),
                ((K8S, "cmd/"), (K8S, "staging/src/k8s.io/component-base/"),
                 (K8S, "staging/src/k8s.io/kubectl/"), (K8S, "staging/src/k8s.io/cloud-provider/"),
                 (K8S, "pkg/controller/nodeipam/"),
                 ("kubernetes/component-base", "cli/"), ("kubernetes/component-base", "version/"),
                 ("kubernetes/kubectl", ""), ("kubernetes/cloud-provider", ""),
                 ("kubernetes/klog", "")),
                (("01_cmd_tour", 40), ("02_cmd_nodeipam", 50), ("03_cmd_repo_tools", 40))),
    ChapterSpec("workqueue", "client-go's workqueue: FIFO, delaying, rate limiting", 10, 12,
                ("start_here",), ("k8slearn.workqueue", "k8slearn.metrics"),
                ((CLIENT_GO, "util/workqueue/"), (K8S, _CG + "util/workqueue/"),
                 ("kubernetes/component-base", "metrics/prometheus/workqueue/")),
                (("10_workqueue_basics", 40), ("11_workqueue_delaying", 35),
                 ("12_workqueue_rate_limiting", 45))),
    ChapterSpec("controller", "The controller pattern: informers, workers, the ReplicaSet loop",
                13, 19, ("workqueue",),
                ("k8slearn.controller", "k8slearn.cache", "k8slearn.replicaset"),
                ((CLIENT_GO, "tools/cache/"), (K8S, _CG + "tools/cache/"),
                 (K8S, "staging/src/k8s.io/sample-controller/"),
                 ("kubernetes/sample-controller", ""), (K8S, "pkg/controller/")),
                (("13_controller_pattern", 45),)),
    ChapterSpec("emptydir", "The emptyDir volume plugin", 20, 29, ("start_here",),
                ("k8slearn.volume", "k8slearn.emptydir"),
                ((K8S, "pkg/volume/"), (K8S, "pkg/kubelet/eviction/")), (("20_emptydir", 40),)),
    ChapterSpec("hpa", "The Horizontal Pod Autoscaler: replica calculator and controller", 30, 39,
                ("workqueue", "controller"), ("k8slearn.podautoscaler", "k8slearn.hpa"),
                ((K8S, "pkg/controller/podautoscaler/"), (K8S, "pkg/apis/autoscaling/"),
                 (K8S, "cmd/kube-controller-manager/app/options/hpacontroller.go")),
                (("30_hpa_replica_calculator", 45), ("31_hpa_controller", 60))),
    ChapterSpec("capstone", "Capstone: the course's controllers against a real API", 40, 49,
                ("controller", "hpa"), (), ()),
)

_TIME_RE = re.compile(r"\*\*Time:\*\*\s*(?:about\s+)?(\d+)\s*min")
_TITLE_RE = re.compile(r"^#\s+\d+\s*[·.:-]\s*(.+)$", re.M)


def notebooks_dir() -> Path | None:
    """The ``notebooks/`` folder next to the package (None in an installed copy)."""
    d = _package_dir().parent / "notebooks"
    return d if d.is_dir() else None


def notebook_info(path: Path) -> tuple[int | None, str]:
    """``(minutes, title)`` from a notebook's opening cell (``**Time:** about N minutes``)."""
    import json

    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        first = "".join(cells[0].get("source", "")) if cells else ""
    except (OSError, ValueError, AttributeError, IndexError, TypeError):
        return None, ""
    m = _TIME_RE.search(first)
    t = _TITLE_RE.search(first)
    return (int(m[1]) if m else None), (t[1].strip() if t else "")


def discover_chapters(directory: Path | None = None) -> tuple[Chapter, ...]:
    """The chapters whose notebooks exist, with times summed from the notebooks themselves."""
    found: list[tuple[int, str, Path]] = []
    if directory is not None:
        for p in sorted(directory.glob("[0-9][0-9]_*.ipynb")):
            found.append((int(p.name[:2]), p.stem, p))
    out = []
    for spec in CHAPTER_SPECS:
        if directory is None:
            nbs = [(nb, mins) for nb, mins in spec.default_notebooks]
            title = spec.title
        else:
            mine = [(stem, p) for n, stem, p in found if spec.first <= n <= spec.last]
            nbs = []
            for stem, p in mine:
                minutes, _ = notebook_info(p)
                nbs.append((stem, minutes if minutes is not None else 0))
            title = spec.title
        if not nbs:
            continue
        out.append(Chapter(spec.key, title, tuple(nb for nb, _ in nbs), spec.depends_on,
                           sum(m for _, m in nbs), spec.packages, spec.upstream))
    return tuple(out)


CHAPTERS: tuple[Chapter, ...] = discover_chapters(notebooks_dir())
_BY_KEY = {c.key: c for c in CHAPTERS}
SHARED = "shared"
#: Packages every chapter uses (the object model, the clock): never assigned to one chapter.
SHARED_PACKAGES = ("k8slearn.api", "k8slearn.clock")


def chapter(key: str) -> Chapter:
    """The chapter called ``key`` (``KeyError`` names the known keys)."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise KeyError(f"no chapter {key!r}; chapters are {', '.join(_BY_KEY)}") from None


def chapter_for(mod: ModuleDoc) -> str:
    """The chapter key a module belongs to, or ``"shared"``.

    The module name decides first (longest matching package wins; ``k8slearn.viz.X`` and
    ``k8slearn.exercises.X`` belong to chapter ``X``), then the longest matching upstream path.
    """
    parts = mod.name.split(".")
    if any(mod.name == p or mod.name.startswith(p + ".") for p in SHARED_PACKAGES):
        return SHARED
    if len(parts) >= 3 and parts[1] in ("viz", "exercises") and parts[2] in _BY_KEY:
        return parts[2]
    best, best_len = SHARED, 0
    for ch in CHAPTERS:
        for pkg in ch.packages:
            if (mod.name == pkg or mod.name.startswith(pkg + ".")) and len(pkg) > best_len:
                best, best_len = ch.key, len(pkg)
    if best_len:
        return best
    for up in mod.upstream:
        for p in up.paths:
            for ch in CHAPTERS:
                for repo, prefix in ch.upstream:
                    if up.repo == repo and p.startswith(prefix) and len(prefix) + 1 > best_len:
                        best, best_len = ch.key, len(prefix) + 1
    return best


@dataclass(frozen=True)
class CourseRow:
    """One row of the course map."""

    chapter: str
    module: str
    summary: str
    links: tuple[str, ...]


def _order(key: str) -> int:
    keys = [c.key for c in CHAPTERS]
    return keys.index(key) if key in keys else len(keys)


def course_map(modules: list[ModuleDoc] | None = None) -> list[CourseRow]:
    """One row per module, in chapter order then by name.

    ``k8slearn.viz.*`` and ``k8slearn.exercises.*`` modules that are course tooling are
    left out: they follow no upstream file and every chapter has them.
    """
    modules = iter_modules() if modules is None else modules
    rows = []
    for m in modules:
        if m.tooling and m.name.split(".")[1:2] in (["viz"], ["exercises"]):
            continue
        links = tuple(link for up in m.upstream for link in up.links())
        rows.append(CourseRow(chapter_for(m), m.name, m.summary, links))
    return sorted(rows, key=lambda r: (_order(r.chapter), r.module))


def _cell(text: str) -> str:
    text = re.sub(r":(?:mod|class|func|meth|data|attr|exc):`", "`", text)  # RST roles
    return link_mentions(text.replace("``", "`").replace("|", "\\|").replace("\n", " "))


_MENTION = re.compile(r"(?<![\w./\[-])`?(k8slearn(?:\.[A-Za-z_]\w*)+)`?(?![\w/\]])")


def module_link(module: str) -> str | None:
    """The local file of a dotted module name, relative to ``notebooks/`` (None if none)."""
    parts = module.split(".")
    root = _package_dir().parent
    for n in range(len(parts), 0, -1):  # the longest prefix that is a module or package
        base = root.joinpath(*parts[:n])
        if (base / "__init__.py").is_file():
            return f"../{(base / '__init__.py').relative_to(root).as_posix()}"
        if base.with_suffix(".py").is_file():
            return f"../{base.with_suffix('.py').relative_to(root).as_posix()}"
    return None


_CODE_SPAN = re.compile(r"(`[^`]*`)")


def link_mentions(text: str) -> str:
    """Every ``k8slearn.x.y`` mention as a link; a longer code span links as a whole."""

    def sub(m: re.Match[str]) -> str:
        target = module_link(m[1])
        return f"[`{m[1]}`]({target})" if target else m[0]

    def span(code: str) -> str:  # `python -m k8slearn.x [DIR]`: never a link inside a span
        m = _MENTION.search(code.strip("`"))
        target = module_link(m[1]) if m else None
        return f"[{code}]({target})" if target else code

    parts = _CODE_SPAN.split(text)  # odd indexes are code spans
    return "".join(span(p) if i % 2 and not _MENTION.fullmatch(p) else _MENTION.sub(sub, p)
                   for i, p in enumerate(parts))


def _link_text(url: str) -> str:
    repo_tag, _, path = url.removeprefix("https://github.com/").partition("/blob/")
    path = path.split("/", 1)[1] if "/" in path else path
    short = repo_tag.removeprefix("kubernetes/")
    return f"{short}: {path}" if short != "kubernetes" else path


def chapter_label(key: str) -> str:
    """A chapter's label, e.g. ``10-12 workqueue`` (the key alone for an unknown chapter)."""
    return f"{_BY_KEY[key].numbers} {key}" if key in _BY_KEY else key


def course_map_markdown(rows: list[CourseRow] | None = None, collapsed: bool = False) -> str:
    """The course map as markdown: one table per chapter (module, summary, upstream links).

    With ``collapsed=True`` each chapter's table sits in a ``<details>`` block that opens
    on a click (JupyterLab and GitHub both render it), which keeps a notebook short.
    """
    rows = course_map() if rows is None else rows
    out: list[str] = []
    for key in sorted({r.chapter for r in rows}, key=_order):
        mine = [r for r in rows if r.chapter == key]
        title = f"{chapter_label(key)}: {len(mine)} module{'s' if len(mine) != 1 else ''}"
        out += ([f"<details><summary><b>{title}</b></summary>", ""] if collapsed
                else [f"**{title}**", ""])
        out += ["| module | what it is | upstream (at the tag) |", "|---|---|---|"]
        for r in mine:
            links = "<br>".join(f"[{_cell(_link_text(u))}]({u})" for u in r.links)
            local = module_link(r.module)
            name = f"[`{r.module}`]({local})" if local else f"`{r.module}`"
            out.append(f"| {name} | {_cell(r.summary)} | {links or 'course tooling'} |")
        out += ["", "</details>", ""] if collapsed else [""]
    return "\n".join(out)


def _packages(rows: list[CourseRow], key: str) -> list[str]:
    pkgs = {".".join(r.module.split(".")[:2]) for r in rows if r.chapter == key}
    return sorted(p for p in pkgs if p.split(".")[-1] not in ("viz", "exercises"))


def chapters_markdown(rows: list[CourseRow] | None = None) -> str:
    """The chapter table as markdown; packages are the ones that exist right now."""
    rows = course_map() if rows is None else rows
    out = ["| # | chapter | notebooks | depends on | time | k8slearn packages |",
           "|---|---|---|---|---|---|"]
    for c in CHAPTERS:
        nbs = "<br>".join(f"[{nb}]({nb}.ipynb)" for nb in c.notebooks)
        deps = ", ".join(chapter_label(d) for d in c.depends_on) or "-"
        pkgs = ", ".join(link_mentions(f"`{p}`") for p in _packages(rows, c.key)) \
            or "(not built yet)"
        out.append(f"| {c.numbers} | **{c.title}** (`{c.key}`) | {nbs} | {deps} | {c.minutes} min"
                   f" | {pkgs} |")
    total = sum(c.minutes for c in CHAPTERS)
    out.append(f"| | **total** | {sum(len(c.notebooks) for c in CHAPTERS)} notebooks | |"
               f" {total // 60} h {total % 60:02d} min | |")
    return "\n".join(out) + "\n"


def _html_table(headers: list[str], body: list[list[str]]) -> str:
    from html import escape

    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    trs = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>\n" for row in body)
    return f"<table>\n<tr>{head}</tr>\n{trs}</table>\n"


def course_map_html(rows: list[CourseRow] | None = None) -> str:
    """The course map as an HTML table (same content as :func:`course_map_markdown`)."""
    from html import escape

    rows = course_map() if rows is None else rows
    body = [[escape(chapter_label(r.chapter)), f"<code>{escape(r.module)}</code>",
             escape(r.summary),
             "<br>".join(f'<a href="{escape(u)}">{escape(_link_text(u))}</a>' for u in r.links)
             or "course tooling"] for r in rows]
    return _html_table(["chapter", "module", "what it is", "upstream (at the tag)"], body)


def chapters_html(rows: list[CourseRow] | None = None) -> str:
    """The chapter table as HTML."""
    from html import escape

    rows = course_map() if rows is None else rows
    body = [[c.numbers, f"<b>{escape(c.title)}</b> (<code>{c.key}</code>)",
             "<br>".join(f'<a href="{nb}.ipynb">{nb}</a>' for nb in c.notebooks),
             escape(", ".join(chapter_label(d) for d in c.depends_on) or "-"),
             f"{c.minutes} min",
             ", ".join(f"<code>{p}</code>" for p in _packages(rows, c.key)) or "(not built yet)"]
            for c in CHAPTERS]
    return _html_table(["#", "chapter", "notebooks", "depends on", "time", "k8slearn packages"],
                       body)


# The knowledge map and the learning path live in their own module; re-exported here.
from k8slearn.course_paths import (  # noqa: E402
    KNOWLEDGE_AREAS,
    LEARNING_PATH,
    KnowledgeArea,
    Stage,
    knowledge_map_markdown,
    learning_path_markdown,
)
