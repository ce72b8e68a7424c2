"""Answers that pass the checks in notebooks/03_cmd_repo_tools.ipynb (build: the reference)."""


def rules():
    """Reference for 03.5: forbid flask in shop, allow it again, closer, in shop/web."""
    return {
        "shop/.import-restrictions": "Rules:\n- SelectorRegexp: ^flask(\\.|$)\n"
                                     "  ForbiddenPrefixes: ['']\n",
        "shop/web/.import-restrictions": "Rules:\n- SelectorRegexp: ^flask(\\.|$)\n"
                                         "  AllowedPrefixes: ['']\n",
    }


ANSWERS = {
    "cmd.flag_names_pass": ["tls-cert-file", "kube-api-qps", "v"],
    "cmd.storage_prefix": False,
    "cmd.two_rules_files": ["forbidden", "allowed"],
    "cmd.ci_tool": "fieldnamedocscheck",
    "cmd.build_import_rules": rules,
}
