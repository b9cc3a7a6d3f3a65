"""What the numpy backend does not interpret is refused at compile(), naming the backend, the
object and the feature; it imports only the public surface of ANNarchy."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import ANNarchy as ann
import annarchy_numpy
import pytest
from ANNarchy.errors import BackendCapabilityError, InvalidConfiguration
from ANNarchy.plugin import SpecialIR
from annarchy_numpy import NumpyBackend

LIF = ann.Neuron(
    parameters="tau = 10.0",
    equations="tau * dv/dt = -v + g_exc + 2.0",
    spike="v > 1.0",
    reset="v = 0.0",
)


def _net():
    net = ann.Network(dt=1.0)
    net.config(paradigm="numpy")
    return net


def test_native_code_of_a_plugin_is_refused(fake_backend):
    net = ann.Network(dt=1.0)
    net.config(paradigm="fake")
    net.create(3, LIF, name="inputs")
    net.compile(silent=True)
    ir = fake_backend.generated
    special = dataclasses.replace(ir.populations[0], special=SpecialIR("spike_times"))
    ir = dataclasses.replace(ir, populations=(special,))
    with pytest.raises(BackendCapabilityError, match="'numpy' backend.*'spike_times'.*'inputs'"):
        NumpyBackend().generate(ir)


def test_structural_plasticity_is_refused():
    net = _net()
    pop = net.create(3, LIF)
    syn = ann.Synapse(pruning="w < 0.1", pre_spike="g_target += w")
    net.connect(pop, pop, "exc", syn, name="pruned").all_to_all(weights=0.5)
    with pytest.raises(BackendCapabilityError, match="structural plasticity.*'pruned'"):
        net.compile(silent=True)


def test_axonal_spikes_are_refused():
    net = _net()
    neuron = ann.Neuron(
        equations="dv/dt = 1.0", spike="v > 1.0", reset="v = 0.0", axon_spike="v > 0.5"
    )
    net.create(2, neuron, name="axons")
    with pytest.raises(BackendCapabilityError, match="axonal spikes.*'axons'"):
        net.compile(silent=True)


def test_random_draws_in_spike_events_are_refused():
    net = _net()
    pop = net.create(2, LIF)
    syn = ann.Synapse(pre_spike="g_target += w * Uniform(0.0, 1.0)")
    net.connect(pop, pop, "exc", syn, name="noisy").all_to_all(weights=0.5)
    with pytest.raises(BackendCapabilityError, match="random numbers in pre_spike.*'noisy'"):
        net.compile(silent=True)


def test_random_draws_in_psp_are_a_model_error():
    net = _net()
    pop = net.create(2, ann.Neuron(equations="r = 1.0 + sum(exc)"))
    syn = ann.Synapse(psp="w * pre.r * Uniform(0.0, 1.0)", name="noisy_psp")
    net.connect(pop, pop, "exc", syn).all_to_all(weights=0.5)
    with pytest.raises(InvalidConfiguration, match="random draws cannot be used in psp"):
        net.compile(silent=True)


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_only_the_public_surface_of_annarchy_is_imported():
    allowed = {"ANNarchy", "ANNarchy.plugin", "ANNarchy.errors", "annarchy_parser.ir"}
    package = Path(annarchy_numpy.__file__).parent
    used = set().union(*(_imports(p) for p in package.glob("*.py")))
    annarchy = {n for n in used if n.split(".")[0] in ("ANNarchy", "annarchy_parser")}
    assert annarchy <= allowed, annarchy - allowed
    assert "ANNarchy.plugin" in annarchy
