"""k8slearn nodeipam explain: a real manifest and node list in, capacity, conflicts, logs out."""

from __future__ import annotations

from pathlib import Path

import pytest

from k8slearn.cli import main
from k8slearn.cmd.kube_controller_manager.explain import InputError, explain, read_nodes

DATA = Path(__file__).parent / "data"
MANIFEST = str(DATA / "kube-controller-manager.yaml")
NODES = str(DATA / "nodes.yaml")


def _manifest(tmp_path: Path, cluster_cidr: str) -> str:
    p = tmp_path / "kcm.yaml"
    p.write_text(Path(MANIFEST).read_text().replace("10.245.0.0/16", cluster_cidr))
    return str(p)


def test_changed_cluster_cidr_is_reported_as_a_crash_loop() -> None:
    r = explain(MANIFEST, NODES)
    assert r.exit_code == 1
    assert r.conflicts[0] == ("failed to mark cidr[10.244.0.0/24] at idx [0] as occupied for "
                              "node: cp-1: cidr 10.244.0.0/24 is out the range of cluster cidr "
                              "10.245.0.0/16")
    assert '"Error building controllers"' in r.log.splitlines()[-1]
    assert "--authentication-kubeconfig" in r.skipped and "--bind-address" in r.skipped


def test_full_range_gives_cidr_not_available_and_keeps_running(tmp_path) -> None:
    r = explain(_manifest(tmp_path, "10.244.0.0/23"), NODES, retries=1)
    assert r.exit_code == 0
    assert r.capacity == ["10.244.0.0/23 with /24 nodes: 2 blocks, 2 used (0 service range(s) "
                          "included), 0 free"]
    assert ("worker-2", "<none> -> none available (CIDRNotAvailable)") in r.nodes
    assert r.log.count('"Unhandled Error"') == 2
    assert "Node worker-2 status is now: CIDRNotAvailable" in r.events


def test_room_left_shows_the_cidr_a_node_gets(tmp_path) -> None:
    r = explain(_manifest(tmp_path, "10.244.0.0/16"), NODES)
    assert ("worker-2", "<none> -> gets 10.244.2.0/24") in r.nodes
    assert r.capacity[0].endswith("256 blocks, 3 used (0 service range(s) included), 253 free")
    assert 'node="worker-2" podCIDRs=["10.244.2.0/24"]' in r.log


def test_duplicate_pod_cidrs_are_a_conflict_the_allocator_misses(tmp_path) -> None:
    nodes = tmp_path / "n.yaml"
    nodes.write_text("kind: Node\nmetadata: {name: a}\nspec: {podCIDRs: [10.244.0.0/24]}\n---\n"
                     "kind: Node\nmetadata: {name: b}\nspec: {podCIDRs: [10.244.0.0/24]}\n")
    r = explain(_manifest(tmp_path, "10.244.0.0/16"), str(nodes))
    assert r.exit_code == 0
    assert r.conflicts == ["a and b both have 10.244.0.0/24 (not detected by the allocator: "
                           "occupying a CIDR twice is not an error)"]


def test_cli_prints_the_report(capsys) -> None:
    assert main(["nodeipam", "explain", "--manifest", MANIFEST, "--nodes", NODES]) == 0
    out = capsys.readouterr().out
    assert "CrashLoopBackOff" in out and "Conflicts:" in out


@pytest.mark.parametrize("argv,message", [
    (["nodeipam", "explain"], "Error: [--manifest is required, --nodes is required]\n"),
    (["nodeipam", "explain", "--manifest", "missing.yaml", "--nodes", NODES],
     "Error: missing.yaml: no such file or directory\n"),
])
def test_cli_errors(argv, message, capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 1
    assert capsys.readouterr().err == message


def test_alias_bomb_is_refused_quickly(tmp_path) -> None:
    bomb = tmp_path / "bomb.yaml"
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    bomb.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match="excessive aliasing"):
        read_nodes(str(bomb))


def test_manifest_without_the_container(tmp_path) -> None:
    p = tmp_path / "pod.yaml"
    p.write_text("kind: Pod\nspec:\n  containers:\n  - name: nginx\n    image: nginx\n")
    with pytest.raises(InputError, match="no kube-controller-manager container"):
        explain(str(p), NODES)


def test_flags_with_separate_values_and_bare_bools(tmp_path) -> None:
    p = tmp_path / "kcm.yaml"
    p.write_text("kind: Pod\nspec:\n  containers:\n  - name: kube-controller-manager\n"
                 "    command: [kube-controller-manager, --allocate-node-cidrs, --cluster-cidr,"
                 " 10.244.0.0/16, --v, '2', --profiling]\n")
    r = explain(str(p), NODES)
    assert r.flags == ["--allocate-node-cidrs", "--cluster-cidr", "10.244.0.0/16", "--profiling"]
    assert r.skipped == ["--v"] and r.exit_code == 0


def test_a_fifo_or_a_directory_is_refused_not_read(tmp_path) -> None:
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_nodes(str(fifo))
    with pytest.raises(InputError, match="is a directory"):
        read_nodes(str(tmp_path))
