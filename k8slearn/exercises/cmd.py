"""Checked exercises for the cmd notebooks (01 tour, 02 NodeIPAM, 03 repository tools).

Predict exercises run the k8slearn model on their own inputs (never shown in a
notebook cell before the exercises), so the expected answer is computed, not
written down.  Debug exercises start from log lines, ``kubectl describe``
events or CI output and compare the learner's name for the cause by hash.
The build exercises live in :mod:`k8slearn.exercises._cmd_build`.

Upstream: none (course tooling)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from k8slearn.exercises import _cmd_build, exercise, hashed, strings, whole_number
from k8slearn.exercises._cmd_models import (  # noqa: F401  (tests and reveal use them)
    DUAL_CIDRS,
    FLAG_NAMES,
    NODES_CIDR,
    RULES_TREE,
    SECTION_CALLS,
    USAGE_CASES,
    _dual_masks,
    _lowercase_allocator_exit,
    _nodes_before_exhaustion,
    _passing_flag_names,
    _run_greeter,
    _section_titles,
    _storage_allowed,
    _two_files_verdicts,
    _usage_letters,
)

__all__ = [
    "check_usage_printed", "check_section_titles", "check_version_flag_exit",
    "check_bad_controllers_flag",
    "check_dual_mask_sizes", "check_nodes_before_exhaustion", "check_lowercase_allocator",
    "check_exhausted_node_fix", "check_crash_loop_function",
    "check_flag_names_pass", "check_storage_prefix", "check_two_rules_files",
    "check_ci_tool",
    "check_build_serving_options", "check_build_mask_sizes", "check_build_import_rules",
]

check_build_serving_options = _cmd_build.check_build_serving_options
check_build_mask_sizes = _cmd_build.check_build_mask_sizes
check_build_import_rules = _cmd_build.check_build_import_rules

NB01, NB02, NB03 = "01_cmd_tour", "02_cmd_nodeipam", "03_cmd_repo_tools"


def _text(answer: Any) -> str:
    if not isinstance(answer, str):
        raise TypeError("give a string")
    return answer.strip()


def _strings(answer: Any) -> list[str]:
    return strings(answer, "a list of strings")


def _ints(answer: Any) -> list[int]:
    if isinstance(answer, str) or not isinstance(answer, Iterable):
        raise TypeError("give a list of whole numbers")
    return [whole_number(x) for x in answer]


# ------------------------------------------------------------------ notebook 01: the tour


@exercise("cmd.usage_printed",
          "For each argv of the greeter (a) --nme=x, (b) --secure-port=70000, (c) --name=x now, "
          "(d) --name=x --times: which ones print the usage text? Give the letters.",
          kind="predict", notebook=NB01, number="01.1",
          inputs=("--nme=x", "--secure-port=70000", "--name=x now"),
          reveal=lambda: "usage is printed for: " + ", ".join(_usage_letters()) + " (flag-parse "
          "errors only: an unknown flag and a flag without its value; a bad port is a "
          "validation error in RunE, a positional argument fails the Args check).")
def check_usage_printed(answer: Any) -> tuple[bool, str]:
    got = sorted({s.lower().strip("() ") for s in _strings(answer)})
    want = _usage_letters()
    if got == want:
        return True, "only errors from pflag's parser go through the flag-error hook."
    if "b" in got:
        return False, "70000 parses as an int: the flag is fine, validation in RunE rejects it."
    if "c" in got:
        return False, "a positional argument is rejected by Args after parsing: no usage."
    return False, "which of these does pflag itself refuse while parsing?"


@exercise("cmd.section_titles",
          "flag_set('admission'), ('serving'), ('unused'), ('admission') again, "
          "('authorization'); every set but 'unused' gets a flag. Which titles print, in order?",
          kind="predict", notebook=NB01, number="01.2",
          inputs=("admission", "authorization"),
          reveal=lambda: f"{_section_titles()}: first-use order, first letter capitalised, "
          "empty sets skipped.")
def check_section_titles(answer: Any) -> tuple[bool, str]:
    got = _strings(answer)
    want = _section_titles()
    if got == want:
        return True, "Order records the first call of each name; a second call adds nothing."
    if sorted(g.lower() for g in got) == sorted(w.lower() for w in want) and got != want:
        if [g.lower() for g in got] == [w.lower() for w in want]:
            return False, "only the first letter is upper-cased."
        return False, "sections are not sorted: Order records the first call of each name."
    if any("unused" in g.lower() for g in got):
        return False, "PrintSections skips a set with no flags."
    if len(got) > len(want):
        return False, "a name used twice is one section."
    return False, "titles look like 'Leader election flags:'; mind order and case."


@exercise("cmd.version_flag_exit",
          "greeter --version=v1.35.2 --name=x: what exit code?",
          kind="predict", notebook=NB01, number="01.3", inputs=("--version=v1.35.2",),
          reveal=lambda: f"exit {_run_greeter(['--version=v1.35.2', '--name=x'])[0]}: a "
          "vX.Y.Z value must keep the binary's major.minor.patch, so Set fails and pflag "
          "reports a flag error (with usage).")
def check_version_flag_exit(answer: Any) -> tuple[bool, str]:
    n = whole_number(answer)
    if n == _run_greeter(["--version=v1.35.2", "--name=x"])[0]:
        return True, "SetDynamicVersion refuses another patch level; Set's error is a flag error."
    if n == 0:
        return False, "--version=vX.Y.Z only *sets* the reported version, and only when it keeps " \
                      "the real major.minor.patch. Is v1.35.2 the same release as v1.36.0?"
    return False, "exit codes from cli.Run are 0 or 1."


@exercise("cmd.bad_controllers_flag",
          "kube-controller-manager logs "
          "'E1207 08:00:00.000000   12345 run.go:72] \"command failed\" err=\"\\\"nodeipam-"
          "controller\\\" is not in the list of known controllers\"' and exits. Which flag is "
          "wrong?", kind="debug", notebook=NB01, number="01.4",
          reveal=("eNpNjUEOwjAMBL+yx1aieQBXhLgjPmBSN1hK7CpO4PsEuHCe3ZlliaatWs5c/Yj2YCgVhjjUVl5kp/I3"
                  "wURZ6Mc+aA64jUsWZUQr7NiqFcQs4doVU+0aks0H3DlSd4aHk+kmaZrxHKqVGq/f6oWVq0TY3sTUIYph"
                  "OB9AWxvdbCmJJrxG3Lmh7+ENVd1B6A=="))
def check_bad_controllers_flag(answer: Any) -> tuple[bool, str]:
    if hashed(answer, "c2a9719c6b64b6beff36efbeda13e01e3832abbb844474749645d6ca1dfc9529"):
        return True, ("right: use node-ipam-controller or its alias nodeipam. The error comes "
                      "back from s.Config() in RunE, so cli.Run logs it with klog.")
    a = _text(answer).lower()
    if "node" in a and "ipam" in a:
        return False, "that is the value; the question asks which flag carries it."
    return False, "the message is Generic.Validate's: which flag lists controllers by name?"


# ------------------------------------------------------------------ notebook 02: NodeIPAM


@exercise("cmd.dual_mask_sizes",
          "--cluster-cidr=fd12:3456::/56,172.16.0.0/14 --node-cidr-mask-size-ipv6=72: which mask "
          "sizes does setNodeCIDRMaskSizes return (a list)?",
          kind="predict", notebook=NB02, number="02.1",
          inputs=("fd12:3456::/56", "172.16.0.0/14"),
          reveal=lambda: f"{_dual_masks()}: one mask per cluster CIDR in --cluster-cidr order; "
          "IPv4 falls back to its default.")
def check_dual_mask_sizes(answer: Any) -> tuple[bool, str]:
    got = _ints(answer)
    want = _dual_masks()
    if got == want:
        return True, "cluster-CIDR order; the IPv4 CIDR keeps the default mask."
    if got == want[::-1]:
        return False, "that is family order; the result follows the order of --cluster-cidr."
    if len(got) == 1:
        return False, "two cluster CIDRs of different families: one mask each."
    return False, "dual-stack: each CIDR gets its family flag's value, or the family default."


@exercise("cmd.nodes_before_exhaustion",
          "--cluster-cidr=192.168.0.0/21 --node-cidr-mask-size=23 "
          "--service-cluster-ip-range=192.168.2.0/24: how many nodes get a pod CIDR before the "
          "first CIDRNotAvailable?", kind="predict", notebook=NB02, number="02.2",
          inputs=("192.168.0.0/21", "192.168.2.0/24"),
          reveal=lambda: f"{_nodes_before_exhaustion()}: a /21 holds four /23 blocks; the "
          "service /24 overlaps one of them, which is occupied whole.")
def check_nodes_before_exhaustion(answer: Any) -> tuple[bool, str]:
    n = whole_number(answer)
    want = _nodes_before_exhaustion()
    if n == want:
        return True, "occupy marks every node block the service range overlaps."
    if n == want + 1:
        return False, "the service range sits inside the cluster CIDR: its block is taken first."
    if n > want + 1:
        return False, "count /23 blocks in a /21: 2 ** (23 - 21)."
    return False, "a /24 service range overlaps only one /23 block."


@exercise("cmd.lowercase_allocator",
          "kube-controller-manager --allocate-node-cidrs --cluster-cidr=10.8.0.0/16 "
          "--cidr-allocator-type=rangeallocator: what exit code?",
          kind="predict", notebook=NB02, number="02.3",
          inputs=("--cidr-allocator-type=rangeallocator",),
          reveal=lambda: f"exit {_lowercase_allocator_exit()}: allocator types are compared "
          "exactly, so ipam.New says 'invalid CIDR allocator type: rangeallocator'; "
          "BuildControllers logs it and the process exits after winning the lease.")
def check_lowercase_allocator(answer: Any) -> tuple[bool, str]:
    n = whole_number(answer)
    if n == _lowercase_allocator_exit():
        return True, "types are case-sensitive: only RangeAllocator (and CloudAllocator) exist."
    return False, "the flag is a plain string; who compares it, and how strictly?"


@exercise("cmd.exhausted_node_fix",
          "kubectl describe node node-7 shows 'Normal  CIDRNotAvailable  12s (x9 over 3m)  "
          "cidrAllocator  Node node-7 status is now: CIDRNotAvailable' and kube-controller-"
          "manager logs \"error syncing 'node-7': failed to allocate cidr from cluster cidr at "
          "idx:0: CIDR allocation failed; there are no remaining CIDRs left to allocate in the "
          "accepted range, requeuing\". Name a kube-controller-manager flag whose change fixes "
          "it.", kind="debug", notebook=NB02, number="02.4",
          reveal=("eNo1jstOwzAQRX/l7kik2kClsGBbNmz5g4kzMVYcu5pxoOXrmUTqch733ONcyJs2FhfSJOgIY4qRBUIl"
                  "8gnso8fz64BU7Ism1NnGtx5V4FypEx9Bt5IuTtMfo9OVcjbCfsSYa1j0wTkP/QntmwuEtZE0LNtohFqa"
                  "1D1knEJW73Eh4XnL7+Afljv4lrSlEg/qk+Jap8vnxxdWk4eh7rtgskKjo/Dvw980940Z1UDNpplSVtAR"
                  "sv6ObywhKePl7Ife/wO8M1y3"))
def check_exhausted_node_fix(answer: Any) -> tuple[bool, str]:
    if hashed(answer, "69040376065314f7c501eef0402cfc0abe55b9281ea756c180fc47665c8d0518",
              "132f2e56c266bfb2e4637af3daa87f5180ba12c705c5f053cd2695204904ee08"):
        return True, ("yes: more blocks (a wider --cluster-cidr) or smaller ones (a longer "
                      "--node-cidr-mask-size). Keep existing node CIDRs inside the new range.")
    if hashed(answer, "cb483e31b057bb9036c2d6a64ff7e5593200bba902aac92730e7fc726f18ab58",
              "24321dff2150ca8de44ab72124232a6c5903385f347c5a3efb7b7504c07d38bc"):
        return True, ("yes, if it is the family of the full cluster CIDR: a longer mask makes "
                      "smaller node blocks (section 3: not together with --node-cidr-mask-size, "
                      "and only for a family the cluster has). A wider --cluster-cidr works too.")
    a = _text(answer).lower()
    if "service" in a:
        return False, "the service range only removes blocks; shrinking it frees one at most."
    if "allocator" in a:
        return False, "the allocator type is fine: the range it allocates from is full."
    return False, ("the set has no free node-sized block: which flags set its size and the "
                   "block size?")


@exercise("cmd.crash_loop_function",
          "After an edit of the kube-controller-manager manifest the pod crash-loops with "
          "'E... \"Error building controllers\" err=\"failed to mark cidr[10.244.3.0/24] at idx "
          "[0] as occupied for node: worker-3: cidr 10.244.3.0/24 is out the range of cluster "
          "cidr 10.96.0.0/16\"'. Which range-allocator function fails (its Go name)?",
          kind="debug", notebook=NB02, number="02.5",
          reveal=("eNpFjsHKwkAMhF9lbirYvoPoxcvPj28Qk2iLy6ZkU6Vv724VPATCzPDNGPM8Lcfz6VL2YEpJBdcFf/pq"
                  "2oXyXQ8pGVOY41ZPn+oLsokiBgpQciVZMFBBmZT7yWTF9eg6TnMJ9Y5HcbxqgodGFISB4O3/UMS0VGiA"
                  "LQeNuaq6lpQNVhq2g7q29o9X1J8j65fR0BPVKsGYdz3+51hTluSbuBI/9qj7xRuecjW047o99FfWvwHW"
                  "C18N"))
def check_crash_loop_function(answer: Any) -> tuple[bool, str]:
    if hashed(answer, "91d76535ed73229df5e2d5b72a5dfdeba4b0f632b98849d687d88597d97211b2"):
        return True, ("occupyCIDRs, at start-up, for each node that already has podCIDRs; the "
                      "fix is a --cluster-cidr that contains them.")
    if hashed(answer, "e33598be696e3a9fc8dfddbfd60e213f8f8dcbea396a3ab3123e292345ffbdcb"):
        return False, "close: the constructor calls a helper per existing node. Which one?"
    a = _text(answer).lower()
    if "allocate" in a:
        return False, "nothing is being allocated: these nodes already have CIDRs."
    return False, "'failed to mark ... as occupied' is the helper that marks existing CIDRs."


# ------------------------------------------------------------------ notebook 03: repo tools


@exercise("cmd.flag_names_pass",
          "Which of these long flag names pass CheckFlags: tls-cert-file, kube-api-qps, v, "
          "log_dir, http2-max-streams, ContentType? Give a list.",
          kind="predict", notebook=NB03, number="03.1",
          inputs=("http2-max-streams", "tls-cert-file"),
          reveal=lambda: f"{_passing_flag_names()}: ^[a-z]+[a-z\\-]*$ has no digits, "
          "underscores or capitals; one letter is enough.")
def check_flag_names_pass(answer: Any) -> tuple[bool, str]:
    got = {s for s in _strings(answer)}
    want = set(_passing_flag_names())
    if got == want:
        return True, "lower-case letters and dashes only, starting with a letter."
    if "http2-max-streams" in got:
        return False, "look at the character class again: are digits in it?"
    if "v" not in got:
        return False, "[a-z]+ then [a-z\\-]*: is a single letter enough?"
    return False, "capitals and underscores are outside [a-z\\-]."


@exercise("cmd.storage_prefix",
          "importverifier entry {baseImportPath: ./app/cart, allowedImports: [app.store, "
          "app.cart]}: is an import of app.storage.disk from app/cart/checkout.py allowed? "
          "True or False", kind="predict", notebook=NB03, number="03.2",
          inputs=("app.storage.disk",),
          reveal=lambda: f"{_storage_allowed()}: allowed means equal to an entry or below it "
          "with a separator (app.store.x), not any string prefix.")
def check_storage_prefix(answer: Any) -> tuple[bool, str]:
    if not isinstance(answer, bool):
        raise TypeError("give True or False")
    if answer is _storage_allowed():
        return True, "the separator rule: app.store does not cover app.storage."
    return False, "compare with the bare-prefix rule of the JSON era: which one applies now?"


@exercise("cmd.two_rules_files",
          "x/.import-restrictions allows ^net (AllowedPrefixes ['']); x/y/.import-restrictions "
          "forbids ^net\\.http (ForbiddenPrefixes ['']). x/y/z/m.py imports net.http.client and "
          "net.url. For each: 'allowed', 'forbidden' or 'error'?",
          kind="predict", notebook=NB03, number="03.3", inputs=("net.http.client", "net.url"),
          reveal=lambda: f"{_two_files_verdicts()}: files are tried from the closest upward; "
          "x/y decides net.http.client, its selector does not match net.url, so x decides that.")
def check_two_rules_files(answer: Any) -> tuple[bool, str]:
    got = [s.lower() for s in _strings(answer)]
    want = _two_files_verdicts()
    if got == want:
        return True, "closest file first; a rule whose selector does not match passes the " \
                     "import on to the next file."
    if got[:1] != want[:1]:
        return False, "net.http.client: which file is closest to x/y/z, with a matching rule?"
    return False, "net.url: does ^net\\.http match it? If not, the search goes on upward."


@exercise("cmd.ci_tool",
          "A pull request fails CI with 'Error: doc for HorizontalPodAutoscalerSpec.maxReplicas "
          "contains: MaxReplicas, which should be: maxReplicas'. Which cmd/ tool printed it?",
          kind="debug", notebook=NB03, number="03.4",
          reveal=("eNo1jEsOgyAQhq/yL20idO8BuuiiJvYC4jiECYJGiOLt1SZdfw8rPI3RBB5nSuSYPCpnyD83XsUeyv65"
                  "ugWd3EPjJQXZMWgOgWNusK+SGX0wpeNlEjKpr3/G+9t+cNc1JGK4vioL+aRPO2oqhg=="))
def check_ci_tool(answer: Any) -> tuple[bool, str]:
    if hashed(answer, "777a8b070bf39eee87a2e3088cee55f3a64dfda848951b6ef8e905d77c957d13"):
        return True, "fieldnamedocscheck: write the JSON name (`maxReplicas`) in the comment."
    a = _text(answer).lower()
    if "swagger" in a:
        return False, "genswaggertypedocs writes SwaggerDoc maps; it does not compare cases."
    if "clicheck" in a:
        return False, "clicheck looks at commands and flags, not API type comments."
    return False, "which tool compares back-ticked words in API comments with JSON field names?"
