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

import ast
import inspect
import io
import pkgutil
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

__all__ = [
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
    "chapters_html",
    "chapters_markdown",
    "course_map",
    "course_map_html",
    "course_map_markdown",
    "discover_chapters",
    "iter_modules",
    "learning_path_markdown",
    "notebook_info",
    "notebooks_dir",
    "knowledge_map_markdown",
    "parse_upstream_line",
    "read_module_doc",
]

K8S = "kubernetes/kubernetes"
CLIENT_GO = "kubernetes/client-go"
NONE_LINE = "Upstream: none (course tooling)"
_UPSTREAM_RE = re.compile(
    r"^Upstream:\s+(?P<repo>[A-Za-z0-9][\w.-]*/[\w.-]+)\s+(?P<paths>\S.*?)\s+@\s+(?P<tag>[\w.+-]+)$"
)
_PATH_RE = re.compile(r"^[\w.+-]+(/[\w.+-]+)*/?(#L\d+(-L\d+)?)?$")

#: The tag each repository must be linked at; other repositories may use any tag.
REQUIRED_TAGS = {K8S: "v1.36.0", CLIENT_GO: "v0.36.3"}


class UpstreamError(ValueError):
    """An ``Upstream:`` line that does not follow the convention."""


@dataclass(frozen=True)
class Upstream:
    """One ``Upstream:`` line: a repository, files in it, and the tag they are read at."""

    repo: str
    paths: tuple[str, ...]
    tag: str

    def links(self) -> tuple[str, ...]:
        return tuple(f"https://github.com/{self.repo}/blob/{self.tag}/{p}" for p in self.paths)


def parse_upstream_line(line: str) -> Upstream | None:
    """Parse one docstring line; ``None`` for ``Upstream: none (course tooling)``.

    Raises :class:`UpstreamError` with a one-line reason when the line is malformed.
    """
    line = line.strip()
    if line == NONE_LINE:
        return None
    m = _UPSTREAM_RE.match(line)
    if not m:
        raise UpstreamError(
            f"{line!r}: expected 'Upstream: <owner/repo> <path>[, <path> ...] @ <tag>' "
            f"or {NONE_LINE!r}"
        )
    paths = tuple(p.strip() for p in m["paths"].split(","))
    for p in paths:
        if not _PATH_RE.match(p) or ".." in p.split("/"):
            raise UpstreamError(f"{line!r}: {p!r} is not a relative file path")
    want = REQUIRED_TAGS.get(m["repo"])
    if want is not None and m["tag"] != want:
        raise UpstreamError(f"{line!r}: {m['repo']} must be linked at {want}, not {m['tag']}")
    return Upstream(m["repo"], paths, m["tag"])


@dataclass(frozen=True)
class ModuleDoc:
    """What the course map needs from one module's docstring."""

    name: str
    path: Path
    summary: str
    upstream: tuple[Upstream, ...]
    tooling: bool  # it says ``Upstream: none (course tooling)``
    errors: tuple[str, ...]  # convention violations, empty when the docstring is fine


def _docstring(source: str) -> str:
    """The module docstring: the first token, if it is a string (only that much is parsed)."""
    skip = (tokenize.ENCODING, tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE)
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in skip:
            continue
        if tok.type == tokenize.STRING:
            value = ast.literal_eval(tok.string)
            return inspect.cleandoc(value) if isinstance(value, str) else ""
        return ""
    return ""


def read_module_doc(name: str, path: Path) -> ModuleDoc:
    """Read ``path``'s docstring from its source (the module is not imported)."""
    errors: list[str] = []
    try:
        doc = _docstring(path.read_text(encoding="utf-8"))
    except (SyntaxError, tokenize.TokenError, ValueError) as e:
        doc = ""
        errors.append(f"cannot read the docstring: {e}")
    lines = doc.splitlines()
    summary = lines[0].strip() if lines else ""
    if not summary:
        errors.append("no docstring summary line")
    ups: list[Upstream] = []
    tooling = False
    for line in lines:
        if not line.strip().startswith("Upstream:"):
            continue
        try:
            up = parse_upstream_line(line)
        except UpstreamError as e:
            errors.append(str(e))
            continue
        if up is None:
            tooling = True
        else:
            ups.append(up)
    if not ups and not tooling and not any("Upstream" in e for e in errors):
        errors.append("no 'Upstream:' line")
    if ups and tooling:
        errors.append(f"has both {NONE_LINE!r} and upstream files")
    return ModuleDoc(name, path, summary, tuple(ups), tooling, tuple(errors))


def _package_dir() -> Path:
    return Path(__file__).resolve().parent


def iter_modules(root: Path | None = None, prefix: str = "k8slearn") -> list[ModuleDoc]:
    """Every module of the package under ``root``, sorted by name, without importing any."""
    root = _package_dir() if root is None else root
    found = [read_module_doc(prefix, root / "__init__.py")]
    for info in pkgutil.iter_modules([str(root)]):
        name = f"{prefix}.{info.name}"
        if info.ispkg:
            found.extend(iter_modules(root / info.name, name))
        else:
            found.append(read_module_doc(name, root / f"{info.name}.py"))
    return sorted(found, key=lambda m: m.name)


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
                ("k8slearn.course",), (), (("00_start_here", 25),)),
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
    return text.replace("``", "`").replace("|", "\\|").replace("\n", " ")


def _link_text(url: str) -> str:
    repo_tag, _, path = url.removeprefix("https://github.com/").partition("/blob/")
    path = path.split("/", 1)[1] if "/" in path else path
    short = repo_tag.removeprefix("kubernetes/")
    return f"{short}: {path}" if short != "kubernetes" else path


def _chapter_label(key: str) -> str:
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
        title = f"{_chapter_label(key)}: {len(mine)} module{'s' if len(mine) != 1 else ''}"
        out += ([f"<details><summary><b>{title}</b></summary>", ""] if collapsed
                else [f"**{title}**", ""])
        out += ["| module | what it is | upstream (at the tag) |", "|---|---|---|"]
        for r in mine:
            links = "<br>".join(f"[{_cell(_link_text(u))}]({u})" for u in r.links)
            out.append(f"| `{r.module}` | {_cell(r.summary)} | {links or 'course tooling'} |")
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
        deps = ", ".join(_chapter_label(d) for d in c.depends_on) or "-"
        pkgs = ", ".join(f"`{p}`" for p in _packages(rows, c.key)) or "(not built yet)"
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
    body = [[escape(_chapter_label(r.chapter)), f"<code>{escape(r.module)}</code>",
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
             escape(", ".join(_chapter_label(d) for d in c.depends_on) or "-"),
             f"{c.minutes} min",
             ", ".join(f"<code>{p}</code>" for p in _packages(rows, c.key)) or "(not built yet)"]
            for c in CHAPTERS]
    return _html_table(["#", "chapter", "notebooks", "depends on", "time", "k8slearn packages"],
                       body)


@dataclass(frozen=True)
class KnowledgeArea:
    """One area of the expert's knowledge map (source article 1) and what the course covers."""

    key: str
    title: str
    examples: str
    coverage: str  # "covered", "partly" or "not covered"
    chapters: tuple[str, ...]  # chapter keys that teach it
    note: str


KNOWLEDGE_AREAS: tuple[KnowledgeArea, ...] = (
    KnowledgeArea("containers", "Container fundamentals", "images, runtimes, CRI", "partly",
                  ("start_here",), "Kubernetes vs Docker, containerd and the CRI (chapter 00)"),
    KnowledgeArea("compute", "Compute and scheduling", "scheduler, kubelet, resources",
                  "partly", ("hpa",), "resource requests and usage drive the HPA's math; "
                  "no scheduler"),
    KnowledgeArea("storage", "Storage", "volumes, emptyDir, PV/PVC, CSI", "partly",
                  ("emptydir",), "one volume plugin, emptyDir, end to end; no PV/PVC or CSI"),
    KnowledgeArea("networking", "Networking", "pod IPs, Services, policy, DNS",
                  "partly", ("cmd",), "pod IP address management: the pod CIDR each node "
                  "gets (02); no Services, kube-proxy, CNI plugins or DNS"),
    KnowledgeArea("extension", "Extension and plugins", "plugins, CRI/CNI/CSI, webhooks",
                  "partly", ("emptydir", "cmd"), "the volume-plugin interface; component flags"),
    KnowledgeArea("source", "Reading the source", "repo layout, cmd/, staging, tests",
                  "covered", ("start_here", "cmd"), "the tree tour and the cmd/ chapters"),
    KnowledgeArea("orchestration", "Orchestration", "Pod, Deployment, autoscaling",
                  "partly", ("controller", "hpa"), "the ReplicaSet controller and the HPA; "
                  "no Deployments, StatefulSets or DaemonSets"),
    KnowledgeArea("crd", "CRDs and operators", "CRDs, controllers, client-go", "partly",
                  ("workqueue", "controller"), "the workqueue and controller loop every operator "
                  "is built on"),
    KnowledgeArea("monitoring", "Monitoring", "metrics, Prometheus, logs", "partly",
                  ("workqueue", "hpa", "cmd"), "workqueue metrics; the HPA's metrics client; "
                  "klog lines (02)"),
)


@dataclass(frozen=True)
class Stage:
    """One stage of the learning path (the seed question "how long to learn Kubernetes")."""

    title: str
    weeks: str  # at about 5 hours a week
    what: str
    this_course: bool = False


#: A time budget for learning Kubernetes, at about five hours a week.  The course's own
#: stage gets its hours from the notebooks (:func:`learning_path_markdown`).
LEARNING_PATH: tuple[Stage, ...] = (
    Stage("Containers", "1-2", "build and run an image; layers, mounts, probes"),
    Stage("A throwaway cluster", "1", "kind or minikube on a laptop, in minutes"),
    Stage("The objects, through kubectl", "3-4", "Pods, ReplicaSets, Deployments, Services, "
          "ConfigMaps, volumes; kubectl get -o yaml, describe, logs"),
    Stage("The architecture: control loops, read in the source", "2-3",
          "this course, then the controllers you use most", this_course=True),
    Stage("Operate it", "4-8", "monitoring with Prometheus, logs, upgrades, Helm, "
          "networking (CNI, Services, DNS), storage (PV/PVC, CSI), RBAC"),
    Stage("Extend it", "4+", "CRDs and an operator of your own, on the same workqueue and "
          "controller loop"),
)


def learning_path_markdown(chapters: tuple[Chapter, ...] | None = None) -> str:
    """The learning path as a table; this course's row shows its hours (from the notebooks)."""
    chapters = CHAPTERS if chapters is None else chapters
    minutes = sum(c.minutes for c in chapters)
    n = sum(len(c.notebooks) for c in chapters)
    hours = f"{minutes // 60} h {minutes % 60:02d} min"
    out = ["| stage | weeks (about 5 h a week) | what |", "|---|---|---|"]
    total_lo = total_hi = 0
    for i, st in enumerate(LEARNING_PATH, 1):
        lo, _, hi = st.weeks.rstrip("+").partition("-")
        total_lo += int(lo)
        total_hi += int(hi or lo)
        what = st.what
        if st.this_course:
            rest = st.what.split(", ", 1)[1]
            what = (f"**this course**: {n} notebooks, {hours} of reading and exercises, "
                    f"about twice that with the upstream files open; {rest}")
        out.append(f"| {i}. {st.title} | {st.weeks} | {what} |")
    out.append(f"| **total** | **{total_lo}-{total_hi}+** | about half a year part-time to work "
               "confidently; the architecture stage is what makes the rest fast |")
    return "\n".join(out) + "\n"


def knowledge_map_markdown() -> str:
    """The knowledge map as a markdown list with links to the chapters' first notebooks."""
    out = []
    for a in KNOWLEDGE_AREAS:
        links = ", ".join(f"[{_chapter_label(k)}]({_BY_KEY[k].notebooks[0]}.ipynb)"
                          for k in a.chapters)
        out.append(f"- **{a.title}** ({a.coverage}): {a.note}" + (f"; see {links}" if links
                                                                   else ""))
    return "\n".join(out) + "\n"
