"""Manifests the kubectl tests apply (a module of their own: conftest names collide)."""

from __future__ import annotations

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  labels:
    app: {name}
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
    spec:
      containers:
      - name: app
        image: {image}
        resources:
          requests:
            cpu: 200m
"""


def deployment(name: str, replicas: int = 2, image: str = "nginx:1.27") -> str:
    return DEPLOYMENT.format(name=name, replicas=replicas, image=image)
