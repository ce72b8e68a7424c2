"""Checked exercises for the cmd notebooks (01 tour, 02 NodeIPAM, 03 repository tools).

Expected answers are derived from the upstream semantics and, where a k8slearn
function computes them, cross-checked in ``tests/cmd``.  Wrong answers get a
hint at the mechanism, never the answer.

Upstream: none (course tooling)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from k8slearn.exercises import exercise, whole_number

__all__ = [
    "check_library_dir", "check_usage_on_error", "check_section_order",
    "check_mask_sizes", "check_dual_stack_mask", "check_service_cidrs_used", "check_nodes_fit",
    "check_clicheck_flag", "check_api_prefix", "check_closest_file",
]


def _text(answer: Any) -> str:
    if not isinstance(answer, str):
        raise TypeError("give a string")
    return answer.strip()


def _strings(answer: Any) -> list[str]:
    if isinstance(answer, str) or not isinstance(answer, Iterable):
        raise TypeError("give a list of strings")
    return [str(x).strip() for x in answer]


def _int(answer: Any) -> int:
    return whole_number(answer)


# ------------------------------------------------------------------ notebook 01: the tour


@exercise("cmd.library_dir",
          "Which directory under cmd/ builds no binary at all (it is a library)?")
def check_library_dir(answer: Any) -> tuple[bool, str]:
    a = _text(answer).strip("/").removeprefix("cmd/")
    if a == "genutils":
        return True, "genutils only exports OutDir(path), used by the doc generators."
    if a in ("gendocs", "genman", "genyaml", "genkubedocs", "genswaggertypedocs"):
        return False, "that one has a main(); look for the directory its siblings import."
    return False, "look at the gen* family: one of them has no main package."


@exercise("cmd.usage_on_error",
          "Under cli.Run, which of these print the usage text: 'unknown flag', "
          "'bad flag value', 'positional argument', 'runtime error'? Give a list.")
def check_usage_on_error(answer: Any) -> tuple[bool, str]:
    got = {s.lower() for s in _strings(answer)}
    want = {"unknown flag", "bad flag value"}
    if got == want:
        return True, "only flag-parse errors go through the FlagErrorFunc that re-enables usage."
    if "positional argument" in got:
        return False, "positional arguments are rejected by Args after parsing: not a flag error."
    if "runtime error" in got:
        return False, "cli.Run silences usage and re-enables it only from the flag-error hook."
    return False, "which errors come from pflag's parser (the FlagErrorFunc path)?"


@exercise("cmd.section_order",
          "NamedFlagSets: flag_set('misc'); flag_set('generic'); flag_set('empty'); "
          "flag_set('misc') again, each but 'empty' with a flag. Which section titles print, "
          "in order?")
def check_section_order(answer: Any) -> tuple[bool, str]:
    got = _strings(answer)
    if got == ["Misc flags:", "Generic flags:"]:
        return True, "first-use order, capitalised, empty sections skipped."
    if [g.lower() for g in got] == ["generic flags:", "misc flags:"]:
        return False, "sections are not sorted: Order records the first call of each name."
    if any("empty" in g.lower() for g in got):
        return False, "PrintSections skips a set that has no flags at all."
    return False, "titles are '<Name with capital first letter> flags:'; mind order and case."


# ------------------------------------------------------------------ notebook 02: NodeIPAM


@exercise("cmd.mask_sizes",
          "--cluster-cidr=fd00::/48,10.244.0.0/16 --node-cidr-mask-size-ipv4=26: which node "
          "mask sizes does setNodeCIDRMaskSizes return (a list)?")
def check_mask_sizes(answer: Any) -> tuple[bool, str]:
    got = list(answer) if isinstance(answer, (list, tuple)) else None
    if got is None:
        raise TypeError("give a list of ints")
    if got == [64, 26]:
        return True, "one mask per cluster CIDR, in cluster-CIDR order; IPv6 keeps its 64."
    if got == [26, 64]:
        return False, "that is family order; the result follows the order of --cluster-cidr."
    if 24 in got:
        return False, "the IPv4 family flag is set, so the default 24 is not used for IPv4."
    return False, "dual-stack: each CIDR gets its family's mask (flag value or default)."


@exercise("cmd.dual_stack_mask",
          "--allocate-node-cidrs --cluster-cidr=10.0.0.0/16,fd00::/48 --node-cidr-mask-size=24: "
          "what exit code does kube-controller-manager return?")
def check_dual_stack_mask(answer: Any) -> tuple[bool, str]:
    if _int(answer) == 1:
        return True, "usage of --node-cidr-mask-size is not allowed with dual-stack clusters."
    return False, "two cluster CIDRs of different families make it dual-stack; which flag " \
                  "does setNodeCIDRMaskSizes refuse then?"


@exercise("cmd.service_cidrs_used",
          "--service-cluster-ip-range='10.96.0.0/12, fd00::/108' (note the space): how many "
          "service CIDRs does the node IPAM controller end up with?")
def check_service_cidrs_used(answer: Any) -> tuple[bool, str]:
    n = _int(answer)
    if n == 1:
        return True, "ApplyTo does not trim: ' fd00::/108' fails to parse, which only warns."
    if n == 2:
        return False, "ApplyTo splits on ',' without trimming; does ' fd00::/108' parse?"
    return False, "the first entry parses fine; what happens to the second?"


@exercise("cmd.nodes_fit",
          "Range allocator: --cluster-cidr=10.0.0.0/22, mask 24, --service-cluster-ip-range="
          "10.0.0.0/24. How many nodes get a pod CIDR before allocation fails?")
def check_nodes_fit(answer: Any) -> tuple[bool, str]:
    n = _int(answer)
    if n == 3:
        return True, "four /24 blocks, and the service range occupies the first one."
    if n == 4:
        return False, "a service range inside the cluster CIDR is marked occupied first."
    return False, "count the /24 blocks in a /22, then remove the ones the services overlap."


# ------------------------------------------------------------------ notebook 03: repo tools


@exercise("cmd.clicheck_flag",
          "Which of these long flag names passes kubectl's CheckFlags: 'dry_run', 'dryRun', "
          "'dry-run', 'ipv4-only'?")
def check_clicheck_flag(answer: Any) -> tuple[bool, str]:
    a = _text(answer)
    if a == "dry-run":
        return True, "^[a-z]+[a-z\\-]*$: lower-case letters and dashes only."
    if a == "ipv4-only":
        return False, "look at the character class again: are digits in it?"
    return False, "capitals and underscores are outside [a-z\\-]."


@exercise("cmd.api_prefix",
          "importverifier (YAML era): does allowedImports ['k8s.io/api'] allow an import of "
          "'k8s.io/apiserver/pkg/server'? True or False")
def check_api_prefix(answer: Any) -> tuple[bool, str]:
    if not isinstance(answer, bool):
        raise TypeError("give True or False")
    if answer is False:
        return True, "allowed means equal to the entry or below it: entry + '/'."
    return False, "that was the JSON-era bare prefix match; the YAML-era check adds a '/'."


@exercise("cmd.closest_file",
          "import-boss: a/.import-restrictions forbids ^plot, a/b/.import-restrictions allows "
          "^plot. Module a/b/m.py imports plot: 'allowed', 'forbidden' or 'error'?")
def check_closest_file(answer: Any) -> tuple[bool, str]:
    a = _text(answer).lower()
    if a == "allowed":
        return True, "the closest rules file decides first; its allow ends the search."
    if a == "forbidden":
        return False, "files are tried from the module's directory upwards; which comes first?"
    return False, "the import matched a rule and was decided, so it is not an error."
