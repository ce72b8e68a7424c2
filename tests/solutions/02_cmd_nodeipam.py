"""Answers that pass the checks in notebooks/02_cmd_nodeipam.ipynb."""

ANSWERS = {
    "cmd.mask_sizes": [64, 26],
    "cmd.dual_stack_mask": 1,
    "cmd.service_cidrs_used": 1,
    "cmd.nodes_fit": 3,
}
