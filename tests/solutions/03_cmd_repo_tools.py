"""Answers that pass the checks in notebooks/03_cmd_repo_tools.ipynb."""

ANSWERS = {
    "cmd.clicheck_flag": "dry-run",
    "cmd.api_prefix": False,
    "cmd.closest_file": "allowed",
}
