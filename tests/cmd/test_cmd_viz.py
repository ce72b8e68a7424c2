"""k8slearn.viz.cmd: the decision table text, the widget and the figures build."""

from __future__ import annotations

import pytest

from k8slearn.viz import cmd as vizcmd


def test_mask_size_table_has_every_row() -> None:
    table = vizcmd.mask_size_table()
    assert table.count("(0, 0, 0)") == 4
    assert "[64, 24]" in table and "[24, 64]" in table
    assert "usage of --node-cidr-mask-size is not allowed with dual-stack clusters" in table
    # issue #15 item 7: never cut a message (it used to stop at 75 characters)
    assert ("usage of --node-cidr-mask-size-ipv4 and --node-cidr-mask-size-ipv6 is not allowed "
            "if --node-cidr-mask-size is set. For dual-stack clusters please unset it and use "
            "IPFamily specific flags") in table
    assert "..." not in table


def test_widget_updates_its_result() -> None:
    pytest.importorskip("ipywidgets")
    box = vizcmd.mask_size_widget()
    cluster, masks, result = box.children
    assert "[24, 64]" in result.value
    masks.children[0].value = 25
    assert "not allowed with dual-stack" in result.value
    cluster.value = "IPv6"
    assert "[25]" in result.value
    masks.children[0].value = 0
    masks.children[1].value = 26
    assert result.value.endswith("is not allowed for a single-stack IPv6 cluster</b>")
    assert repr(box) == "MaskSizeExplorer(cluster='IPv6', mask=0, ipv4=26, ipv6=0)"


def test_figures_render_as_png() -> None:
    pytest.importorskip("matplotlib")
    img = vizcmd.image(vizcmd.plot_startup_sequence())
    assert img.data[:4] == b"\x89PNG"
    img = vizcmd.image(vizcmd.plot_allocations("10.0.0.0/22", 24, {"n": "10.0.1.0/24"},
                                               ["10.0.0.0/24"]))
    assert img.data[:4] == b"\x89PNG"
