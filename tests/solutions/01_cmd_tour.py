"""Answers that pass the checks in notebooks/01_cmd_tour.ipynb."""

ANSWERS = {
    "cmd.library_dir": "genutils",
    "cmd.usage_on_error": ["unknown flag", "bad flag value"],
    "cmd.section_order": ["Misc flags:", "Generic flags:"],
}
