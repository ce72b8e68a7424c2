"""The course cluster: k8slearn.apiserver served over HTTP for real kubectl.

``Cluster`` wires the API server and the course's controllers on one clock;
``RestAPI`` is the REST layer (discovery, OpenAPI v3, Tables, CRUD, patches,
watch); ``HTTPFront`` serves it on 127.0.0.1 with a bearer token.
``k8slearn cluster serve`` runs all three.

Names are imported lazily so that ``import k8slearn.cluster`` stays cheap.

Upstream: kubernetes/apiserver pkg/server/genericapiserver.go @ v0.36.3
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {"Cluster": "cluster", "RestAPI": "rest", "Response": "rest", "HTTPFront": "server",
         "write_kubeconfig": "server", "LoadModel": "load", "LOAD_ANNOTATION": "load"}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(f"module 'k8slearn.cluster' has no attribute {name!r}")
    return getattr(importlib.import_module(f"k8slearn.cluster.{mod}"), name)
