"""kubectl's sanity checks (cmd_sanity.go) and the clicheck tool."""

from __future__ import annotations

import io

import pytest

from k8slearn.cmd import clicheck, sanity
from k8slearn.cmd.cli import Command
from k8slearn.cmd.pflag import FlagSet

NOT_NORMALIZED_LONG = ('command "{}": long description is not normalized, make sure you are '
                       "calling templates.LongDesc (from pkg/cmd/templates) before assigning "
                       "cmd.Long")
NOT_NORMALIZED_EX = ('command "{}": examples are not normalized, make sure you are calling '
                     "templates.Examples (from pkg/cmd/templates) before assigning cmd.Example")
SLASHES = 'command "{}": we use # to start comments in examples instead of //'
BAD_FLAG = ('command "{}": flag name "{}" is invalid, long form of flag names can only contain '
            "lowercase characters or dash (must match ^[a-z]+[a-z\\-]*$)")


def _out() -> io.StringIO:
    return io.StringIO()


@pytest.mark.parametrize("long,errors", [
    ("", 0), ("Normalized text.", 0), ("Trailing newline.\n", 1), (" leading space", 1),
    ("\ttab", 1), ("inner\n\nlines ok", 0),
], ids=["empty", "clean", "newline", "space", "tab", "inner-newlines"])
def test_check_long_desc(long, errors) -> None:
    cmd = Command("k", long=long)
    assert sanity.check_long_desc(cmd, _out()) == [NOT_NORMALIZED_LONG.format("k")] * errors


def test_check_examples_reports_every_line() -> None:
    cmd = Command("k", example="  # ok\n  k run\nk bad\n  // comment\n// both")
    assert sanity.check_examples(cmd, _out()) == [
        NOT_NORMALIZED_EX.format("k"),  # "k bad"
        SLASHES.format("k"),  # "  // comment"
        NOT_NORMALIZED_EX.format("k"), SLASHES.format("k"),  # "// both": two errors, one line
    ]


def test_check_examples_accepts_templates_output() -> None:
    from k8slearn.cmd.templates import examples

    cmd = Command("k", example=examples("""
        # a comment
        k do-it

        k again"""))
    assert sanity.check_examples(cmd, _out()) == []


@pytest.mark.parametrize("name,ok", [
    ("simple", True), ("with-dash", True), ("trailing-", True), ("x", True),
    ("node-cidr-mask-size-ipv4", False), ("camelCase", False), ("snake_case", False),
    ("-leading", False), ("UPPER", False), ("v2", False),
])
def test_check_flags_regex(name, ok) -> None:
    cmd = Command("k")
    fs = FlagSet("t")
    fs.bool(name, False, "x")
    for f in fs.visit_all():
        cmd.flags().add_flag(f)
    errors = sanity.check_flags(cmd, _out())
    assert errors == ([] if ok else [BAD_FLAG.format("k", name)])


def test_check_flags_counts_local_and_persistent_and_prints_the_count() -> None:
    cmd = Command("k")
    cmd.flags().bool("a", False, "")
    cmd.persistent_flags().bool("B", False, "")
    out = _out()
    assert sanity.check_flags(cmd, out) == [BAD_FLAG.format("k", "B")]
    assert out.getvalue() == "   \u21b3 checking 2 flags\n"


def test_global_check_flags_every_command_line_flag() -> None:
    fs = FlagSet("global")
    fs.bool("leaky", False, "")
    assert sanity.check_global_var_flags(_out(), fs) == [
        'flag "leaky" is invalid, please don\'t register any flag under the global variable '
        '"CommandLine"']
    assert sanity.check_global_var_flags(_out(), FlagSet("empty")) == []


def _tree() -> Command:
    root = Command("root", long="ok")
    a = Command("a", long="bad\n")
    a.add_command(Command("deep", long=" bad"))
    root.add_command(a, Command("b", long="fine"))
    return root


def test_children_are_checked_before_their_parent() -> None:
    out = _out()
    errors = sanity.run_cmd_checks(_tree(), [sanity.check_long_desc], [], out)
    order = [ln for ln in out.getvalue().splitlines() if ln.startswith("---+")]
    assert order == ['---+ RUNNING COMMAND CHECKS on "root a deep"',
                     '---+ RUNNING COMMAND CHECKS on "root a"',
                     '---+ RUNNING COMMAND CHECKS on "root b"',
                     '---+ RUNNING COMMAND CHECKS on "root"']
    assert errors == [NOT_NORMALIZED_LONG.format("root a deep"),
                      NOT_NORMALIZED_LONG.format("root a")]


def test_skip_prunes_the_whole_subtree_and_needs_the_exact_path() -> None:
    out = _out()
    assert sanity.run_cmd_checks(_tree(), [sanity.check_long_desc], ["root a"], out) == []
    assert "---+ skipping command root a\n" in out.getvalue()
    # "a" alone is not a command path: nothing is skipped.
    assert len(sanity.run_cmd_checks(_tree(), [sanity.check_long_desc], ["a"], _out())) == 2


def test_clicheck_passes_on_the_k8slearn_cli(capsys) -> None:
    assert clicheck.main([]) == 0
    out, err = capsys.readouterr()
    assert out.endswith("---+ RUNNING GLOBAL CHECKS\n   \u21b3 checking flags from global vars\n"
                        "Congrats, CLI looks good!\n")
    assert err == ""


def test_clicheck_numbers_errors_on_stderr(capsys) -> None:
    factory = ("k8slearn.cmd.kube_controller_manager.controllermanager:"
               "new_controller_manager_command")
    assert clicheck.main(["--quiet", "--command", factory]) == 1
    out, err = capsys.readouterr()
    kcm = "kube-controller-manager"
    assert out == "Found 2 errors.\n"
    assert err == (f"     1. {BAD_FLAG.format(kcm, 'node-cidr-mask-size-ipv4')}\n"
                   f"     2. {BAD_FLAG.format(kcm, 'node-cidr-mask-size-ipv6')}\n")
