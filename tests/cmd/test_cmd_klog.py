"""k8slearn.cmd.klog: klog's text header and key/value format, on the course's fake clock;
Go's log prefix; pflag's int32/float32; the v1.36 controller names."""

from __future__ import annotations

import io

import pytest

from k8slearn.clock import FakeClock
from k8slearn.cmd.klog import Logger, format_value, go_log_prefix, header
from k8slearn.cmd.kube_controller_manager import controllers
from k8slearn.cmd.pflag import FlagSet


def test_header_fields_and_pid_alignment() -> None:
    c = FakeClock()
    assert header("I", c, "file.go:123") == "I1207 08:00:00.000000   12345 file.go:123] "
    c.step(3600 * 24 + 61.000250)
    assert header("E", c, "x.go:1", pid=1) == "E1208 08:01:01.000250       1 x.go:1] "


def test_structured_lines_quote_strings_and_put_err_first() -> None:
    out = io.StringIO()
    log = Logger(FakeClock(), out)
    log.error_s("a.go:1", ValueError('bad "x"\n'), "Failed", "node", "n1", "count", 3,
                "ok", True, "cidrs", ["10.0.0.0/24"])
    log.info_s("a.go:2", "Starting")
    log.infof("b.go:3", "attempting to acquire leader lease kube-system/x...")
    assert out.getvalue().splitlines() == [
        'E1207 08:00:00.000000   12345 a.go:1] "Failed" err="bad \\"x\\"\\n" node="n1" count=3 '
        'ok=true cidrs=["10.0.0.0/24"]',
        'I1207 08:00:00.000000   12345 a.go:2] "Starting"',
        'I1207 08:00:00.000000   12345 b.go:3] attempting to acquire leader lease kube-system/x...']


def test_verbosity_and_flush_and_exit() -> None:
    out = io.StringIO()
    log = Logger(FakeClock(), out, verbosity=2)
    log.v_info_s(4, "a.go:1", "hidden")
    log.v_info_s(2, "a.go:1", "shown")
    assert out.getvalue().count("\n") == 1
    with pytest.raises(SystemExit) as e:
        log.flush_and_exit(1)
    assert e.value.code == 1


def test_values_and_go_log_prefix() -> None:
    assert format_value(1.5) == "1.5" and format_value(False) == "false"
    assert format_value("\x01") == '"\\x01"'
    c = FakeClock()
    c.step(59.9)
    assert go_log_prefix(c) == "2026/12/07 08:00:59 "


@pytest.mark.parametrize("value,ok", [
    ("2147483647", True), ("-2147483648", True), ("2147483648", False), ("0x7fffffff", True),
])
def test_int32_range(value, ok) -> None:
    fs = FlagSet("t")
    fs.int32("n", 0, "n")
    if ok:
        fs.parse([f"--n={value}"])
    else:
        with pytest.raises(Exception, match="value out of range"):
            fs.parse([f"--n={value}"])


def test_float32_rounds_and_rejects_overflow() -> None:
    fs = FlagSet("t")
    fs.float32("q", 20.0, "q")
    fs.parse(["--q=0.1"])
    assert fs.lookup("q").value.get() == pytest.approx(0.1, rel=1e-7)
    assert fs.lookup("q").value.get() != 0.1  # float32 precision, as Go stores it
    assert fs.lookup("q").value.string() == "0.1"
    with pytest.raises(Exception, match="value out of range"):
        fs.parse(["--q=1e39"])


def test_v136_controller_names_and_aliases() -> None:
    assert len(controllers.KNOWN_CONTROLLERS) == 50
    for name in ("podcertificaterequest-cleaner-controller", "service-lb-controller",
                 "node-route-controller", "cloud-node-lifecycle-controller",
                 "volumeattributesclass-protection-controller",
                 "kube-apiserver-serving-clustertrustbundle-publisher-controller",
                 "device-taint-eviction-controller", "selinux-warning-controller"):
        assert name in controllers.KNOWN_CONTROLLERS
    assert set(controllers.ALIASES.values()) <= set(controllers.KNOWN_CONTROLLERS)
    assert controllers.ALIASES["ttl"] == "ttl-controller"
    assert not controllers.is_controller_enabled("token-cleaner-controller", ["*"])
    assert controllers.is_controller_enabled("selinux-warning-controller", ["*"])
