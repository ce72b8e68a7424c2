"""Hostile documents: alias bombs, self-containing anchors, deep nesting, NaN, huge numbers (#17).

Expected errors are go-yaml's (decode_test.go ``unmarshalErrorTests``, limit_test.go
``limitTests`` @ v2.4.3) and Go encoding/json's words, as sigs.k8s.io/yaml passes them on.
"""

from __future__ import annotations

import pytest

from k8slearn.api import Quantity, ValidationError, load, load_documents
from k8slearn.api.yaml_decode import MAX_DEPTH, allowed_alias_ratio

LEVELS = "abcdefgh"


def _bomb_defs(leaf: str) -> str:
    lines = [f"  a: &a [{','.join([leaf] * 9)}]"]
    pairs = zip(LEVELS[:-1], LEVELS[1:], strict=True)
    lines += [f"  {n}: &{n} [{','.join(['*' + p] * 9)}]" for p, n in pairs]
    return "\n".join(lines) + "\n"


def bomb_metrics() -> str:
    """9 levels of aliases under an HPA's spec.metrics (the issue's 523-byte file)."""
    return ("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: x}\n"
            "x:\n" + _bomb_defs("{type: P}") +
            "spec:\n  maxReplicas: 3\n  metrics: [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n")


def bomb_containers() -> str:
    """9 levels of aliases under a Pod's spec.containers (the issue's 392-byte file)."""
    return ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nx:\n" + _bomb_defs("x")
            + "spec: {containers: [*h,*h,*h,*h,*h,*h,*h,*h,*h]}\n")


GO_YAML_BOMB = "".join(
    f"{n}: &{n} [{','.join(['00'] * 9 if n == 'a' else ['*' + chr(ord(n) - 1)] * 9)}]\n"
    for n in "abcdefghi")


@pytest.mark.parametrize("text", [bomb_metrics(), bomb_containers(), GO_YAML_BOMB],
                         ids=["hpa-metrics", "pod-containers", "go-yaml-unmarshalErrorTests"])
def test_alias_bomb_is_rejected_like_go_yaml(text):
    assert len(text.encode()) <= 530
    with pytest.raises(ValueError) as e:
        load(text)
    assert str(e.value) == ("error converting YAML to JSON: yaml: document contains "
                            "excessive aliasing")


def test_bomb_sizes_match_the_issue():
    assert len(bomb_metrics()) <= 523 and len(bomb_containers()) <= 392


def test_bomb_in_a_file_through_load(tmp_path):
    p = tmp_path / "bomb.yaml"
    p.write_text(bomb_containers())
    with pytest.raises(ValueError, match="excessive aliasing"):
        load(p)


def test_many_aliases_of_a_large_anchor_are_rejected():
    # limit_test.go "1000kb of maps with 100 aliases", scaled down to 10 kb.
    n = 10 * 1024 // 4
    text = "{a: &a [{a}" + ",{a}" * (n - 100) + "], b: &b [*a" + ",*a" * 99 + "]}"
    with pytest.raises(ValueError, match="excessive aliasing"):
        load_documents(text)


@pytest.mark.parametrize("kb", [1, 10])
def test_large_documents_without_aliases_pass(kb):
    # limit_test.go "1kb of maps", "10kb of maps": no error
    text = "a: &a [{a}" + ",{a}" * (kb * 1024 // 4 - 1) + "]"
    assert len(load_documents(text)[0]["a"]) == kb * 1024 // 4


def test_moderate_aliasing_passes():
    # 100 aliases of a one-element anchor: the aliased share stays under 99%.
    text = "a: &a {k: v}\nb: [" + ",".join(["*a"] * 100) + "]\n"
    assert len(load_documents(text)[0]["b"]) == 100


def test_self_containing_anchor():
    with pytest.raises(ValueError) as e:
        load_documents("a: &a\n  b: *a\n")
    assert str(e.value) == "error converting YAML to JSON: yaml: anchor 'a' value contains itself"


def test_allowed_alias_ratio_matches_go_yaml():
    assert allowed_alias_ratio(1) == 0.99
    assert allowed_alias_ratio(400_000) == 0.99
    assert allowed_alias_ratio(4_000_000) == 0.10
    assert allowed_alias_ratio(10**9) == 0.10
    assert allowed_alias_ratio(2_200_000) == pytest.approx(0.99 - 0.89 * 0.5)


@pytest.mark.parametrize("text,fmt", [
    ("[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5), "json"),
    ("[" * 5000 + "]" * 5000, "json"),
    ("x: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5), "yaml"),
])
def test_deep_nesting_is_a_clear_error(text, fmt):
    with pytest.raises(ValueError, match=f"exceeded max depth of {MAX_DEPTH}"):
        load_documents(text)


def test_deep_block_nesting_is_a_clear_error():
    with pytest.raises(ValueError, match="error converting YAML to JSON"):
        load_documents("- " * 3000 + "x")


POD = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
       "  - name: c\n    image: i\n    resources: {requests: {cpu: %s}}\n")


@pytest.mark.parametrize("value,shown", [(".nan", "NaN"), (".inf", "+Inf"), ("-.Inf", "-Inf")])
def test_non_finite_cpu_names_the_field(value, shown):
    with pytest.raises(ValueError) as e:
        load(POD % value)
    assert str(e.value) == (f"error converting YAML to JSON: json: unsupported value: {shown} "
                            "(at spec.containers[0].resources.requests.cpu)")


def test_float_overflow_stays_a_string_like_go_yaml():
    # strconv.ParseFloat("1e400") fails, so go-yaml keeps the plain scalar as a string,
    # which is a valid quantity.
    pod = load(POD % "1e400")[0]
    assert str(pod.spec.containers[0].resources.requests["cpu"]) == "10e399"
    assert load_documents("v: 1e400\nw: 1e3\n") == [{"v": "1e400", "w": 1000.0}]


def test_big_integers_resolve_like_go_yaml():
    docs = load_documents("a: 9223372036854775807\nb: 18446744073709551615\n"
                          "c: 18446744073709551616\nd: " + "9" * 400 + "\n")[0]
    assert docs["a"] == 2**63 - 1 and docs["b"] == 2**64 - 1  # int64, uint64
    assert docs["c"] == float(2**64)  # float64
    assert docs["d"] == "9" * 400  # past float64: the plain string


DEPLOY = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n"
          "  selector: {matchLabels: {a: b}}\n"
          "  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}\n"
          "  replicas: %s\n")


def test_5001_digit_replicas_is_a_field_error():
    with pytest.raises(ValidationError) as e:
        load(DEPLOY % ("9" * 5001))
    (err,) = e.value.errors
    assert err.field == "spec.replicas"
    assert str(err).endswith("cannot unmarshal string into Go struct field "
                             "DeploymentSpec.spec.replicas of type int32")


def test_5001_digit_json_number():
    text = '{"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"replicas": %s}}'
    with pytest.raises(ValueError, match="json: cannot unmarshal number 9+ into Go value "
                                         "of type float64"):
        load(text % ("9" * 5001))


def test_huge_integral_float_replicas_prints_like_go_json():
    with pytest.raises(ValidationError) as e:
        load(DEPLOY % "99999999999999999999999")
    assert str(e.value.errors[0]) == (
        "spec.replicas: Invalid value: 1e+23: cannot unmarshal number 1e+23 into Go struct "
        "field DeploymentSpec.spec.replicas of type int32")


def test_5001_digit_quantity_is_a_quantity_error():
    with pytest.raises(ValueError, match="^unable to parse numeric part of quantity$"):
        Quantity("9" * 5001)
    assert len(str(Quantity("9" * 4000))) == 4000
