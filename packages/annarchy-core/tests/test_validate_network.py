"""core.validate: the user errors of a lowered network, found before the backend's generate()."""

from __future__ import annotations

import dataclasses

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.core.lowering import lower
from ANNarchy.plugin import SpecialIR, validate
from annarchy_parser.ir import GlobalOp


def test_fake_backend_reports_generator_errors(fake_backend, rate_neuron):
    net = ann.Network()
    net.config(paradigm="fake")
    pop = net.create(2, rate_neuron)
    syn = ann.Synapse(psp="w * pre.r * Normal(0.0, 1.0)", name="noisy")
    net.connect(pop, pop, "exc", syn).all_to_all(1.0)
    with pytest.raises(ann.InvalidConfiguration, match="Synapse 'noisy': random draws cannot"):
        net.compile(silent=True)
    assert not net.compiled


def test_fake_backend_compiles_a_valid_network(fake_backend, rate_neuron):
    net = ann.Network()
    net.config(paradigm="fake")
    pop = net.create(2, rate_neuron)
    net.connect(pop, pop, "exc").all_to_all(0.5)
    net.compile(silent=True)
    assert net.compiled


def test_spiking_neuron_without_spike_condition(spike_neuron):
    net = ann.Network()
    net.create(3, spike_neuron, name="S")
    ir = lower(net)
    validate(ir)  # valid as lowered
    with pytest.raises(ann.InvalidConfiguration, match="Population 'S': the spiking neuron"):
        validate(_with_neuron(ir, spike=None))


def _with_neuron(ir, **changes):
    pop = ir.populations[0]
    neuron = dataclasses.replace(pop.neuron, **changes)
    return dataclasses.replace(ir, populations=(dataclasses.replace(pop, neuron=neuron),))


def test_reduction_of_a_missing_attribute(rate_neuron):
    net = ann.Network()
    net.create(3, rate_neuron, name="P")
    broken = _with_neuron(lower(net), global_ops=(GlobalOp("_mean_q", "mean", "q"),))
    with pytest.raises(
        ann.InvalidConfiguration, match="mean\\(q\\) in population 'P': q is not an"
    ):
        validate(broken)


class Special(ann.Population):
    """A population bringing native code with the arrays of ``arrays``."""

    arrays: dict = {}

    def _special_ir(self):
        return SpecialIR(kind="demo", data=dict(self.arrays))


@pytest.mark.parametrize(
    "arrays, problem",
    [
        ({"buf": np.zeros(3, np.float32)}, "has dtype float32; use float64"),
        ({"buf": np.zeros((2, 2))}, "has 2 dimensions"),
        ({"r": np.zeros(3)}, "has the name of another array or of an attribute"),
    ],
)
def test_special_arrays(fake_backend, rate_neuron, arrays, problem):
    net = ann.Network()
    net.config(paradigm="fake")
    Special.arrays = arrays
    Special(3, rate_neuron, name="N", net_id=net.id)
    with pytest.raises(
        ann.InvalidConfiguration, match=f"Population 'N': the special array .*{problem}"
    ):
        net.compile(silent=True)
