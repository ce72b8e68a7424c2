"""k8slearn.cmd.cli: pflag parsing and usage, NamedFlagSets, verflag, cli.run."""

from __future__ import annotations

import io

import pytest

from k8slearn.cmd import verflag
from k8slearn.cmd.cli import (
    Command,
    FlagSet,
    NamedFlagSets,
    new_aggregate,
    print_sections,
    reject_args,
    run,
    set_usage_and_help_func,
)
from k8slearn.cmd.duration import format_duration, parse_duration
from k8slearn.cmd.errors import Aggregate


def _component(run_fn=None, cols: int = 0) -> tuple[Command, NamedFlagSets]:
    """A tiny component wired like kube-controller-manager."""
    cmd = Command("demo", long="The demo component.", run=run_fn or (lambda c, a: None),
                  args=reject_args)
    nfs = NamedFlagSets()
    generic = nfs.flag_set("generic")
    generic.string("cluster-cidr", "", "CIDR Range for Pods in cluster.")
    generic.bool("allocate-node-cidrs", False, "Should CIDRs for Pods be allocated.")
    nfs.flag_set("empty section")
    ipam = nfs.flag_set("nodeipam controller")
    ipam.int("node-cidr-mask-size", 0, "Mask size for node cidr in cluster.")
    glob = nfs.flag_set("global")
    verflag.add_flags(glob)
    glob.bool("help", False, "help for demo", shorthand="h")
    for name in nfs.order:
        cmd.flags().add_flag_set(nfs.flag_sets[name])
    set_usage_and_help_func(cmd, nfs, cols)
    return cmd, nfs


SECTIONS_COLS_0 = """
Generic flags:

      --allocate-node-cidrs   Should CIDRs for Pods be allocated.
      --cluster-cidr string   CIDR Range for Pods in cluster.

Nodeipam controller flags:

      --node-cidr-mask-size int   Mask size for node cidr in cluster.

Global flags:

  -h, --help                     help for demo
      --version version[=true]   --version, --version=raw prints version information and quits; --version=vX.Y.Z... sets the reported version
"""  # noqa: E501

# Note the trailing spaces: pflag pads the flag column to the (removed) dummy flag's width.
SECTIONS_COLS_80 = """
Generic flags:

      --allocate-node-cidrs                                            
                Should CIDRs for Pods be allocated.
      --cluster-cidr string                                            
                CIDR Range for Pods in cluster.

Nodeipam controller flags:

      --node-cidr-mask-size int                                        
                Mask size for node cidr in cluster.

Global flags:

  -h, --help                                                           
                help for demo
      --version version[=true]                                         
                --version, --version=raw prints version information and
                quits; --version=vX.Y.Z... sets the reported version
"""  # noqa: W291


@pytest.mark.parametrize("cols,expected", [(0, SECTIONS_COLS_0), (80, SECTIONS_COLS_80)],
                         ids=["cols-0", "cols-80"])
def test_print_sections(cols: int, expected: str) -> None:
    _, nfs = _component()
    buf = io.StringIO()
    print_sections(buf, nfs, cols)
    assert buf.getvalue() == expected


def test_sections_keep_first_use_order_and_skip_empty() -> None:
    nfs = NamedFlagSets()
    nfs.flag_set("zeta").bool("z", False, "z")
    nfs.flag_set("alpha")
    nfs.flag_set("misc").bool("m", False, "m")
    nfs.flag_set("zeta").bool("y", False, "y")
    buf = io.StringIO()
    print_sections(buf, nfs, 0)
    titles = [line for line in buf.getvalue().splitlines() if line.endswith("flags:")]
    assert nfs.order == ["zeta", "alpha", "misc"]
    assert titles == ["Zeta flags:", "Misc flags:"]


def test_section_with_only_hidden_flags_still_prints_its_title() -> None:
    # HasFlags() counts hidden flags, so only a section with no flags at all is skipped.
    nfs = NamedFlagSets()
    nfs.flag_set("secret").bool("hush", False, "hidden")
    nfs.flag_set("secret").mark_hidden("hush")
    buf = io.StringIO()
    print_sections(buf, nfs, 0)
    assert buf.getvalue() == "\nSecret flags:\n\n"


def test_description_moves_to_its_own_line_from_40_columns() -> None:
    _, nfs = _component()
    buf = io.StringIO()
    print_sections(buf, nfs, 40)
    lines = buf.getvalue().splitlines()
    i = next(n for n, x in enumerate(lines) if "--cluster-cidr" in x)
    assert lines[i].rstrip() == "      --cluster-cidr string"
    # Wrapped to 40 - 16 columns, minus pflag's 5-column slop: 19 characters per line.
    assert lines[i + 1:i + 3] == [" " * 16 + "CIDR Range for", " " * 16 + "Pods in cluster."]


@pytest.mark.parametrize("cols", [25, 39])
def test_narrow_terminal_keeps_description_on_the_flag_line(cols: int) -> None:
    # pflag gives up wrapping when the block indent (16) leaves < 24 columns.
    _, nfs = _component()
    buf = io.StringIO()
    print_sections(buf, nfs, cols)
    line = next(x for x in buf.getvalue().splitlines() if "--cluster-cidr" in x)
    assert line.endswith("CIDR Range for Pods in cluster.")


def test_help_on_stdout_usage_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    cmd, _ = _component()
    assert run(cmd, ["--help"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("The demo component.\n\nUsage:\n  demo [flags]\n\nGeneric flags:")
    assert err == ""
    cmd.usage()
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("Usage:\n  demo [flags]\n\nGeneric flags:")


def test_flag_parse_error_prints_usage_then_error(capsys: pytest.CaptureFixture[str]) -> None:
    cmd, _ = _component()
    assert run(cmd, ["--bogus"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("Usage:\n  demo [flags]\n")
    assert err.endswith("\n\nError: unknown flag: --bogus\n")


@pytest.mark.parametrize("argv,message", [
    (["--node-cidr-mask-size"], "flag needs an argument: --node-cidr-mask-size"),
    (["--node-cidr-mask-size", "x"], 'invalid argument "x" for "--node-cidr-mask-size" flag: '
                                     'strconv.ParseInt: parsing "x": invalid syntax'),
    (["--allocate-node-cidrs=maybe"], 'invalid argument "maybe" for "--allocate-node-cidrs" '
                                      'flag: strconv.ParseBool: parsing "maybe": invalid syntax'),
    (["-x"], "unknown shorthand flag: 'x' in -x"),
    (["---x"], "bad flag syntax: ---x"),
], ids=["missing-value", "bad-int", "bad-bool", "unknown-shorthand", "bad-syntax"])
def test_flag_errors_exit_1_with_usage(argv, message, capsys) -> None:
    cmd, _ = _component()
    assert run(cmd, argv) == 1
    _, err = capsys.readouterr()
    assert "Usage:" in err
    assert err.endswith(f"Error: {message}\n")


KLOG_FAILED = 'E1207 08:00:00.000000   12345 run.go:72] "command failed" err="{}"\n'


def test_runtime_error_is_a_klog_line_without_usage(capsys: pytest.CaptureFixture[str]) -> None:
    """cli.Run: after logs.InitLogs (run.go L72 at v0.36.0) errors are klog.ErrorS lines."""
    cmd, _ = _component(run_fn=lambda c, a: ValueError("boom"))
    assert run(cmd, []) == 1
    out, err = capsys.readouterr()
    assert (out, err) == ("", KLOG_FAILED.format("boom"))


def test_raised_error_is_reported_like_a_returned_one(capsys) -> None:
    def fail(c, a):
        raise RuntimeError("raised")

    cmd, _ = _component(run_fn=fail)
    assert run(cmd, []) == 1
    assert capsys.readouterr().err == KLOG_FAILED.format("raised")


def test_kubectl_style_runner_prints_error_lines_in_every_phase(capsys) -> None:
    from k8slearn.cmd.cli import run_and_check_err

    cmd, _ = _component(run_fn=lambda c, a: ValueError("boom"))
    assert run_and_check_err(cmd, []) == 1
    assert capsys.readouterr().err == "Error: boom\n"


def test_existing_persistent_pre_run_still_runs(capsys) -> None:
    seen = []
    cmd, _ = _component()
    cmd.persistent_pre_run = lambda c, a: seen.append("pre")
    assert run(cmd, []) == 0
    assert seen == ["pre"]


def test_positional_args_are_rejected(capsys: pytest.CaptureFixture[str]) -> None:
    cmd, _ = _component()
    assert run(cmd, ["a", "b c"]) == 1
    assert capsys.readouterr().err == 'Error: "demo" does not take any arguments, got ["a" "b c"]\n'


def test_underscores_normalise_to_dashes(capsys) -> None:
    seen = {}
    cmd, _ = _component(run_fn=lambda c, a: seen.update(v=c.flags().get("cluster-cidr")))
    assert run(cmd, ["--cluster_cidr=10.0.0.0/8"]) == 0
    assert seen == {"v": "10.0.0.0/8"}


@pytest.mark.parametrize("argv,expected", [
    (["--version"], "Kubernetes v1.36.0\n"),
    (["--version=true"], "Kubernetes v1.36.0\n"),
    (["--version=false"], ""),
], ids=["bare", "true", "false"])
def test_version_flag(argv, expected, capsys) -> None:
    def run_fn(c, a):
        verflag.print_and_exit_if_requested()

    cmd, _ = _component(run_fn=run_fn)
    assert run(cmd, argv) == 0
    assert capsys.readouterr().out == expected


def test_version_v_prefix_sets_the_reported_version_and_keeps_running(capsys) -> None:
    from k8slearn.cmd import version

    seen = []

    def run_fn(c, a):
        verflag.print_and_exit_if_requested()
        seen.append(str(version.get()))

    cmd, _ = _component(run_fn=run_fn)
    assert run(cmd, ["--version=v1.36.0-rc.1+k8slearn"]) == 0
    assert capsys.readouterr().out == ""
    assert seen == ["v1.36.0-rc.1+k8slearn"]
    version.reset()


def test_version_raw_prints_the_struct(capsys) -> None:
    cmd, _ = _component(run_fn=lambda c, a: verflag.print_and_exit_if_requested())
    assert run(cmd, ["--version=raw"]) == 0
    # apimachinery version.Info @ v0.36.0: the emulation and min-compatibility fields
    # come right after Minor (empty from component-base's Get()).
    assert capsys.readouterr().out.startswith(
        'version.Info{Major:"1", Minor:"36", EmulationMajor:"", EmulationMinor:"", '
        'MinCompatibilityMajor:"", MinCompatibilityMinor:"", GitVersion:"v1.36.0", ')


@pytest.mark.parametrize("value,message", [
    ("v1.35.0", 'version "v1.35.0" must match major/minor/patch of default version "v1.36.0"'),
    ("vX", 'could not parse "vX" as version'),
    ("maybe", 'strconv.ParseBool: parsing "maybe": invalid syntax'),
])
def test_version_flag_rejects(value, message, capsys) -> None:
    cmd, _ = _component()
    assert run(cmd, [f"--version={value}"]) == 1
    assert capsys.readouterr().err.endswith(
        f'Error: invalid argument "{value}" for "--version" flag: {message}\n')


def test_flag_usages_left_column_and_defaults() -> None:
    fs = FlagSet("t")
    fs.string("name", "x", "a `NAME` to use", shorthand="n")
    fs.duration("period", 5.0, "how often")
    fs.float64("ratio", 0.5, "a ratio")
    fs.string_slice("items", ["a", "b"], "some items")
    fs.int("count", 0, "zero default is hidden")
    fs.bool("old", False, "deprecated flag")
    fs.mark_deprecated("old", "use --new instead")
    fs.bool("quiet", False, "a hidden flag")
    fs.mark_hidden("quiet")
    assert fs.flag_usages() == (
        "      --count int         zero default is hidden\n"
        "      --items strings     some items (default [a,b])\n"
        "  -n, --name NAME         a NAME to use (default \"x\")\n"
        "      --period duration   how often (default 5s)\n"
        "      --ratio float       a ratio (default 0.5)\n")


def test_deprecated_flag_still_parses_with_a_warning() -> None:
    fs = FlagSet("t")
    fs.bool("old", False, "deprecated flag")
    fs.mark_deprecated("old", "use --new instead")
    fs.output = io.StringIO()
    fs.parse(["--old"])
    assert fs.get("old") is True
    assert fs.output.getvalue() == "Flag --old has been deprecated, use --new instead\n"


def test_cidr_flag_parses_like_net_parse_cidr() -> None:
    fs = FlagSet("t")
    fs.ip_net("pod-cidr", None, "a CIDR")
    assert fs.flag_usages() == "      --pod-cidr ipNet   a CIDR\n"
    fs.parse(["--pod-cidr", " 10.1.2.3/16 "])
    assert str(fs.get("pod-cidr")) == "10.1.0.0/16"
    with pytest.raises(Exception, match='^invalid argument "010.0.0.0/8" for "--pod-cidr" flag: '
                                        "invalid CIDR address: 010.0.0.0/8$"):
        fs.parse(["--pod-cidr=010.0.0.0/8"])  # not sloppy: leading zeros are refused


def test_shorthand_deprecation_warns_and_hides_the_shorthand() -> None:
    fs = FlagSet("t")
    fs.bool("verbose", False, "talk more", shorthand="v")
    fs.mark_shorthand_deprecated("verbose", "use --verbose")
    fs.output = io.StringIO()
    fs.parse(["-v"])
    assert fs.get("verbose") is True
    assert fs.output.getvalue() == "Flag shorthand -v has been deprecated, use --verbose\n"
    assert fs.flag_usages() == "      --verbose   talk more\n"


def test_string_slice_first_set_replaces_default_then_appends() -> None:
    fs = FlagSet("t")
    fs.string_slice("controllers", ["*"], "controllers")
    fs.parse(["--controllers", "a,b", "--controllers=c"])
    assert fs.get("controllers") == ["a", "b", "c"]


def test_bool_no_opt_def_val_and_shorthand_groups() -> None:
    fs = FlagSet("t")
    fs.bool("all", False, "all", shorthand="a")
    fs.bool("verbose", False, "verbose", shorthand="v")
    fs.string("out", "", "out", shorthand="o")
    fs.parse(["-avo", "yaml", "rest", "--", "--all"])
    assert (fs.get("all"), fs.get("verbose"), fs.get("out")) == (True, True, "yaml")
    assert fs.args == ["rest", "--all"]


@pytest.mark.parametrize("text,seconds,shown", [
    ("5ms", 0.005, "5ms"), ("1000s", 1000.0, "16m40s"), ("1h30m", 5400.0, "1h30m0s"),
    ("1.5ms", 0.0015, "1.5ms"), ("0", 0.0, "0s"), ("-2m3.5s", -123.5, "-2m3.5s"),
    ("300us", 0.0003, "300µs"), ("1ns", 1e-9, "1ns"),
])
def test_durations_parse_and_print_like_go(text, seconds, shown) -> None:
    assert parse_duration(text) == pytest.approx(seconds)
    assert format_duration(parse_duration(text)) == shown


@pytest.mark.parametrize("text,message", [
    ("", 'time: invalid duration ""'), ("5", 'time: missing unit in duration "5"'),
    ("1d", 'time: unknown unit "d" in duration "1d"'), ("x", 'time: invalid duration "x"'),
])
def test_duration_errors(text, message) -> None:
    with pytest.raises(ValueError, match=f"^{message}$"):
        parse_duration(text)


@pytest.mark.parametrize("errs,text", [
    ([ValueError("a")], "a"),
    ([ValueError("a"), ValueError("b")], "[a, b]"),
    ([ValueError("a"), ValueError("a")], "a"),
    ([Aggregate([ValueError("a"), ValueError("b")]), ValueError("c")], "[a, b, c]"),
], ids=["one", "two", "dedup", "nested"])
def test_aggregate_formatting(errs, text) -> None:
    assert str(new_aggregate(errs)) == text


def test_aggregate_of_nothing_is_none() -> None:
    assert new_aggregate([]) is None and new_aggregate([None]) is None
