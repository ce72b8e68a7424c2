"""Build the course as a zero-install JupyterLite site (``make lite``), offline.

Everything comes from the package registries, nothing from a CDN at build time:

- JupyterLite and its Pyodide kernel: PyPI (``lite/requirements.txt``, in ``build/venv-lite``);
- Pyodide's core runtime: the npm package ``pyodide`` (``lite/package.json``), unpacked at
  ``<lite_dir>/static/pyodide/`` where jupyterlite's Pyodide addon picks it up;
- the pure-Python wheels the kernel and the course need (micropip, IPython, ipywidgets ...):
  PyPI, at the versions Pyodide's own lock file names; PyYAML is built into a pure wheel from
  its sdist (PyPI has only compiled PyYAML wheels); k8slearn's wheel is built from this tree.

Pyodide's lock file is rewritten: packages shipped here point at the local wheels, every
other package (numpy, matplotlib and the rest of Pyodide's compiled packages) points at
Pyodide's CDN, so a deployed site fetches them on demand; offline, ``k8slearn.viz`` says
that plotting needs the CDN.  The output is always built from scratch (an incremental
``jupyter lite build`` can drop ``pyodideUrl``).

Usage: build/venv-lite/bin/python lite/build.py [--output build/lite]
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LITE = ROOT / "lite"
BUILD = ROOT / "build"
NPM_DIR = BUILD / "npm" / "lite"
PYODIDE_VERSION = json.loads((LITE / "package.json").read_text())["dependencies"]["pyodide"]
CDN = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/"
PYYAML_VERSION = "6.0.3"
PYTHON = "3.14"  # the CPython inside Pyodide 314
#: Pure-Python packages the kernel needs at start-up, shipped locally at the versions in
#: Pyodide's lock (their dependencies are added from the lock automatically).
KERNEL_PACKAGES = ["micropip", "packaging", "ipython", "jedi"]
#: Pure wheels Pyodide's lock lacks: (PyPI name, version, lock dependencies).
EXTRA_WHEELS = [
    ("comm", "0.2.3", []),
    ("ipywidgets", "8.1.9", ["comm", "ipython", "traitlets"]),
    ("prometheus_client", "0.26.0", []),  # optional metrics, used in chapter 12
]
#: Loaded while the kernel boots: imports inside k8slearn (k8slearn.viz imports ipywidgets
#: lazily) are not seen by the kernel's import scanner, so they must already be there.
PRELOAD = ["micropip", "packaging", "ipython", "jedi", "comm", "ipywidgets", "pyyaml",
           "k8slearn"]


def log(msg: str) -> None:
    print(f"[lite] {msg}", flush=True)


def run(cmd: list[str], **kw) -> None:
    log(" ".join(str(c) for c in cmd))
    subprocess.run([str(c) for c in cmd], check=True, **kw)


def npm_pyodide() -> Path:
    """Install the pinned ``pyodide`` npm package (from lite/package-lock.json)."""
    pkg = NPM_DIR / "node_modules" / "pyodide"
    installed = pkg / "package.json"
    if installed.exists() and json.loads(installed.read_text())["version"] == PYODIDE_VERSION:
        return pkg
    NPM_DIR.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy(LITE / name, NPM_DIR / name)
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("make lite: npm not found (install Node.js 18+)")
    run([npm, "ci", "--no-audit", "--no-fund", "--prefix", NPM_DIR])
    return pkg


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pip_download(specs: list[str], dest: Path, *extra: str) -> None:
    run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", dest,
         *extra, *specs])


def pure_pyyaml(dest: Path, work: Path) -> Path:
    """A ``py3-none-any`` PyYAML wheel from the sdist's pure-Python ``lib/yaml`` package.

    ``yaml/__init__.py`` falls back to the pure loaders when the C extension is missing,
    which is what PyYAML does on any machine without libyaml.
    """
    pip_download([f"pyyaml=={PYYAML_VERSION}"], work, "--no-binary", ":all:")
    sdist = next(work.glob("[pP]y[yY][aA][mM][lL]-*.tar.gz"))
    name = f"PyYAML-{PYYAML_VERSION}"
    dist_info = f"{name}.dist-info"
    files: dict[str, bytes] = {}
    with tarfile.open(sdist) as tar:
        for m in tar.getmembers():
            parts = Path(m.name).parts
            if len(parts) >= 4 and parts[1:3] == ("lib", "yaml") and m.isfile() \
                    and m.name.endswith(".py"):
                files["yaml/" + "/".join(parts[3:])] = tar.extractfile(m).read()  # type: ignore[union-attr]
            elif len(parts) == 2 and parts[1] in ("PKG-INFO", "LICENSE"):
                key = "METADATA" if parts[1] == "PKG-INFO" else "LICENSE"
                files[f"{dist_info}/{key}"] = tar.extractfile(m).read()  # type: ignore[union-attr]
    assert "yaml/__init__.py" in files and f"{dist_info}/METADATA" in files, sdist
    files[f"{dist_info}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: k8slearn lite/build.py\n"
                                   b"Root-Is-Purelib: true\nTag: py3-none-any\n")
    files[f"{dist_info}/top_level.txt"] = b"yaml\n"
    record = io.StringIO()
    w = csv.writer(record, lineterminator="\n")
    for arc, data in sorted(files.items()):
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        w.writerow([arc, f"sha256={digest}", len(data)])
    w.writerow([f"{dist_info}/RECORD", "", ""])
    files[f"{dist_info}/RECORD"] = record.getvalue().encode()
    out = dest / f"pyyaml-{PYYAML_VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for arc, data in files.items():
            info = zipfile.ZipInfo(arc, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            z.writestr(info, data, zipfile.ZIP_DEFLATED)
    return out


def closure(lock: dict, roots: list[str]) -> list[str]:
    """``roots`` and everything they depend on, by Pyodide lock names."""
    keys = {_norm(k): k for k in lock["packages"]}
    seen: list[str] = []
    todo = list(roots)
    while todo:
        name = keys[_norm(todo.pop())]
        if name in seen:
            continue
        seen.append(name)
        todo.extend(lock["packages"][name]["depends"])
    return seen


def _norm(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def lock_entry(wheel: Path, name: str, version: str, imports: list[str],
               depends: list[str]) -> dict:
    return {"name": name, "version": version, "file_name": wheel.name, "install_dir": "site",
            "sha256": sha256(wheel), "package_type": "package", "imports": imports,
            "depends": depends, "unvendored_tests": False}


def stage_pyodide(npm_pkg: Path, dest: Path, work: Path) -> dict:
    """Pyodide's runtime plus the local wheels, and the rewritten lock file, in ``dest``."""
    dest.mkdir(parents=True)
    for f in npm_pkg.iterdir():
        if f.suffix in (".js", ".mjs", ".wasm", ".zip", ".json") and f.name != "package.json":
            shutil.copy(f, dest / f.name)
    lock = json.loads((npm_pkg / "pyodide-lock.json").read_text())
    pkgs = lock["packages"]
    # Every package first points at the CDN; the ones shipped here are overwritten below.
    for entry in pkgs.values():
        entry["file_name"] = CDN + entry["file_name"]
    local = [n for n in closure(lock, KERNEL_PACKAGES) if n != "pyyaml"]
    wheels = work / "wheels"
    wheels.mkdir()
    specs = [f"{pkgs[n]['name']}=={pkgs[n]['version']}" for n in local]
    specs += [f"{n}=={v}" for n, v, _ in EXTRA_WHEELS]
    pip_download(specs, wheels, "--only-binary", ":all:", "--python-version", PYTHON)
    by_project = {}
    for whl in wheels.glob("*.whl"):
        by_project[_norm(whl.name.split("-")[0])] = whl
    for n in local:
        whl = by_project[_norm(n)]
        shutil.copy(whl, dest / whl.name)
        pkgs[n].update(file_name=whl.name, sha256=sha256(whl))
    for n, v, deps in EXTRA_WHEELS:
        whl = by_project[_norm(n)]
        shutil.copy(whl, dest / whl.name)
        pkgs[_norm(n)] = lock_entry(whl, _norm(n), v, [n], deps)  # lock keys are normalized
    yml = pure_pyyaml(dest, work)
    pkgs["pyyaml"] = lock_entry(yml, "pyyaml", PYYAML_VERSION, ["yaml"], [])
    k8s = build_k8slearn(work)
    shutil.copy(k8s, dest / k8s.name)
    version = k8s.name.split("-")[1]
    pkgs["k8slearn"] = lock_entry(dest / k8s.name, "k8slearn", version, ["k8slearn"], ["pyyaml"])
    (dest / "pyodide-lock.json").write_text(json.dumps(lock, indent=1) + "\n")
    shipped = sorted(p for p, e in pkgs.items() if not e["file_name"].startswith("https://"))
    log(f"Pyodide {PYODIDE_VERSION}: {len(shipped)} packages shipped "
        f"({', '.join(shipped)}); {len(pkgs) - len(shipped)} from the CDN on demand")
    return lock


def build_k8slearn(work: Path) -> Path:
    """k8slearn's wheel, with any non-Python file under k8slearn/ that it lacks added."""
    out = work / "k8slearn-wheel"
    src = work / "k8slearn-src"  # a clean copy: setuptools would reuse a stale ./build/lib
    shutil.copytree(ROOT / "k8slearn", src / "k8slearn",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, src / name)
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", out, src])
    wheel = next(out.glob("k8slearn-*-py3-none-any.whl"))
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
    data = [f for f in sorted((ROOT / "k8slearn").rglob("*")) if f.is_file()
            and f.suffix not in (".py", ".pyc") and "__pycache__" not in f.parts
            and f.relative_to(ROOT).as_posix() not in names]
    if data:  # package data the packaging metadata does not declare (yet): the notebooks read it
        log(f"adding to the wheel: {', '.join(f.relative_to(ROOT).as_posix() for f in data)}")
        with zipfile.ZipFile(wheel, "a", zipfile.ZIP_DEFLATED) as z:
            for f in data:
                z.write(f, f.relative_to(ROOT).as_posix())
    return wheel


def stage_contents(dest: Path) -> None:
    """Notebooks and examples laid out as in the repository (``../examples`` resolves)."""
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    shutil.copytree(ROOT / "notebooks", dest / "notebooks", ignore=ignore)
    shutil.copytree(ROOT / "examples", dest / "examples", ignore=ignore)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--output", type=Path, default=BUILD / "lite")
    args = ap.parse_args(argv)
    start = time.monotonic()
    work = BUILD / "lite-src"
    for d in (work, args.output):
        shutil.rmtree(d, ignore_errors=True)  # always clean: see the module docstring
    lite_dir = work / "lite_dir"
    lite_dir.mkdir(parents=True)
    for name in ("jupyter-lite.json", "overrides.json"):
        if (LITE / name).exists():
            shutil.copy(LITE / name, lite_dir / name)
    config = json.loads((LITE / "jupyter-lite.json").read_text())
    kernel = config["jupyter-config-data"]["litePluginSettings"][
        "@jupyterlite/pyodide-kernel-extension:kernel"]
    kernel.setdefault("loadPyodideOptions", {})["packages"] = PRELOAD
    (lite_dir / "jupyter-lite.json").write_text(json.dumps(config, indent=2) + "\n")
    stage_pyodide(npm_pyodide(), lite_dir / "static" / "pyodide", work)
    stage_contents(work / "files")
    jupyter_lite = Path(sys.executable).with_name("jupyter-lite")
    run([jupyter_lite, "build", "--lite-dir", lite_dir, "--contents", work / "files",
         "--output-dir", args.output.resolve(), "--no-sourcemaps",
         "--piplite-wheels", next((lite_dir / "static" / "pyodide").glob("k8slearn-*.whl"))],
        cwd=work)
    out_cfg = json.loads((args.output / "jupyter-lite.json").read_text())
    settings = out_cfg["jupyter-config-data"]["litePluginSettings"][
        "@jupyterlite/pyodide-kernel-extension:kernel"]
    assert settings.get("pyodideUrl", "").startswith("./static/pyodide/"), settings
    size = sum(f.stat().st_size for f in args.output.rglob("*") if f.is_file())
    log(f"built {args.output} ({size / 1e6:.0f} MB) in {time.monotonic() - start:.0f} s; "
        f"serve it with: python -m http.server -d {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
