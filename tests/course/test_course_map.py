"""The course map: every k8slearn module documents its upstream, and the map lists every chapter."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from k8slearn import course

ROOT = Path(__file__).resolve().parents[2]
MODULES = course.iter_modules()

# Skeleton files owned by the coordinator that predate the convention.  They are reported
# (xfail), not hidden; the final report asks for an "Upstream: none (course tooling)" line.
PENDING: set[str] = set()


def _module_params():
    for m in MODULES:
        marks = []
        if m.name in PENDING:
            marks.append(pytest.mark.xfail(reason="skeleton file owned by the coordinator",
                                           strict=False))
        yield pytest.param(m, id=m.name, marks=marks)


@pytest.mark.parametrize("mod", list(_module_params()))
def test_module_docstring_follows_convention(mod: course.ModuleDoc) -> None:
    assert not mod.errors, f"{mod.path.relative_to(ROOT)}: " + "; ".join(mod.errors)
    assert mod.summary and len(mod.summary) <= 120, "summary: one short line"
    if not mod.tooling:
        assert mod.upstream


def test_walk_finds_every_python_file() -> None:
    pkg = ROOT / "k8slearn"

    def in_package(p: Path) -> bool:  # every folder from k8slearn/ down has an __init__.py
        return all((d / "__init__.py").exists() for d in p.parents if d.is_relative_to(pkg))

    on_disk = sorted(p for p in pkg.rglob("*.py") if "__pycache__" not in p.parts and in_package(p))
    assert sorted(m.path for m in course.iter_modules()) == on_disk


@pytest.mark.parametrize("mod", [m for m in MODULES if m.upstream], ids=lambda m: m.name)
def test_links_are_well_formed(mod: course.ModuleDoc) -> None:
    link_re = re.compile(
        r"^https://github\.com/[A-Za-z0-9][\w.-]*/[\w.-]+/blob/[\w.+-]+/[\w.+/-]+(#L\d+(-L\d+)?)?$"
    )
    for up in mod.upstream:
        for link in up.links():
            assert link_re.match(link), link
            if up.repo == "kubernetes/kubernetes":
                assert "/blob/v1.36.0/" in link
            if up.repo == "kubernetes/client-go":
                assert "/blob/v0.36.3/" in link


@pytest.mark.parametrize(
    "line, expected",
    [
        pytest.param(
            "Upstream: kubernetes/client-go util/workqueue/queue.go @ v0.36.3",
            course.Upstream("kubernetes/client-go", ("util/workqueue/queue.go",), "v0.36.3"),
            id="one-path",
        ),
        pytest.param(
            "Upstream: kubernetes/kubernetes pkg/volume/emptydir/empty_dir.go, "
            "pkg/volume/emptydir/empty_dir_linux.go @ v1.36.0",
            course.Upstream(
                "kubernetes/kubernetes",
                ("pkg/volume/emptydir/empty_dir.go", "pkg/volume/emptydir/empty_dir_linux.go"),
                "v1.36.0",
            ),
            id="two-paths",
        ),
        pytest.param("Upstream: none (course tooling)", None, id="tooling"),
    ],
)
def test_parse_upstream_line(line: str, expected: course.Upstream | None) -> None:
    assert course.parse_upstream_line(line) == expected


@pytest.mark.parametrize(
    "line, reason",
    [
        ("Upstream: kubernetes/client-go util/workqueue/queue.go", "expected"),
        ("Upstream: client-go util/workqueue/queue.go @ v0.36.3", "expected"),
        ("Upstream: kubernetes/kubernetes pkg/volume/x.go @ v1.35.0", "must be linked at v1.36.0"),
        ("Upstream: kubernetes/client-go util/workqueue/queue.go @ v0.36.0", "at v0.36.3"),
        ("Upstream: kubernetes/kubernetes /abs/path.go @ v1.36.0", "not a relative file path"),
        ("Upstream: kubernetes/kubernetes pkg/../x.go @ v1.36.0", "not a relative file path"),
        ("Upstream: kubernetes/kubernetes pkg/a.go,, pkg/b.go @ v1.36.0", "not a relative"),
        ("Upstream: none", "expected"),
    ],
    ids=["no-tag", "no-owner", "old-k8s-tag", "wrong-client-go-tag", "absolute", "dotdot",
         "empty-path", "none-without-reason"],
)
def test_parse_upstream_line_rejects(line: str, reason: str) -> None:
    with pytest.raises(course.UpstreamError, match=re.escape(reason)):
        course.parse_upstream_line(line)


def test_read_module_doc_reports_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text('"""Summary.\n\nUpstream: kubernetes/kubernetes x.go @ v1.0\n"""\n')
    assert "must be linked at v1.36.0" in course.read_module_doc("x.bad", bad).errors[0]
    none = tmp_path / "none.py"
    none.write_text("x = 1\n")
    assert course.read_module_doc("x.none", none).errors == (
        "no docstring summary line", "no 'Upstream:' line")
    good = tmp_path / "good.py"
    good.write_text('"""Good.\n\nUpstream: none (course tooling)\n"""\n')
    doc = course.read_module_doc("x.good", good)
    assert doc.errors == () and doc.tooling and doc.summary == "Good."


def test_map_lists_every_chapter_and_notebook() -> None:
    table = course.chapters_markdown()
    html = course.chapters_html()
    expected = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert [nb for c in course.CHAPTERS for nb in c.notebooks] == expected
    assert expected[:4] == ["00_start_here", "01_cmd_tour", "02_cmd_nodeipam",
                            "03_cmd_repo_tools"]
    for nb in expected:
        assert f"({nb}.ipynb)" in table and f'href="{nb}.ipynb"' in html
    for c in course.CHAPTERS:
        assert f"(`{c.key}`)" in table
    assert table.count("\n") == len(course.CHAPTERS) + 3  # header, rule, chapters, total


def test_dependencies_point_backwards() -> None:
    seen: set[str] = set()
    for c in course.CHAPTERS:
        assert set(c.depends_on) <= seen, f"{c.key} depends on a later chapter"
        seen.add(c.key)
    assert course.chapter("controller").depends_on == ("workqueue",)
    assert set(course.chapter("hpa").depends_on) == {"workqueue", "controller"}
    with pytest.raises(KeyError, match="no chapter 'nope'"):
        course.chapter("nope")


def test_chapter_for_uses_package_then_upstream_path() -> None:
    def doc(name: str, *ups: course.Upstream) -> course.ModuleDoc:
        return course.ModuleDoc(name, Path("x.py"), "s", ups, not ups, ())

    k8s = "kubernetes/kubernetes"
    assert course.chapter_for(doc("k8slearn.workqueue.queue")) == "workqueue"
    assert course.chapter_for(doc("k8slearn.viz.hpa")) == "hpa"
    assert course.chapter_for(doc("k8slearn.clock")) == "shared"
    autoscaling = course.Upstream(k8s, ("pkg/apis/autoscaling/types.go",), "v1.36.0")
    assert course.chapter_for(doc("k8slearn.api.autoscaling", autoscaling)) == "shared"
    assert course.chapter_for(doc("k8slearn.hpa_types", autoscaling)) == "hpa"
    hpa_opts = course.Upstream(k8s, ("cmd/kube-controller-manager/app/options/hpacontroller.go",),
                               "v1.36.0")
    assert course.chapter_for(doc("k8slearn.x", hpa_opts)) == "hpa"  # longest prefix wins
    cmd = course.Upstream(k8s, ("cmd/kube-controller-manager/app/core.go",), "v1.36.0")
    assert course.chapter_for(doc("k8slearn.x", cmd)) == "cmd"
    cg = course.Upstream("kubernetes/client-go", ("util/workqueue/delaying_queue.go",), "v0.36.3")
    assert course.chapter_for(doc("k8slearn.y", cg)) == "workqueue"


def test_course_map_rows_are_sorted_and_skip_tooling_viz() -> None:
    rows = course.course_map()
    assert rows == course.course_map()  # deterministic
    order = [c.key for c in course.CHAPTERS] + ["shared"]
    keys = [(order.index(r.chapter), r.module) for r in rows]
    assert keys == sorted(keys)
    names = {r.module for r in rows}
    assert "k8slearn.course" in names and "k8slearn.viz.start_here" not in names
    md = course.course_map_markdown(rows)
    assert sum(line.startswith("| [`k8slearn") for line in md.splitlines()) == len(rows)
    # issue #15: every module links its local file
    assert "| [`k8slearn.course`](../k8slearn/course.py) |" in md
    chapters = {r.chapter for r in rows}
    assert md.count("| module |") == len(chapters)
    folded = course.course_map_markdown(rows, collapsed=True)
    assert folded.count("<details>") == folded.count("</details>") == len(chapters)
    assert course.course_map_html(rows).count("<tr>") == len(rows) + 1


def test_knowledge_map_covers_article_one() -> None:
    keys = [a.key for a in course.KNOWLEDGE_AREAS]
    assert keys == ["containers", "compute", "storage", "networking", "extension", "source",
                    "orchestration", "crd", "monitoring"]
    for a in course.KNOWLEDGE_AREAS:
        assert a.coverage in ("covered", "partly", "not covered")
        assert (a.coverage == "not covered") == (not a.chapters)
        for k in a.chapters:
            course.chapter(k)
    assert course.knowledge_map_markdown().count("\n- ") == len(keys) - 1


def test_building_the_map_imports_nothing_heavy() -> None:
    code = ("import sys; from k8slearn import course; course.course_map_markdown(); "
            "bad = [m for m in ('matplotlib', 'ipywidgets', 'IPython', 'k8slearn.viz') "
            "if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_chapter_times_are_the_sum_of_the_notebooks_time_lines() -> None:
    """Issue #11 item 12: the course map's times come from the notebooks themselves."""
    for c in course.CHAPTERS:
        times = [course.notebook_info(ROOT / "notebooks" / f"{nb}.ipynb")[0] for nb in c.notebooks]
        assert None not in times, f"{c.key}: a notebook without a **Time:** line"
        assert c.minutes == sum(times)
    total = sum(c.minutes for c in course.CHAPTERS)
    assert f"{total // 60} h {total % 60:02d} min" in course.chapters_markdown()


def _nb(path: Path, title: str, minutes: int) -> None:
    import json

    cell = {"cell_type": "markdown", "metadata": {},
            "source": f"# {title}\n\n**Time:** about {minutes} minutes.\n"}
    path.write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}))


def test_new_and_split_notebooks_are_picked_up(tmp_path) -> None:
    """13 split into 13 + 14, a capstone 40: the map follows the folder, no edit needed."""
    for stem, minutes in (("00_start_here", 10), ("13_informers", 30), ("14_replicaset", 25),
                          ("40_capstone_cluster", 50)):
        _nb(tmp_path / f"{stem}.ipynb", f"{stem[:2]} · {stem}", minutes)
    chapters = course.discover_chapters(tmp_path)
    assert [(c.key, c.notebooks, c.minutes) for c in chapters] == [
        ("start_here", ("00_start_here",), 10),
        ("controller", ("13_informers", "14_replicaset"), 55),
        ("capstone", ("40_capstone_cluster",), 50)]
    assert chapters[1].numbers == "13-14"


def test_installed_copy_without_notebooks_uses_the_declared_list() -> None:
    chapters = course.discover_chapters(None)
    assert chapters[0].notebooks == ("00_start_here",)
    assert all(c.minutes > 0 for c in chapters)


def test_metrics_belong_to_the_workqueue_not_to_cmd() -> None:
    rows = {r.module: r.chapter for r in course.course_map()}
    assert rows["k8slearn.metrics"] == "workqueue"
    assert all(not m.startswith("k8slearn.metrics") for m, ch in rows.items() if ch == "cmd")


def test_knowledge_map_is_honest_about_coverage() -> None:
    areas = {a.key: a for a in course.KNOWLEDGE_AREAS}
    assert areas["networking"].coverage == "partly" and "cmd" in areas["networking"].chapters
    assert areas["storage"].coverage == "partly"  # only emptyDir
    assert areas["orchestration"].coverage == "partly"  # ReplicaSets and the HPA


def test_learning_path_places_the_course_with_its_measured_hours() -> None:
    md = course.learning_path_markdown()
    total = sum(c.minutes for c in course.CHAPTERS)
    assert f"{total // 60} h {total % 60:02d} min" in md
    assert sum(st.this_course for st in course.LEARNING_PATH) == 1
    assert md.count("\n| ") == len(course.LEARNING_PATH) + 1


def test_the_maintainer_cells_moved_out_of_notebook_00() -> None:
    """Notebook 00 used to demonstrate the parser; that is maintainer tooling, checked here."""
    up = course.parse_upstream_line(
        "Upstream: kubernetes/client-go util/workqueue/queue.go, util/workqueue/delaying_queue.go"
        " @ v0.36.3")
    assert (up.repo, up.tag) == ("kubernetes/client-go", "v0.36.3")
    assert up.links() == (
        "https://github.com/kubernetes/client-go/blob/v0.36.3/util/workqueue/queue.go",
        "https://github.com/kubernetes/client-go/blob/v0.36.3/util/workqueue/delaying_queue.go")
    with pytest.raises(course.UpstreamError, match="must be linked at v1.36.0, not v1.35.0"):
        course.parse_upstream_line(
            "Upstream: kubernetes/kubernetes pkg/volume/emptydir/empty_dir.go @ v1.35.0")
    nb = (ROOT / "notebooks" / "00_start_here.ipynb").read_text()
    assert "parse_upstream_line" not in nb and "%xmode" not in nb


def test_link_mentions_never_nests_a_link_inside_a_code_span() -> None:
    assert course.link_mentions("`python -m k8slearn.cmd.clicheck [DIR]`: check") == \
        "[`python -m k8slearn.cmd.clicheck [DIR]`](../k8slearn/cmd/clicheck.py): check"
    assert course.link_mentions("`make docs`") == "`make docs`"
    assert course.link_mentions("`k8slearn.cmd.cli` and k8slearn.clock") == (
        "[`k8slearn.cmd.cli`](../k8slearn/cmd/cli.py) and [`k8slearn.clock`](../k8slearn/clock.py)")
    # A rendered course map has no "`... [`k8slearn..." (a link opened inside a code span).
    md = course.course_map_markdown()
    for line in md.splitlines():
        summary = line.split(" | ")[1] if line.startswith("| [") else ""
        code_spans_closed = re.sub(r"\[`[^`]*`\]\([^)]*\)", "", summary)
        assert code_spans_closed.count("`") % 2 == 0, line
