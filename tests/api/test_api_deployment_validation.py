"""Deployment ``spec.strategy`` validation (ValidateDeploymentStrategy and helpers).

Messages are upstream's (pkg/apis/apps/validation/validation.go @ v1.36.0), checked on
the raw strategy map the course keeps.
"""

from __future__ import annotations

import pytest

from k8slearn.api import ValidationError, load
from k8slearn.api.apps_validation import (
    is_not_more_than_100_percent,
    validate_deployment_strategy,
    validate_positive_int_or_percent,
)
from k8slearn.apiserver import APIServer
from k8slearn.apiserver.errors import Invalid
from k8slearn.clock import FakeClock

RU = "spec.strategy.rollingUpdate"
PERCENT = ("a valid percent string must be a numeric string followed by an ending '%' "
           "(e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")


def deployment(strategy: str) -> str:
    return ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: default}\n"
            "spec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n"
            "  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c}]}}\n"
            f"  strategy: {strategy}\n")


def errors(strategy: str) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        load(deployment(strategy))
    return str(exc.value).splitlines()


def strategy_errors(strategy) -> list[str]:
    return [str(e) for e in validate_deployment_strategy(strategy)]


@pytest.mark.parametrize("strategy", [
    None, {}, {"type": "Recreate"}, {"type": "Recreate", "rollingUpdate": None},
    {"type": "RollingUpdate"}, {"rollingUpdate": {}},
    {"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}},
    {"rollingUpdate": {"maxSurge": "0%", "maxUnavailable": "100%"}},
    {"rollingUpdate": {"maxSurge": "200%", "maxUnavailable": 0}},  # only maxUnavailable capped
    {"rollingUpdate": {"maxUnavailable": 0}},  # maxSurge defaults to 25%
])
def test_valid_strategies(strategy):
    assert strategy_errors(strategy) == []


def test_recreate_with_rolling_update_is_forbidden():
    assert errors("{type: Recreate, rollingUpdate: {maxSurge: 1}}") == [
        f"{RU}: Forbidden: may not be specified when strategy `type` is 'Recreate'"]


def test_both_zero():
    assert errors("{type: RollingUpdate, rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}") == [
        f"{RU}.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0"]
    assert strategy_errors({"rollingUpdate": {"maxSurge": "0%", "maxUnavailable": "0%"}}) == [
        f'{RU}.maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0']


def test_not_a_percentage():
    # "abc" is not a percentage, and counts as 0 (Atoi fails) in the both-zero check
    assert errors("{rollingUpdate: {maxUnavailable: abc, maxSurge: 0}}") == [
        f'{RU}.maxUnavailable: Invalid value: "abc": {PERCENT}',
        f'{RU}.maxUnavailable: Invalid value: "abc": may not be 0 when `maxSurge` is 0']
    assert strategy_errors({"rollingUpdate": {"maxSurge": "5"}}) == [
        f'{RU}.maxSurge: Invalid value: "5": {PERCENT}']
    assert strategy_errors({"rollingUpdate": {"maxSurge": "-5%"}}) == [
        f'{RU}.maxSurge: Invalid value: "-5%": {PERCENT}']


def test_negative_and_over_100_percent():
    assert strategy_errors({"rollingUpdate": {"maxUnavailable": -1, "maxSurge": -2}}) == [
        f"{RU}.maxUnavailable: Invalid value: -1: must be greater than or equal to 0",
        f"{RU}.maxSurge: Invalid value: -2: must be greater than or equal to 0"]
    assert strategy_errors({"rollingUpdate": {"maxUnavailable": "101%"}}) == [
        f'{RU}.maxUnavailable: Invalid value: "101%": must not be greater than 100%']


def test_unknown_type_and_non_int_values():
    assert strategy_errors({"type": "Foo"}) == [
        'spec.strategy: Unsupported value: {"type":"Foo"}: supported values: "Recreate", '
        '"RollingUpdate"']
    assert strategy_errors({"rollingUpdate": {"maxSurge": True}}) == [
        f"{RU}.maxSurge: Invalid value: true: must be an integer or percentage (e.g '5%%')"]


def test_helpers():
    assert validate_positive_int_or_percent(0, "p") == []
    assert validate_positive_int_or_percent("93%", "p") == []
    assert is_not_more_than_100_percent(101, "p") == []  # an int is never a percentage
    assert [str(e) for e in is_not_more_than_100_percent("100%", "p")] == []


def test_apiserver_rejects_bad_strategy_with_422():
    """Create and update through the in-memory apiserver: 422 Invalid, nothing stored."""
    server = APIServer(clock=FakeClock(0))
    server.create(load(deployment("{type: RollingUpdate}"))[0])
    stored = server.get("deployments", "default", "web")
    stored.spec.strategy = {"type": "Recreate", "rollingUpdate": {"maxSurge": 1}}
    with pytest.raises(Invalid) as exc:
        server.update(stored)
    assert exc.value.code == 422
    assert exc.value.errors == [
        f"{RU}: Forbidden: may not be specified when strategy `type` is 'Recreate'"]
    assert server.get("deployments", "default", "web").spec.strategy == {"type": "RollingUpdate"}

    new = load(deployment("{type: RollingUpdate}"))[0]
    new.metadata.name = "api"
    new.spec.strategy = {"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 0}}
    with pytest.raises(Invalid) as exc:
        server.create(new)
    assert str(exc.value) == ('Deployment.apps "api" is invalid: ' + RU + ".maxUnavailable: "
                              "Invalid value: 0: may not be 0 when `maxSurge` is 0")
    assert [d.metadata.name for d in server.list("deployments", "default").items] == ["web"]
