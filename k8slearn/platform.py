"""Where the course runs: a full Python kernel, or Pyodide in the browser (JupyterLite).

In the browser ``threading`` and ``subprocess`` import but cannot start anything, and
compiled packages such as matplotlib come from Pyodide's package CDN, which an offline
copy of the site cannot reach.  Instead of a traceback, the learner gets one line saying
why, and the cell finishes where it can:

- :func:`install_browser_hooks` (called by ``import k8slearn`` inside Pyodide only):
  matplotlib and numpy are loaded from Pyodide's package index the first time they are
  imported (the kernel itself only loads packages imported at the top of a cell, and
  ``k8slearn.viz`` imports lazily); where matplotlib cannot be loaded, a stand-in that
  draws nothing takes its place and every figure says so; and where the browser refuses
  to start a thread or a process, the cell stops there with one line starting
  :data:`NEEDS_FULL_KERNEL` instead of a traceback, and Run All goes on;
- :func:`needs_full_kernel` for code that can check before it starts a thread;
- new directories get the usual umask 022: Pyodide starts with umask 0 and its filesystem
  ignores the umask, so every directory would be drwxrwxrwx and the emptyDir chapter's
  listings (where only the volume directory is 0777, on purpose) would say otherwise.

Every message starts with :data:`NEEDS_FULL_KERNEL` or contains :data:`NEEDS_CDN`, so a
test can tell an honest "cannot run here" from a failure.  Outside Pyodide nothing here
changes anything.

Upstream: none (course tooling)
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import os
import sys
import types
from typing import Any

__all__ = ["IN_BROWSER", "NEEDS_CDN", "NEEDS_FULL_KERNEL", "Absent", "install_browser_hooks",
           "needs_full_kernel", "require_full_kernel", "say"]

#: True inside Pyodide (JupyterLite's Python kernel runs on Emscripten).
IN_BROWSER = sys.platform == "emscripten"
#: Start of the line printed where a demo needs threads or processes.
NEEDS_FULL_KERNEL = "This demo needs a full Python kernel"
#: Part of the line printed where a package must come from Pyodide's CDN and cannot.
NEEDS_CDN = "needs Pyodide's package CDN"
_WHERE = "run the notebook locally (make lab) or on Binder to see it"
#: Packages loaded from Pyodide's package index on first import: top-level module ->
#: (package, whether it comes from the CDN).  prometheus_client is bundled with the site.
ON_DEMAND = {"matplotlib": ("matplotlib", True), "numpy": ("numpy", True),
             "prometheus_client": ("prometheus-client", False)}
#: Modules replaced by a draw-nothing stand-in when they cannot be loaded.
STAND_INS = {"matplotlib"}
_BLANK_PNG = bytes.fromhex(  # a 1x1 transparent PNG: what a stand-in figure "renders"
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


def say(line: str) -> None:
    """Print ``line`` to stdout (the notebook shows it as ordinary cell output)."""
    print(line, flush=True)


def full_kernel_message(what: str) -> str:
    return f"{NEEDS_FULL_KERNEL} ({what} cannot run in the browser's Pyodide); {_WHERE}."


def cdn_message(module: str) -> str:
    return (f"{module} {NEEDS_CDN}, which this copy of the course cannot reach, so the "
            f"figure is not drawn; on the deployed site it loads on demand, or {_WHERE}.")


def needs_full_kernel(what: str, *, in_browser: bool | None = None) -> bool:
    """True, after printing why, when ``what`` (e.g. "worker threads") cannot run here."""
    if not (IN_BROWSER if in_browser is None else in_browser):
        return False
    say(full_kernel_message(what))
    return True


#: Set by ``require_full_kernel``: what the whole notebook needs that the browser lacks.
_REQUIRED: list[str] = []


def require_full_kernel(what: str, *, in_browser: bool | None = None) -> bool:
    """A notebook that needs a full kernel throughout (``what`` cannot run in Pyodide).

    Outside the browser it does nothing.  In the browser it says so once, and from then on
    an error in a later cell prints the same line instead of a traceback, so Run All goes
    to the end and every cell says why it cannot run.
    """
    if not (IN_BROWSER if in_browser is None else in_browser):
        return False
    _REQUIRED[:] = [what]
    say(full_kernel_message(what))
    return True


class Absent:
    """Stands in for matplotlib's modules, figures and axes: accepts everything, draws nothing.

    ``subplots`` returns as many axes as asked for; ``savefig`` writes a blank PNG; a figure
    being made or saved prints :func:`cdn_message` once per notebook cell.
    """

    def __init__(self, n: int = 1) -> None:
        self._n = n

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_ipython_display_", "_repr_mimebundle_"):
            raise AttributeError(name)
        return Absent()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return Absent()

    def subplots(self, nrows: int = 1, ncols: int = 1, **kwargs: Any) -> Any:
        """``Figure.subplots``: the axes (one, or a row/column of them)."""
        _say_once(cdn_message("matplotlib"))
        return Absent() if nrows * ncols == 1 else Absent(max(nrows, ncols))

    def savefig(self, fname: Any, *args: Any, **kwargs: Any) -> None:
        _say_once(cdn_message("matplotlib"))
        if hasattr(fname, "write"):
            fname.write(_BLANK_PNG)

    def __iter__(self) -> Any:
        return iter([Absent() for _ in range(self._n)])

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, key: Any) -> Any:
        return Absent(self._n)  # axes[:, 0] is still as many axes

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def _same(self, *args: Any) -> Any:
        return Absent()

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _same
    __truediv__ = __rtruediv__ = __neg__ = __pos__ = _same

    def _false(self, other: Any) -> bool:
        return False

    __lt__ = __le__ = __gt__ = __ge__ = _false

    def __format__(self, spec: str) -> str:
        return ""

    def __float__(self) -> float:
        return 0.0

    def __int__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "<not drawn: matplotlib is not available here>"


_said: set[tuple[int, str]] = set()


def _say_once(line: str) -> None:
    """Print ``line`` at most once per executed notebook cell."""
    shell = _ipython()
    key = (getattr(shell, "execution_count", 0), line)
    if key not in _said:
        _said.add(key)
        say(line)


def _ipython() -> Any:
    """The running IPython shell, if any; IPython itself is never imported from here."""
    ipython = sys.modules.get("IPython")
    return ipython.get_ipython() if ipython is not None else None


class _StandInModule(types.ModuleType):
    __path__: list[str] = []

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if name == "subplots":
            return _pyplot_subplots
        return getattr(Absent(), name)  # plt.savefig is Absent.savefig, and so on


def _pyplot_subplots(nrows: int = 1, ncols: int = 1, **kwargs: Any) -> tuple[Any, Any]:
    """``pyplot.subplots``: a figure and its axes."""
    return Absent(), Absent().subplots(nrows, ncols, **kwargs)


class _StandInLoader(importlib.abc.Loader):
    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return _StandInModule(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        return None


class _OnDemand(importlib.abc.MetaPathFinder):
    """Loads Pyodide packages on first import; stands in for the ones that cannot load."""

    def __init__(self, load: Any) -> None:
        self._load = load
        self.loaded: set[str] = set()
        self.failed: set[str] = set()

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        top = fullname.partition(".")[0]
        if top not in ON_DEMAND or top in self.loaded:
            return None
        package, from_cdn = ON_DEMAND[top]
        if top not in self.failed:
            try:
                self._load(package)
                importlib.invalidate_caches()
                if importlib.machinery.PathFinder.find_spec(top) is None:
                    raise ImportError(top)
                self.loaded.add(top)
                return None
            except Exception:  # noqa: BLE001 - any failure means "not available"
                if not from_cdn:
                    raise  # bundled with the site: failing to load it is a bug, not the network
                self.failed.add(top)
                if top not in STAND_INS:
                    say(cdn_message(top))
        if top in STAND_INS:
            return importlib.machinery.ModuleSpec(fullname, _StandInLoader(), is_package=True)
        return None


def _load_pyodide_package(name: str) -> None:  # pragma: no cover - runs only in Pyodide
    # Pyodide's own modules (its runtime, not a dependency): looked up by name, at run time.
    pyodide_js = importlib.import_module("pyodide_js")
    run_sync = importlib.import_module("pyodide.ffi").run_sync
    run_sync(pyodide_js.loadPackage(name))


def _is_thread_or_process_error(etype: type, value: BaseException, tb: Any) -> str | None:
    """What could not start, if this exception is the browser refusing a thread/process."""
    if isinstance(value, RuntimeError) and "can't start new thread" in str(value):
        return "threads"
    files = []
    while tb is not None:
        files.append(tb.tb_frame.f_code.co_filename)
        tb = tb.tb_next
    if isinstance(value, (OSError, RuntimeError, NotImplementedError)) and \
            any(f.endswith(("subprocess.py", "_posixsubprocess.py")) for f in files):
        return "subprocesses"
    return None


def _quiet_refusals(shell: Any) -> None:
    """Make ``shell`` print one line, not a traceback, when the browser refuses a thread.

    The cell stops where the thread or process would have started, as it would with the
    traceback, but it is not an error: JupyterLab's Run All goes on to the next cell.
    """
    if getattr(shell.showtraceback, "_k8slearn", False):
        return
    original = shell.showtraceback

    def showtraceback(exc_tuple: Any = None, *args: Any, **kwargs: Any) -> Any:
        etype, value, tb = exc_tuple or sys.exc_info()
        what = _is_thread_or_process_error(etype, value, tb) if value is not None else None
        if what is None and _REQUIRED and value is not None:
            what = _REQUIRED[0]
        if what is None:
            return original(exc_tuple, *args, **kwargs)
        say(full_kernel_message(what if what in _REQUIRED else f"real {what}"))
        return None

    showtraceback._k8slearn = True  # type: ignore[attr-defined]
    shell.showtraceback = showtraceback


def _polyfill_resource() -> None:
    """Pyodide's ``resource`` lacks ``getpagesize``, which prometheus_client reads on import."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on this platform at all: nothing to fill
        return
    if not hasattr(resource, "getpagesize"):
        resource.getpagesize = lambda: 4096  # type: ignore[attr-defined]


def _umask_for_mkdir(umask: int = 0o022) -> None:
    """Set ``umask``; where ``mkdir`` ignores it (Pyodide), make ``os.mkdir`` apply it."""
    import tempfile

    os.umask(umask)
    if getattr(os.mkdir, "_k8slearn", False):
        return
    probe = tempfile.mktemp(prefix="k8slearn-umask-")  # noqa: S306 - created right here
    os.mkdir(probe, 0o777)
    applied = os.stat(probe).st_mode & 0o777 == 0o777 & ~umask
    os.rmdir(probe)
    if applied:
        return
    real_mkdir = os.mkdir

    def mkdir(path: Any, mode: int = 0o777, *, dir_fd: int | None = None) -> None:
        # Pyodide's os.umask neither stores nor applies a mask: apply ``umask`` here.
        real_mkdir(path, mode, dir_fd=dir_fd)
        if mode & umask:
            os.chmod(path, mode & ~umask, dir_fd=dir_fd)

    mkdir._k8slearn = True  # type: ignore[attr-defined]
    os.mkdir = mkdir


def install_browser_hooks(*, in_browser: bool | None = None, load: Any = None,
                          shell: Any = None) -> bool:
    """In Pyodide: on-demand packages, stand-ins and the thread/process message (idempotent).

    The keyword arguments exist for tests; without them this is a no-op outside Pyodide.
    """
    if not (IN_BROWSER if in_browser is None else in_browser):
        return False
    if not any(isinstance(f, _OnDemand) for f in sys.meta_path):
        sys.meta_path.insert(0, _OnDemand(load or _load_pyodide_package))
    _polyfill_resource()
    _umask_for_mkdir()
    shell = shell or _ipython()
    if shell is not None and hasattr(shell, "showtraceback"):
        _quiet_refusals(shell)
    return True
