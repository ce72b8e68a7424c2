"""k8slearn.cmd: the Kubernetes ``cmd/`` tree, rebuilt small.

Three layers, as upstream:

* the command skeleton every component shares (``cli`` = cobra + pflag +
  component-base ``cli``, ``cli/flag`` and ``version/verflag``);
* one server binary, ``kube_controller_manager``, reduced to its NodeIPAM path;
* the repository-hygiene tools Kubernetes keeps in ``cmd/`` (``clicheck``,
  ``importverifier``, ``import_boss``, ``gendocs``/``genman``/``genyaml``,
  ``fieldnamedocscheck``, ``dependencycheck``), applied to k8slearn itself.

Upstream: kubernetes/kubernetes cmd @ v1.36.0
"""
