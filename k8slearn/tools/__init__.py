"""client-go ``tools``: the informer machinery (``k8slearn.tools.cache``) and the factory.

Upstream: kubernetes/client-go tools/cache/doc.go @ v0.36.3
"""
