"""Command-line flags and global settings."""

from __future__ import annotations

import ANNarchy as ann
import pytest
from ANNarchy.core import config


@pytest.mark.parametrize(
    "argv, threads",
    [(["-j4"], 4), (["-j", "3"], 3), (["-j=2"], 2), (["script", "--clean", "-j8"], 8), ([], None)],
)
def test_thread_flag(argv, threads):
    assert config.parse_argv(argv).get("num_threads") == threads


def test_other_flags():
    assert config.parse_argv(["--clean"]) == {"clean": True}
    assert config.parse_argv(["--gpu"]) == {"paradigm": "cuda"}
    assert config.parse_argv(["--gpu=2"]) == {"paradigm": "cuda", "cuda_device": 2}
    assert config.clean_requested(["x", "--clean"]) and not config.clean_requested([])


def test_bad_thread_flag():
    with pytest.raises(ann.InvalidConfiguration, match="-j expects an integer"):
        config.parse_argv(["-jmany"])
    with pytest.raises(ann.InvalidConfiguration, match="positive"):
        config.parse_argv(["-j0"])


def test_network_takes_flags_unless_configured(monkeypatch, rate_neuron):
    monkeypatch.setattr("sys.argv", ["script.py", "-j3"])
    net = ann.Network()
    assert net._config["num_threads"] == 3
    net.config(num_threads=2)
    assert net._config["num_threads"] == 2


def test_setup_is_copied_by_new_networks():
    with pytest.warns(DeprecationWarning, match="net.config"):
        ann.setup(dt=0.2, method="rk4")
    assert ann.Network().dt == 0.2 and ann.Network()._config["method"] == "rk4"
    with pytest.raises(ann.InvalidConfiguration, match="precision"):
        ann.setup(precision="half")
    with pytest.raises(ann.InvalidConfiguration, match="sparse_matrix_format"):
        config.setup(sparse_matrix_format="banana")
