"""``cuda_device``, a setting the cuda plugin registers: ``net.config(cuda_device=N)``, the flag
``--gpu[=N]``, the key ``cuda.device`` of the configuration file, and the device in the
manifest of the generated code."""

from __future__ import annotations

import json

import ANNarchy as ann
import pytest
from ANNarchy.core import config
from ANNarchy.core.lowering import lower
from ANNarchy.plugins import registry
from annarchy_cuda import CudaBackend
from annarchy_cuda.codegen import MANIFEST_NAME


@pytest.fixture(autouse=True)
def no_script_flags(monkeypatch):
    monkeypatch.setattr(config, "script_argv", lambda: [])


def test_registered_by_the_cuda_plugin():
    assert registry("settings").origin("cuda_device").distribution == "annarchy-backend-cuda"
    assert "cuda_device" not in config.DEFAULTS  # not a setting of the core


def test_config_reaches_the_manifest():
    net = ann.Network()
    assert net._config["cuda_device"] == 0
    net.create(2, ann.Neuron(equations="r = 1.0"))
    net.config(paradigm="cuda", cuda_device=1)
    manifest = json.loads(CudaBackend().generate(lower(net))[MANIFEST_NAME])
    assert manifest["device"] == 1


def test_bad_device_is_refused():
    with pytest.raises(
        ann.InvalidConfiguration,
        match=r"cuda_device \(a setting of annarchy-backend-cuda\): must be a GPU number",
    ):
        ann.Network().config(cuda_device=-2)
    with pytest.raises(ann.InvalidConfiguration, match="GPU number"):
        ann.Network().config(cuda_device=True)


def test_gpu_flag(monkeypatch):
    assert config.parse_argv(["--gpu"]) == {"paradigm": "cuda"}
    assert config.parse_argv(["--gpu=2"]) == {"paradigm": "cuda", "cuda_device": 2}
    with pytest.raises(ann.InvalidConfiguration, match="--gpu: expects a GPU number, got 'x'"):
        config.parse_argv(["--gpu=x"])
    monkeypatch.setattr(config, "script_argv", lambda: ["--gpu=3", "-j2"])
    net = ann.Network()
    assert (net._config["paradigm"], net._config["cuda_device"]) == ("cuda", 3)
    net.config(cuda_device=0)  # an explicit config() wins over the flag
    assert net._config["cuda_device"] == 0


def test_configuration_file(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = tmp_path / ".config" / "ANNarchy"
    folder.mkdir(parents=True)
    (folder / "annarchy.json").write_text('{"cuda": {"device": 2}}')
    assert ann.Network()._config["cuda_device"] == 2
    (folder / "annarchy.json").write_text('{"cuda": {"device": "first"}}')
    with pytest.raises(ann.InvalidConfiguration, match=r"cuda.device \(setting cuda_device\)"):
        ann.Network()
