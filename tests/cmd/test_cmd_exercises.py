"""The cmd and start-here exercises: computed answers agree with the model, hints are right."""

from __future__ import annotations

import importlib.util

from conftest import ROOT

from k8slearn.exercises import check


def _answers(stem: str) -> dict:
    spec = importlib.util.spec_from_file_location(stem, ROOT / "tests" / "solutions" / f"{stem}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.ANSWERS


def test_usage_letters_follow_cli_run() -> None:
    assert check("cmd.usage_printed", ["a", "d"]).correct
    assert check("cmd.usage_printed", ["(A)", "d"]).correct  # spellings
    assert "validation in RunE" in check("cmd.usage_printed", ["a", "b", "d"]).message


def test_section_titles_hints() -> None:
    sorted_titles = ["Admission flags:", "Authorization flags:", "Serving flags:"]
    assert "not sorted" in check("cmd.section_titles", sorted_titles).message
    assert "skips" in check("cmd.section_titles",
                            ["Admission flags:", "Serving flags:", "Unused flags:",
                             "Authorization flags:"]).message


def test_version_flag_answer_is_a_flag_error() -> None:
    assert check("01.3", 1).correct and check("01.3", 1.0).correct
    assert "only *sets*" in check("01.3", 0).message


def test_debug_answers_accept_spellings() -> None:
    for spelling in ("controllers", "--controllers", "Controllers"):
        assert check("cmd.bad_controllers_flag", spelling).correct
    for spelling in ("cluster-cidr", "--cluster_cidr", "node-cidr-mask-size",
                     "--node-cidr-mask-size-ipv4", "node_cidr_mask_size_ipv6"):
        assert check("cmd.exhausted_node_fix", spelling).correct
    for spelling in ("occupyCIDRs", "occupy_cidrs", "occupyCIDRs()"):
        assert check("cmd.crash_loop_function", spelling).correct
    assert "close" in check("cmd.crash_loop_function", "NewCIDRRangeAllocator").message
    assert check("cmd.ci_tool", "cmd/fieldnamedocscheck").correct is False  # a path, not a name
    assert check("cmd.ci_tool", "FieldNameDocsCheck").correct


def test_predict_answers_are_computed_from_the_model() -> None:
    from k8slearn.exercises import cmd as ex

    assert ex._dual_masks() == _answers("02_cmd_nodeipam")["cmd.dual_mask_sizes"]
    assert "family order" in check("02.1", [24, 72]).message
    assert "block is taken first" in check("02.2", 4).message
    assert ex._passing_flag_names() == _answers("03_cmd_repo_tools")["cmd.flag_names_pass"]
    assert "digits" in check("03.1", ["tls-cert-file", "kube-api-qps", "v",
                                      "http2-max-streams"]).message


def test_start_here_answers() -> None:
    assert check("00.1", "kubernetes/staging/src/k8s.io/client-go/rest/config.go/")
    assert "published client-go" in check("00.1", "rest/config.go").message
    assert check("00.2", "cri-dockerd") and check("00.2", "CRI Dockerd")
    assert "removed" in check("00.2", "dockershim").message


def test_checks_do_not_change_global_version_state() -> None:
    from k8slearn.cmd import verflag, version

    check("01.3", 1)
    check("01.1", ["a", "d"])
    assert verflag.VERSION_FLAG.value.string() == "false"
    assert version.get().git_version == "v1.36.0"


def test_debug_symptom_01_4_is_the_line_the_model_prints() -> None:
    """A single unknown controller prints without brackets (one-error aggregate)."""
    import json
    import re

    from k8slearn.cmd.kube_controller_manager.__main__ import main as kcm
    from k8slearn.cmd.toolrun import run_tool

    got = run_tool(kcm, ["--controllers=nodeipam-controller"]).err.splitlines()[-1]
    cells = json.loads((ROOT / "notebooks" / "01_cmd_tour.ipynb").read_text())["cells"]
    shown = next(ln for c in cells for ln in "".join(c["source"]).splitlines()
                 if "is not in the list of known controllers" in ln and ln.startswith("E"))

    def tail(line: str) -> str:
        return re.sub(r"^E\d{4} [\d:.]+ +\d+ ", "", line)

    assert tail(shown) == tail(got)
