"""Individual access on a compiled network: PopulationView / IndividualNeuron arithmetic and
monitors, dendrites, ``proj.synapse()``. The recorded numbers are Euler steps computed by hand
(and identical to the reference 5.0.4.1's)."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest

LEAKY = ann.Neuron(parameters="tau = 10.0 : population\n b = 0.0", equations="tau * dr/dt + r = b")
FIXED = ann.Neuron(parameters="b = 0.0", equations="r = b")
HEBB = ann.Synapse(parameters="eta = 0.1 : projection", equations="dw/dt = eta * pre.r * post.r")


def _net(backend):
    net = ann.Network(dt=1.0, seed=1)
    net.config(paradigm=backend)
    pop = net.create((3, 4), LEAKY)
    out = net.create(2, FIXED)
    proj = net.connect(pop, out, "exc", HEBB)
    proj.all_to_all(weights=0.5)
    return net, pop, out, proj


def _leaky(rank: int, steps: int) -> float:
    """r after ``steps`` Euler steps of 10 dr/dt + r = rank / 10 from r = 0."""
    return rank / 10.0 * (1.0 - 0.9**steps)


def test_view_arithmetic_and_geometry(backend):
    _, pop, out, _ = _net(backend)
    view = pop[1:4] + pop[6:8]
    assert view.ranks.tolist() == [1, 2, 3, 6, 7] and view.geometry is None and len(view) == 5
    assert (pop.neuron(2) + pop.neuron(0)).ranks.tolist() == [0, 2]
    assert 6 in view and 5 not in view and pop.neuron(7) in view and pop[1:3] in view
    assert [n.rank for n in view] == [1, 2, 3, 6, 7]
    assert view.coordinates_from_rank(6) == (1, 2)
    assert pop[1:3, 1:3].rank_from_coordinates((0, 1), local=True) == 6
    assert pop.neuron(1, 2).rank == 6 and pop.neuron(6).coordinates == (1, 2)
    assert repr(pop.neuron(5)).splitlines()[0] == (
        "Neuron of the population pop0 with rank 5 (coordinates (1, 1))."
    )
    assert pop[0:3] != pop[0:3]  # views compare by identity, as the reference
    with pytest.raises(ann.ANNarchyException, match="no geometry"):
        view.rank_from_coordinates((0,), local=True)
    with pytest.raises(ann.ANNarchyException, match="same population"):
        pop[0:2] + out[0:1]


def test_monitors_of_views_neurons_and_dendrites(backend):
    net, pop, out, proj = _net(backend)
    view = pop[1:4] + pop[6:8]
    net.compile(silent=True)
    pop.b = np.arange(12) / 10.0
    out.b = [1.0, 2.0]
    m_view = net.monitor(view, "r")
    m_neuron = net.monitor(pop.neuron(7), "r")
    m_dendrite = net.monitor(proj.dendrite(1), "w")
    net.simulate(3.0)
    expected = [[_leaky(k, s) for k in (1, 2, 3, 6, 7)] for s in (1, 2, 3)]
    np.testing.assert_allclose(m_view.get("r"), expected, rtol=1e-12)
    np.testing.assert_allclose(m_neuron.get("r")[:, 0], [0.07, 0.133, 0.1897], rtol=1e-12)
    # Hebb on the dendrite of out[1] (post.r = 2): w_k += 0.1 * r_k * 2 after each neuron update
    increments = np.cumsum([[0.2 * _leaky(k, s) for k in range(12)] for s in (1, 2, 3)], axis=0)
    w = m_dendrite.get("w")
    assert w.shape == (3, 12)
    np.testing.assert_allclose(w, 0.5 + increments, rtol=1e-12)
    np.testing.assert_allclose(w[:, 1], [0.502, 0.5058, 0.51122], rtol=1e-12)
    # individual access reads the same numbers
    assert proj.synapse(3, 1).w == pytest.approx(0.53366, rel=1e-12)
    assert proj.dendrite(1).synapse((0, 3)).w == proj.synapse(3, 1).w
    assert proj.synapse(3, 1).pre_rank == 3 and proj.synapse(3, 1).post_rank == 1
    assert pop.neuron(7).r == pytest.approx(0.1897, rel=1e-12)
    assert view.r.tolist() == pytest.approx(expected[-1], rel=1e-12)


def test_dendrite_attributes_and_individual_writes(backend):
    net, pop, out, proj = _net(backend)
    net.compile(silent=True)
    dendrite = proj.dendrite(1)
    assert (dendrite.size, len(dendrite), dendrite.post_rank) == (12, 12, 1)
    assert dendrite.pre_ranks == list(range(12)) and len(list(dendrite.synapses)) == 12
    assert dendrite.get("eta") == 0.1 and dendrite.eta == 0.1
    dendrite.w = np.arange(12) / 100.0
    dendrite.synapse(5).w = 2.0
    field = dendrite.receptive_field()
    assert field.shape == (3, 4) and field[1, 1] == 2.0 and field[2, 3] == 0.11
    assert proj.w[0] == [0.5] * 12  # the other dendrite is untouched
    pop.neuron(4).b = 1.0
    (pop.neuron(0) + pop[2, 2:4]).b = [3.0, 4.0, 5.0]
    assert pop.b.ravel().tolist() == [3.0, 0, 0, 0, 1.0, 0, 0, 0, 0, 0, 4.0, 5.0]
    assert proj.synapse(3, 5) is None and proj.synapse(20, 0) is None
    net.disable_learning()
    net.step()
    # one Euler step from r = 0 towards b = 4: r = 4 / 10
    assert pop.neuron(10).r == pytest.approx(0.4)
