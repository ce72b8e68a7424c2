"""require_full_kernel: silent in a full kernel; in the browser, one line for the whole notebook."""

from __future__ import annotations

import sys

from k8slearn import platform


class _Shell:
    def __init__(self):
        self.shown = []

    def showtraceback(self, exc_tuple=None, *args, **kwargs):
        self.shown.append(exc_tuple)


def test_require_full_kernel_is_silent_outside_the_browser(capsys):
    assert platform.require_full_kernel("the cluster") is False
    assert capsys.readouterr().out == ""


def test_in_the_browser_later_errors_say_why(capsys, monkeypatch):
    monkeypatch.setattr(platform, "_REQUIRED", [])
    shell = _Shell()
    platform._quiet_refusals(shell)
    assert platform.require_full_kernel("the cluster", in_browser=True) is True
    try:
        raise ModuleNotFoundError("No module named 'kubernetes'")
    except ModuleNotFoundError:
        shell.showtraceback(sys.exc_info())
    out = capsys.readouterr().out.splitlines()
    assert out == [platform.full_kernel_message("the cluster")] * 2
    assert shell.shown == []  # no traceback reached the original
