"""Self-connections are avoided as the reference does: by the random patterns only when pre and
post are the same object (``Connector.qmd``), by ``all_to_all`` whenever both sides belong to
one population;
``LILConnectivity.add()`` spreads a single weight or delay over all pre-synaptic ranks."""

from __future__ import annotations

import ANNarchy as ann
import pytest
from ANNarchy.connectors import ConnectorError

RATE = ann.Neuron(parameters="baseline = 0.0", equations="r = baseline")


def _self_synapses(proj) -> int:
    return sum(post in pres for post, pres in zip(proj.post_ranks, proj.pre_ranks, strict=True))


def _net():
    net = ann.Network(dt=1.0, seed=1)
    return net, net.create(20, RATE), net.create(20, RATE)


# (sides, connector, arguments, (synapses, synapses i -> i)): the reference 5.0.4.1 printed
# these for two populations P and Q of 20 neurons and V = P[:10] (p = 1.0: seed-independent).
CASES = {
    "fp_view_P": (lambda P, V: (P[:10], P), "fixed_probability", (1.0, 1.0), (200, 10)),
    "fp_P_P": (lambda P, V: (P, P), "fixed_probability", (1.0, 1.0), (380, 0)),
    "fp_V_V": (lambda P, V: (V, V), "fixed_probability", (1.0, 1.0), (90, 0)),
    "fp_view_view": (lambda P, V: (P[:10], P[:10]), "fixed_probability", (1.0, 1.0), (100, 10)),
    "fp_P_view": (lambda P, V: (P, P[5:15]), "fixed_probability", (1.0, 1.0), (200, 10)),
    "ata_view_P": (lambda P, V: (P[:10], P), "all_to_all", (1.0,), (190, 0)),
    "ata_P_P": (lambda P, V: (P, P), "all_to_all", (1.0,), (380, 0)),
    "ata_V_V": (lambda P, V: (V, V), "all_to_all", (1.0,), (90, 0)),
    "ata_view_view": (lambda P, V: (P[:10], P[:10]), "all_to_all", (1.0,), (90, 0)),
    "ata_P_view": (lambda P, V: (P, P[5:15]), "all_to_all", (1.0,), (190, 0)),
    "ata_view_view2": (lambda P, V: (P[:10], P[5:15]), "all_to_all", (1.0,), (95, 0)),
    "fnpost_view_P": (lambda P, V: (P[:10], P), "fixed_number_post", (20, 1.0), (200, 10)),
    "fnp_V_V": (lambda P, V: (V, V), "fixed_number_pre", (9, 1.0), (90, 0)),
}


@pytest.mark.parametrize("case", list(CASES))
def test_self_connections_only_excluded_for_one_object(case):
    sides, method, args, expected = CASES[case]
    net, pop, _ = _net()
    pre, post = sides(pop, pop[:10])
    proj = getattr(net.connect(pre, post, "exc"), method)(*args)
    assert (proj.nb_synapses, _self_synapses(proj)) == expected


def test_all_to_all_allow_self_and_other_population():
    net, pop, other = _net()
    allowed = net.connect(pop[:10], pop, "a").all_to_all(1.0, allow_self_connections=True)
    assert (allowed.nb_synapses, _self_synapses(allowed)) == (200, 10)  # reference
    view = net.connect(other[:10], other, "b").all_to_all(1.0)
    assert view.nb_synapses == 190  # reference
    between = net.connect(pop, other, "c").all_to_all(1.0)
    assert (between.nb_synapses, _self_synapses(between)) == (400, 20)  # reference


def test_fixed_number_pre_from_a_view_of_post_may_draw_itself():
    """Every pre-synaptic candidate drawn: with P[:10] -> P each of the first ten neurons
    receives its own synapse (the reference excludes none)."""
    net, pop, _ = _net()
    proj = net.connect(pop[:10], pop, "exc").fixed_number_pre(10, 1.0)
    assert (proj.nb_synapses, _self_synapses(proj)) == (200, 10)
    net2, pop2, _ = _net()
    with pytest.raises(ConnectorError, match="exceeds the 19"):
        net2.connect(pop2, pop2, "exc").fixed_number_pre(20, 1.0)


def _lil_function(pre, post, dt):
    lil = ann.LILConnectivity(dt=dt)
    lil.add(0, [1, 2, 3], [0.5], [2.0])  # one value for three ranks
    lil.add(1, [0, 2], 0.25, 3.0)  # scalars
    lil.add(2, [0, 1], [0.1, 0.2], [1.0])
    return lil


def test_lil_single_value_applies_to_every_rank():
    net, pop, _ = _net()
    proj = net.connect(pop, pop, "exc").from_function(_lil_function)
    # the reference printed the same weights for these lists (it refuses the scalars of rank 1,
    # given as [0.25], [3.0] there); it gives its one-element delay lists to the first rank
    # only ([[2, 1, 1], [3, 1], [1, 1]]), the issue asks for every rank as for weights
    assert proj.nb_synapses == 7
    assert proj.w == [[0.5, 0.5, 0.5], [0.25, 0.25], [0.1, 0.2]]
    assert proj.delay == [[2.0, 2.0, 2.0], [3.0, 3.0], [1.0, 1.0]]


def test_lil_wrong_number_of_values_is_refused():
    lil = ann.LILConnectivity()
    with pytest.raises(ConnectorError, match="'w' has 2 values for 3"):
        lil.add(0, [1, 2, 3], [0.5, 0.1])
    with pytest.raises(ConnectorError, match="'d' has 2 values for 3"):
        lil.add(0, [1, 2, 3], 0.5, [1.0, 2.0])
