"""k8slearn: Kubernetes v1.36 mechanisms rebuilt as small, faithful, tested Python.

Each submodule names the upstream file it mirrors in its docstring.  Importing
this package pulls in nothing beyond the standard library and PyYAML; plotting
and widgets live in ``k8slearn.viz`` and are imported only when used.

Upstream: none (course tooling)
"""

import sys as _sys

__version__ = "0.1.0"

#: The Kubernetes release the course follows, and the client-go tag.
KUBERNETES_VERSION = "v1.36.0"
CLIENT_GO_VERSION = "v0.36.3"

__all__ = ["__version__", "KUBERNETES_VERSION", "CLIENT_GO_VERSION"]

if _sys.platform == "emscripten":  # JupyterLite: say why, not a traceback (k8slearn.platform)
    from k8slearn import platform as _platform

    _platform.install_browser_hooks()
