"""Notebook 03 runs under a non-editable install, as a JupyterHub image's `pip install .` makes.

The test builds a wheel from a copy of the sources, installs it with --no-deps into a
temporary venv that borrows this environment's site-packages through a .pth file (no
downloads beyond the build backend, no editable finder: a .pth line adds a directory but
does not run that directory's own .pth files), and executes notebook 03 there with nbclient,
in a directory outside the repository.  The notebook finds hack/import-restrictions.yaml and
the .import-restrictions files as package data (k8slearn.cmd.toolrun.repo_root()).
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "03_cmd_repo_tools.ipynb"
SOURCES = ["k8slearn", "pyproject.toml", "README.md", "LICENSE", "hack/import-restrictions.yaml"]

pytestmark = pytest.mark.skipif(not NOTEBOOK.exists(), reason="no notebook 03")

RUNNER = textwrap.dedent("""\
    import json, sys
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(sys.argv[1], as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "import k8slearn, k8slearn.cmd.toolrun as t\\n"
        "print(k8slearn.__file__)\\nprint(t.repo_root())"))
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": sys.argv[2]}}).execute()
    errors = [f"cell {i}: {o.ename}: {o.evalue}" for i, c in enumerate(nb.cells)
              if c.cell_type == "code" and "raises-exception" not in c.metadata.get("tags", [])
              for o in c.outputs if o.output_type == "error"]
    # ipykernel may split one print into several stream outputs: join them all.
    where = "".join(o.get("text", "") for o in nb.cells[-1].outputs
                    if o.output_type == "stream").split()
    print(json.dumps({"errors": errors, "where": where}))
    """)


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300, **kw)
    assert r.returncode == 0, f"{' '.join(map(str, cmd))}:\n{r.stdout}\n{r.stderr}"
    return r


def test_notebook_03_runs_from_a_wheel(tmp_path: Path) -> None:
    src = tmp_path / "src"
    for rel in SOURCES:
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / rel).is_dir():
            shutil.copytree(ROOT / rel, src / rel, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / rel, src / rel)
    wheels = tmp_path / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(src)])
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    py = venv / "bin" / "python"
    purelib = _run([str(py), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
    # This environment's packages (nbclient, ipykernel, PyYAML, ...) after the venv's own.
    borrowed = [p for p in site.getsitepackages() if Path(p).is_dir()]
    Path(purelib.stdout.strip(), "zz_borrowed.pth").write_text("\n".join(borrowed) + "\n")
    wheel = next(wheels.glob("k8slearn-*.whl"))
    _run([sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps",
          "--no-index", str(wheel)])
    run = tmp_path / "run"
    run.mkdir()
    shutil.copy2(NOTEBOOK, run / NOTEBOOK.name)
    (run / "runner.py").write_text(RUNNER)
    env = dict(os.environ, JUPYTER_DATA_DIR=str(tmp_path / "data"),  # no user kernelspecs
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), PYTHONNOUSERSITE="1")
    env.pop("PYTHONPATH", None)
    r = _run([str(py), "runner.py", NOTEBOOK.name, str(run)], cwd=run, env=env)
    report = json.loads(r.stdout.strip().splitlines()[-1])
    package, root = (Path(p) for p in report["where"])
    assert package.is_relative_to(venv), f"the kernel imported {package}, not the wheel"
    assert not root.is_relative_to(ROOT), root
    assert report["errors"] == [], "\n".join(report["errors"])
