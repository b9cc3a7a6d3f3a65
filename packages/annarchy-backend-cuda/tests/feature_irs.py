"""NetworkIRs of small networks using the features added after the scenarios (lowered without a
backend): rate-coded input onto spiking neurons, stop conditions, the input objects of
annarchy-inputs, structural plasticity."""

from __future__ import annotations

import numpy as np


def _lower(net):
    from ANNarchy.core.lowering import lower

    return lower(net)


def rate_to_spike_ir():
    """A rate-coded population (r = 2, 3) projected onto two spiking neurons ('exc')."""
    import ANNarchy as ann

    net = ann.Network(dt=1.0)
    src = net.create(2, ann.Neuron(parameters=dict(r=ann.Parameter(1.0, locality="local"))))
    lif = ann.Neuron(equations="dv/dt = -v + g_exc", spike="v > 100.0", reset="v = 0.0")
    dst = net.create(2, lif)
    net.connect(src, dst, "exc").from_matrix([[1.0, 0.5], [None, 2.0]])
    return _lower(net)


def stop_ir(mode: str = "any"):
    """Two rate-coded populations with stop conditions ``r > 1.0 : mode`` and ``r < 0.0``."""
    import ANNarchy as ann

    neuron = ann.Neuron(parameters=dict(k=ann.Parameter(0.1, locality="local")), equations="r += k")
    net = ann.Network(dt=1.0)
    net.create(3, neuron, stop_condition=f"r > 1.0 : {mode}")
    net.create(2, neuron, stop_condition="r + t < 0.0")
    net.create(2, neuron)
    return _lower(net)


def structural_ir():
    """A spiking projection with per-synapse weights and event-driven traces, 'lil' storage."""
    import ANNarchy as ann

    neuron = ann.Neuron(equations="dv/dt = -v + g_exc", spike="v > 1.0", reset="v = 0.0")
    syn = ann.Synapse(
        parameters=dict(tau=10.0),
        equations="dx/dt = -x / tau : event-driven",
        pre_spike="g_target += w\nx += 1.0",
    )
    net = ann.Network(dt=1.0)
    net.config(structural_plasticity=True)
    pre = net.create(3, neuron)
    post = net.create(3, neuron)
    net.connect(pre, post, "exc", syn).from_matrix(
        [[1.0, None, 2.0], [None, 3.0, None], [4.0, 5.0, None]]
    )
    return _lower(net)


def inputs_ir():
    """TimedArray, SpikeSourceArray, CurrentInjection and DecodingProjection in one network."""
    import ANNarchy as ann

    net = ann.Network(dt=1.0)
    timed = net.create(ann.TimedArray(rates=np.array([[1.0, 2.0], [3.0, 4.0]]), schedule=2.0))
    source = net.create(ann.SpikeSourceArray(spike_times=[[1.0, 3.0], [2.0]]))
    lif = ann.Neuron(equations="dv/dt = -v + g_exc", spike="v > 100.0", reset="v = 0.0")
    post = net.create(2, lif)
    rate = net.create(2, ann.Neuron(equations="r = sum(exc)"))
    net.connect(ann.CurrentInjection(timed, post, "exc")).connect_current()
    decoder = net.connect(ann.DecodingProjection(source, rate, "exc", window=2.0))
    decoder.all_to_all(1.0)
    return _lower(net)


def rate_structural_ir():
    """A learning rate-coded projection (CSR storage) of a structurally plastic network."""
    import ANNarchy as ann

    net = ann.Network(dt=1.0)
    net.config(structural_plasticity=True)
    src = net.create(3, ann.Neuron(parameters="r = 1.0"))
    dst = net.create(2, ann.Neuron(equations="r = sum(exc)"))
    syn = ann.Synapse(equations="dw/dt = pre.r * post.r")
    net.connect(src, dst, "exc", syn).from_matrix([[1.0, None, 2.0], [None, 3.0, None]])
    return _lower(net)


def generators_ir():
    """Scheduled spike generators of annarchy-inputs: TimedPoissonPopulation, scheduled
    HomogeneousCorrelatedSpikeTrains (global mu/sigma rows), PoissonPopulation fed through a
    target, InputArray."""
    import ANNarchy as ann

    net = ann.Network(dt=1.0, seed=1)
    net.create(ann.TimedPoissonPopulation(4, rates=[10.0, 200.0], schedule=[0.0, 5.0], period=8.0))
    net.create(
        ann.HomogeneousCorrelatedSpikeTrains(
            4, rates=[10.0, 30.0], corr=[0.3, 0.5], tau=10.0, schedule=[0.0, 5.0], period=8.0
        )
    )
    inputs = net.create(ann.InputArray(geometry=3))
    driven = net.create(ann.PoissonPopulation(3, target="exc"))
    net.connect(inputs, driven, "exc").one_to_one(100.0)
    return _lower(net)


def self_stdp_ir():
    """A spiking population projected onto itself by a rule whose ``pre_spike`` reads both
    ``pre.v`` and ``post.v`` (two pointers to one array in one kernel)."""
    import ANNarchy as ann

    lif = ann.Neuron(equations="dv/dt = -v + g_exc + 2.0", spike="v > 1.0", reset="v = 0.0")
    stdp = ann.Synapse(
        equations=[ann.Variable("dx/dt = -x / 20.0", method="event-driven")],
        pre_spike="g_target += w\nx += 0.01\nw = clip(w - (post.v - pre.v) * 0.001, 0.0, 1.0)",
        post_spike="w = clip(w + x + pre.v * 0.001, 0.0, 1.0)",
    )
    net = ann.Network(dt=0.5)
    pop = net.create(5, lif)
    net.connect(pop, pop, "exc", stdp).all_to_all(weights=0.5)
    return _lower(net)
