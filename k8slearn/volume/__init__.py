"""The kubelet's volume plugin framework, with the emptyDir plugin as the worked example.

Submodules mirror upstream packages: ``spec``/``plugins`` (pkg/volume), ``host``
(the VolumeHost paths from pkg/kubelet/kubelet_getters.go), ``mount``
(k8s.io/mount-utils), ``util`` (pkg/volume/util) and ``emptydir``.

Upstream: kubernetes/kubernetes pkg/volume/plugins.go @ v1.36.0
"""

import logging as _logging

# Library code logs (upstream's klog lines); never print them unless the caller configures logging.
_logging.getLogger(__name__).addHandler(_logging.NullHandler())
