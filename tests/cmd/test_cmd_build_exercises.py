"""The cmd build exercises: the reference passes, known-wrong versions fail with a named case,
and stubs fail without raising (issue #10)."""

from __future__ import annotations

import importlib.util

import pytest
from conftest import ROOT

from k8slearn.exercises import check


def _solutions(stem: str):
    spec = importlib.util.spec_from_file_location(stem, ROOT / "tests" / "solutions" / f"{stem}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


REF01 = _solutions("01_cmd_tour")
REF02 = _solutions("02_cmd_nodeipam")
REF03 = _solutions("03_cmd_repo_tools")


def _fails_naming(key: str, candidate, case: str) -> None:
    r = check(key, candidate)
    assert not r.correct, f"{key} accepted a wrong implementation"
    assert f"First failing case: {case}" in r.message, r.message


# ------------------------------------------------------------------ 01.5 ServingOptions


class UnderscoreFlags(REF01.ServingOptions):
    def add_flags(self, fs):
        fs.int("secure_port", self.port, "The port.", p=(self, "port"))
        fs.string("bind_address", self.bind_address, "The address.", p=(self, "bind_address"))


class FirstErrorOnly(REF01.ServingOptions):
    def validate(self):
        return REF01.ServingOptions.validate(self)[:1]


class NotBound(REF01.ServingOptions):
    def add_flags(self, fs):  # no p=: the flags never reach the object
        fs.int("secure-port", self.port, "The port.")
        fs.string("bind-address", self.bind_address, "The address.")


class ExclusiveBound(REF01.ServingOptions):
    def validate(self):
        errs = REF01.ServingOptions.validate(self)
        if self.port == 65535:
            errs.insert(0, ValueError(f"--secure-port {self.port} must be between 1 and 65535, "
                                      "inclusive. It cannot be turned off with 0"))
        return errs


@pytest.mark.parametrize("candidate,case", [
    (UnderscoreFlags, "flags registered"),
    (FirstErrorOnly, "every problem at once"),
    (NotBound, "SecureServingOptions.Validate: port 0"),
    (ExclusiveBound, "upper bound is inclusive"),
], ids=["underscores", "first-error-only", "not-bound", "exclusive-bound"])
def test_serving_options_known_wrong(candidate, case) -> None:
    _fails_naming("cmd.build_serving_options", candidate, case)


def test_serving_options_reference_and_stub() -> None:
    assert check("01.5", REF01.ServingOptions).correct

    class Stub:
        pass

    r = check("01.5", Stub)
    assert not r.correct and "not built yet" in r.message


# ------------------------------------------------------------------ 02.6 mask sizes


def family_order(cidrs, mask, v4, v6):
    got = REF02.mask_sizes(cidrs, mask, v4, v6)
    return sorted(got)  # IPv4 first, as if by family


def legacy_flag_everywhere(cidrs, mask, v4, v6):
    if mask:
        return [mask] * len(cidrs)
    return REF02.mask_sizes(cidrs, mask, v4, v6)


def fixed_messages(cidrs, mask, v4, v6):
    try:
        return REF02.mask_sizes(cidrs, mask, v4, v6)
    except ValueError:
        raise ValueError("invalid mask flags") from None


@pytest.mark.parametrize("candidate,case", [
    (family_order, "setNodeCIDRMaskSizes: dual-stack, IPv6 first, both family flags"),
    (legacy_flag_everywhere, "setNodeCIDRMaskSizes: dual-stack refuses --node-cidr-mask-size"),
    (fixed_messages, "setNodeCIDRMaskSizes: dual-stack refuses --node-cidr-mask-size"),
], ids=["family-order", "legacy-in-dual-stack", "own-messages"])
def test_mask_sizes_known_wrong(candidate, case) -> None:
    _fails_naming("cmd.build_mask_sizes", candidate, case)


def test_mask_sizes_reference() -> None:
    assert check("02.6", REF02.mask_sizes).correct


# ------------------------------------------------------------------ 03.5 rules files


def forbid_everywhere():
    return {"shop/.import-restrictions": REF03.rules()["shop/.import-restrictions"]}


def allow_in_web_only():
    return {"shop/web/.import-restrictions": REF03.rules()["shop/web/.import-restrictions"]}


def allow_in_shop():
    return {"shop/.import-restrictions": "Rules:\n- SelectorRegexp: ^flask\n"
                                         "  AllowedPrefixes: ['']\n"}


def forbid_all_imports():
    r = REF03.rules()
    r["shop/.import-restrictions"] = "Rules:\n- SelectorRegexp: ''\n  ForbiddenPrefixes: ['']\n"
    return r


def prefix_selector():
    return {path: text.replace(r"^flask(\.|$)", "^flask")
            for path, text in REF03.rules().items()}


@pytest.mark.parametrize("candidate,case", [
    (prefix_selector, "flaskr is another package"),
    (forbid_everywhere, "the tree as given passes"),
    (allow_in_web_only, "shop.core may not import flask"),
    (allow_in_shop, "shop.core may not import flask"),
    (forbid_all_imports, "the tree as given passes"),
], ids=["prefix-selector", "forbid-everywhere", "allow-in-web-only", "allow-in-shop", "forbid-all"])
def test_import_rules_known_wrong(candidate, case) -> None:
    _fails_naming("cmd.build_import_rules", candidate, case)


def test_import_rules_reference_dict_or_function_and_bad_yaml() -> None:
    assert check("03.5", REF03.rules).correct
    assert check("03.5", REF03.rules()).correct
    r = check("03.5", {"shop/.import-restrictions": "Rules: [unclosed\n"})
    assert not r.correct and "First failing case" in r.message
    r = check("03.5", {"../escape": "x"})
    assert not r.correct and "inside the tree" in r.message
