"""Event statements (a neuron's reset, a synapse's ``pre_spike``/``post_spike``) that write a
global variable: each event sees the value the previous one left, in order, as in the
reference (expected numbers printed by the reference 5.0.4.1 for these scripts). These models
did not compile before ("assignment of read-only variable")."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest


def counting_network():
    neuron = ann.Neuron(
        equations=[
            ann.Variable("v = v + 1", locality="local"),
            ann.Variable("g = g + 0", locality="global"),
        ],
        spike="v > 3",
        reset="v = 0\ng = g + 1",
    )
    net = ann.Network()
    pop = net.create(5, neuron)
    return net, pop


def synapse_network():
    pre = ann.Neuron(equations="v = v + 1", spike="v > 3", reset="v = 0")
    post = ann.Neuron(equations="v = v + 1", spike="v > 5", reset="v = 0")
    synapse = ann.Synapse(
        equations=[
            ann.Variable("c = c", locality="global"),
            ann.Variable("d = d", locality="semiglobal"),
        ],
        pre_spike="g_target += w\nc = c + 1\nd = d + w",
        post_spike="c = c + 100",
    )
    net = ann.Network()
    p = net.create(3, pre)
    q = net.create(2, post)
    proj = net.connect(p, q, "exc", synapse)
    proj.all_to_all(0.5)
    return net, proj


@pytest.mark.parametrize("threads", [1, 2])
def test_reset_increments_a_global_variable_once_per_spike(threads):
    net, pop = counting_network()
    net.config(num_threads=threads)
    net.compile()
    net.simulate(10.0)  # 5 neurons spike at steps 4 and 9
    assert pop.g == 10.0


@pytest.mark.parametrize("threads", [1, 2])
def test_pre_and_post_spike_write_global_and_semiglobal_variables(threads):
    net, proj = synapse_network()
    net.config(num_threads=threads)
    net.compile()
    net.simulate(20.0)
    assert proj.c == 1824.0
    np.testing.assert_array_equal(proj.d, [6.0, 6.0])
