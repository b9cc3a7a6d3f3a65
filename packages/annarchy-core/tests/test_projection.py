"""Projections: connectors from the registry, weights, delays, dendrites, attributes."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest


@pytest.fixture
def net():
    return ann.Network(dt=0.5, seed=1)


@pytest.fixture
def hebb():
    return ann.Synapse(
        parameters=dict(eta=0.1, k=ann.Parameter(2.0, locality="semiglobal")),
        equations="dw/dt = eta * pre.r * post.r",
    )


def test_all_to_all_structure_before_compile(net, rate_neuron, hebb):
    a = net.create(3, rate_neuron)
    b = net.create(2, rate_neuron)
    proj = net.connect(a, b, "exc", hebb)
    assert proj.size == 0 and proj.nb_synapses == 0 and proj.delay is None
    assert proj.all_to_all(weights=0.5) is proj
    assert proj.size == 2 and proj.nb_synapses == 6 and len(proj) == 2
    assert proj.post_ranks == [0, 1] and proj.pre_ranks == [[0, 1, 2], [0, 1, 2]]
    assert proj.nb_synapses_per_dendrite == [3, 3]
    assert proj.w == [[0.5] * 3, [0.5] * 3]
    assert proj.eta == 0.1 and proj.k == [2.0, 2.0]
    assert proj.attributes == ["eta", "k", "w"] and proj.parameters == ["eta", "k"]
    assert proj.variables == ["w"]
    assert b.targets == ["exc"]


def test_setting_local_semiglobal_global(net, rate_neuron, hebb):
    a, b = net.create(3, rate_neuron), net.create(2, rate_neuron)
    proj = net.connect(a, b, "exc", hebb)
    proj.all_to_all(weights=ann.Uniform(0.0, 1.0))
    proj.w = [[1, 2, 3], [4, 5, 6]]
    assert proj.w == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    proj.w = [7.0, 8.0]  # one value per dendrite
    assert proj.w == [[7.0] * 3, [8.0] * 3]
    proj.w = np.arange(6.0).reshape(2, 3)
    assert proj.dendrite(1).w == [3.0, 4.0, 5.0]
    proj.k = [1.0, 3.0]
    assert proj.k == [1.0, 3.0] and proj.dendrite(1).k == 3.0
    proj.set({"eta": 0.5})
    assert proj.get("eta") == 0.5
    with pytest.raises(ann.InvalidConfiguration, match="row 1 has 2 values for 3"):
        proj.w = [[1, 2, 3], [4, 5]]
    with pytest.raises(ann.InvalidConfiguration, match="semiglobal"):
        proj.k = [1.0, 2.0, 3.0]
    with pytest.raises(ann.InvalidConfiguration, match="global"):
        proj.eta = [1.0, 2.0]


def test_single_weight_is_global(net, rate_neuron):
    a, b = net.create(3, rate_neuron), net.create(3, rate_neuron)
    proj = net.connect(a, b, "exc")
    proj.all_to_all(weights=0.5)
    assert proj.w == 0.5 and proj.dendrite(0).w == 0.5
    with pytest.raises(ann.InvalidConfiguration, match="force_multiple_weights"):
        proj.w = [[1.0, 2.0], [1.0, 2.0], [1.0, 2.0]]
    multi = net.connect(a, b, "exc")
    multi.all_to_all(weights=0.5, force_multiple_weights=True)
    assert multi.w == [[0.5, 0.5, 0.5]] * 3
    rand = net.connect(a, b, "exc").all_to_all(weights=ann.Uniform(0.0, 1.0))
    assert len(rand.w[0]) == 3 and len(set(rand.w[0])) == 3


def test_uniform_and_random_delays(net, rate_neuron):
    a, b = net.create(3, rate_neuron), net.create(3, rate_neuron)
    p0 = net.connect(a, b, "exc").all_to_all(1.0)
    p1 = net.connect(a, b, "exc").one_to_one(1.0, delays=1.26)
    p2 = net.connect(a, b, "exc").from_matrix(
        [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]],
        delays=[[0.0, 0.2, 1.0], [2.0, 2.0, 2.0], [0.5, 0.5, 0.5]],
    )
    # as the reference: 0 ms reads as dt, 1.26 ms -> 3 steps of 0.5 ms
    assert (p0.delay, p0.uniform_delay, p0.max_delay) == (0.5, 0, 0)
    assert (p1.delay, p1.uniform_delay, p1.max_delay) == (1.5, 3, 3)
    assert p2.uniform_delay == -1 and p2.max_delay == 4
    assert p2.delay == [[0.0, 0.0, 1.0], [2.0, 2.0, 2.0], [0.5, 0.5, 0.5]]


def test_views_in_projection(net, rate_neuron):
    a, b = net.create(4, rate_neuron), net.create(4, rate_neuron)
    proj = net.connect(a[0:2], b[1:3], "exc").all_to_all(0.5)
    assert proj.post_ranks == [1, 2] and proj.pre_ranks == [[0, 1], [0, 1]]
    matrix = proj.connectivity_matrix()
    assert matrix.shape == (4, 4)
    assert matrix.tolist() == [[0] * 4, [0.5, 0.5, 0, 0], [0.5, 0.5, 0, 0], [0] * 4]
    with pytest.raises(ann.InvalidConfiguration, match="rank 0 has no dendrite"):
        proj.dendrite(0)
    assert proj.synapse(1, 2).w == 0.5 and proj.synapse(3, 2) is None


def test_dendrite_access(net, rate_neuron, hebb):
    a, b = net.create((2, 2), rate_neuron), net.create(2, rate_neuron)
    proj = net.connect(a, b, "exc", hebb).all_to_all(weights=1.0)
    d = proj.dendrite(1)
    assert (d.post_rank, d.size, d.pre_ranks) == (1, 4, [0, 1, 2, 3])
    d.w = [1.0, 2.0, 3.0, 4.0]
    assert proj.w[1] == [1.0, 2.0, 3.0, 4.0] and proj.w[0] == [1.0] * 4
    assert d.receptive_field().tolist() == [[1.0, 2.0], [3.0, 4.0]]
    syn = d.synapse((1, 0))
    assert syn.pre_rank == 2 and syn.w == 3.0
    syn.w = 9.0
    assert proj.w[1][2] == 9.0
    assert [x.post_rank for x in proj.dendrites] == [0, 1] and proj[0].post_rank == 0
    with pytest.raises(ann.ANNarchyException, match="structural_plasticity=True"):
        d.create_synapse(0)


def test_errors(net, rate_neuron, spike_neuron, hebb):
    a, b = net.create(3, rate_neuron), net.create(3, rate_neuron)
    proj = net.connect(a, b, "exc", hebb)
    with pytest.raises(ann.InvalidConfiguration, match="connector method"):
        _ = proj.w
    with pytest.raises(ann.UnknownAttributeError, match="all_to_all"):
        proj.not_a_connector(1.0)
    with pytest.raises(ann.InvalidConfiguration, match="unknown storage_format 'xyz'"):
        proj.all_to_all(1.0, storage_format="xyz")
    with pytest.raises(ann.InvalidConfiguration, match="storage_order"):
        net.connect(a, b, "exc", storage_order="rows")
    with pytest.raises(ann.InvalidConfiguration, match="target"):
        net.connect(a, b, "")
    stdp = ann.Synapse(pre_spike="g_target += w")
    with pytest.raises(ann.InvalidConfiguration, match="rate-coded"):
        net.connect(a, b, "exc", stdp)
    s = net.create(3, spike_neuron)
    spiking = net.connect(s, s, "exc").fixed_number_pre(1, weights=1.0)
    assert spiking.synapse_type.pre_spike == "g_target += w"


def test_weight_changed_by_events_stays_local(net, spike_neuron):
    import sympy as sp
    from annarchy_parser.ir import Assign, SynapseIR

    s = net.create(2, spike_neuron)
    stdp = ann.Synapse(pre_spike="g_target += w\nw = w + 0.1")
    proj = net.connect(s, s, "exc", stdp)
    ir = proj._ir
    plastic = SynapseIR(
        name=ir.name,
        kind="spike",
        attributes=ir.attributes,
        updates=ir.updates,
        pre_spike=(Assign("w", sp.Symbol("w") + 0.1),),
    )
    proj._ir = plastic  # as the parser gives it: w assigned in pre_spike
    proj.all_to_all(weights=0.5)
    assert proj.w == [[0.5], [0.5]]
