"""k8slearn.platform: honest degradation in the browser, checked here without a browser.

The browser-only paths take ``in_browser=True`` and fake loaders, so the logic that
JupyterLite relies on (on-demand packages, the matplotlib stand-in, the thread message)
runs in every ``make test``; tests/site/test_lite.py then proves it inside Pyodide.
"""

from __future__ import annotations

import importlib
import io
import os
import sys
import threading

import pytest

from k8slearn import platform
from k8slearn.volume.util import fs


@pytest.fixture
def clean_meta_path():
    saved_path, saved_mods = list(sys.meta_path), dict(sys.modules)
    yield
    sys.meta_path[:] = saved_path
    for name in set(sys.modules) - set(saved_mods):
        if name.startswith(("matplotlib", "numpy")):
            del sys.modules[name]
    sys.modules.update(saved_mods)  # the real matplotlib back in place of the stand-in


def test_outside_the_browser_nothing_changes(capsys: pytest.CaptureFixture[str]) -> None:
    assert platform.IN_BROWSER is False
    assert platform.needs_full_kernel("worker threads") is False
    assert platform.install_browser_hooks() is False
    assert not any(isinstance(f, platform._OnDemand) for f in sys.meta_path)
    assert capsys.readouterr().out == ""


def test_needs_full_kernel_says_why(capsys: pytest.CaptureFixture[str]) -> None:
    assert platform.needs_full_kernel("worker threads", in_browser=True) is True
    out = capsys.readouterr().out
    assert out.startswith(platform.NEEDS_FULL_KERNEL) and "worker threads" in out
    assert "make lab" in out and "Binder" in out


def test_a_package_that_cannot_load_is_replaced_by_a_stand_in(
        clean_meta_path: None, capsys: pytest.CaptureFixture[str]) -> None:
    calls: list[str] = []

    def offline(name: str) -> None:
        calls.append(name)
        raise OSError("cdn.jsdelivr.net: name not resolved")

    for name in [n for n in sys.modules if n.startswith("matplotlib")]:
        del sys.modules[name]
    finder = platform._OnDemand(offline)
    sys.meta_path.insert(0, finder)
    import matplotlib.pyplot as plt  # the stand-in: the fake loader refused the real one
    from matplotlib.patches import Rectangle

    assert calls == ["matplotlib"] and "matplotlib" in finder.failed
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.add_patch(Rectangle((0, 0), 1, 1))
    twin = ax.twinx()
    ax.set_zorder(twin.get_zorder() + 1)
    fig2, (left, right) = plt.subplots(1, 2)
    fig3, axes = plt.subplots(3, 1)
    assert len(list(axes)) == 3
    from matplotlib.figure import Figure

    column = Figure(figsize=(3, 4)).subplots(2, 1, squeeze=False)[:, 0]  # axes only
    assert len(list(zip(column, "ab", strict=True))) == 2
    ax.figure.tight_layout()  # attributes of a stand-in are stand-ins, even "figure"
    assert f"{twin.get_zorder():.0f}" == "" and not (ax < 1)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    assert buf.getvalue().startswith(b"\x89PNG")
    out = capsys.readouterr().out
    assert platform.NEEDS_CDN in out and out.count("\n") == 1  # once per cell, not per call
    importlib.import_module("matplotlib.figure")
    assert calls == ["matplotlib"]  # never retried


def test_a_package_that_loads_is_imported_for_real(clean_meta_path: None) -> None:
    loaded: list[str] = []
    finder = platform._OnDemand(loaded.append)
    assert finder.find_spec("numpy") is None  # loaded, then left to the normal finders
    assert loaded == ["numpy"] and "numpy" in finder.loaded
    assert finder.find_spec("numpy.linalg") is None and loaded == ["numpy"]
    assert finder.find_spec("yaml") is None and loaded == ["numpy"]  # not an on-demand one


def test_a_bundled_package_that_fails_to_load_is_an_error(clean_meta_path: None) -> None:
    def broken(name: str) -> None:
        raise ValueError(f"no package {name} in the lock file")

    finder = platform._OnDemand(broken)
    with pytest.raises(ValueError, match="prometheus-client"):
        finder.find_spec("prometheus_client")  # shipped with the site: not a CDN problem


class _Shell:
    def __init__(self) -> None:
        self.tracebacks: list[type] = []

    def showtraceback(self, exc_tuple: tuple | None = None, **kwargs: object) -> None:
        self.tracebacks.append((exc_tuple or sys.exc_info())[0])


def test_thread_errors_say_why_and_others_keep_their_traceback(
        clean_meta_path: None, capsys: pytest.CaptureFixture[str]) -> None:
    shell = _Shell()
    old_umask = os.umask(0)
    try:
        platform.install_browser_hooks(in_browser=True, load=lambda n: None, shell=_Shell())
        assert os.umask(0o022) == 0o022  # Pyodide's 0 becomes the usual 022
        assert not getattr(os.mkdir, "_k8slearn", False)  # Linux applies it: mkdir untouched
    finally:
        os.umask(old_umask)
    assert platform.install_browser_hooks(in_browser=True, load=lambda n: None, shell=shell)
    platform.install_browser_hooks(in_browser=True, load=lambda n: None, shell=shell)  # once
    try:
        threading.Thread(target=print).start.__func__  # noqa: B018 - a real Thread exists
        raise RuntimeError("can't start new thread")
    except RuntimeError:
        shell.showtraceback()
    out = capsys.readouterr().out
    assert out.startswith(platform.NEEDS_FULL_KERNEL) and "real threads" in out
    assert out.count("\n") == 1 and shell.tracebacks == []
    try:
        raise RuntimeError("a real bug")
    except RuntimeError:
        shell.showtraceback()
    assert shell.tracebacks == [RuntimeError] and capsys.readouterr().out == ""


def test_disk_usage_counts_512_byte_blocks_outside_emscripten() -> None:
    assert fs.STAT_BLOCK_SIZE == 512  # Linux/macOS; Emscripten's MEMFS counts 4096-byte blocks
