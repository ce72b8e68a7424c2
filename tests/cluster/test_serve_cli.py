"""``k8slearn cluster serve`` as a process: output, kubeconfig, signals, bad flags."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
import yaml


def _serve(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "k8slearn.cli", "cluster", "serve", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_serve_prints_url_then_export_and_exits_on_signal(tmp_path, sig):
    kc = tmp_path / "kc.yaml"
    proc = _serve("--port", "0", "--kubeconfig", str(kc), "--nodes", "1", "--speed", "5")
    try:
        first = proc.stdout.readline()
        second = proc.stdout.readline()
        assert first.startswith("serving on https://127.0.0.1:")
        port = int(first.split("127.0.0.1:")[1].split()[0])
        assert second.strip() == f"export KUBECONFIG={kc}"
        cfg = yaml.safe_load(kc.read_text())
        assert cfg["clusters"][0]["cluster"]["server"] == f"https://127.0.0.1:{port}"
        assert len(cfg["users"][0]["user"]["token"]) >= 24
        assert oct(kc.stat().st_mode & 0o777) == "0o600"
        start = time.monotonic()
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=5)
        assert proc.returncode == 0, err
        assert time.monotonic() - start < 5
        assert "Traceback" not in err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


@pytest.mark.parametrize("args,message", [
    (["--nodes", "0"], "--nodes: Invalid value: 0: must be at least 1"),
    (["--speed", "-1"], "--speed: Invalid value: -1: must be a finite number greater than 0"),
    (["--kubeconfig", os.path.expanduser("~/.kube/config")],
     "refusing to overwrite ~/.kube/config"),
])
def test_bad_flags_fail_with_one_line(tmp_path, args, message):
    argv = ["--kubeconfig", str(tmp_path / "kc"), *args]
    proc = _serve(*argv)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode != 0
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_cluster_command_is_in_the_tree():
    out = subprocess.run([sys.executable, "-m", "k8slearn.cli", "cluster", "serve", "--help"],
                         capture_output=True, text=True, check=True).stdout
    assert "--speed" in out and "--kubeconfig" in out
