"""kube-controller-manager, rebuilt down to its node IPAM start-up path.

Modules mirror upstream files: :mod:`.nodeipamcontroller` (the options),
:mod:`.options` (the whole options object and its sections), :mod:`.core`
(start-time checks), :mod:`.controllermanager` (the command), and the allocator
it starts: :mod:`.cidrset` and :mod:`.range_allocator`; :mod:`k8slearn.cmd.netutils` is
k8s.io/utils/net.

Upstream: kubernetes/kubernetes cmd/kube-controller-manager @ v1.36.0
"""
