"""``compute_firing_rate(window)`` on every installed backend (the cuda backend runs it on a
GPU, skipped without one): the numbers of ``test_population_control`` (openmp, the same as
the reference's), with the windows changed after compile, ``pre.r``/``post.r`` read by a
synapse, ``reset()`` and ``clear()``."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np

# v grows by I per step and spikes above 0.99: I = 0.25 spikes every 4 steps from step 3
STEPPER = ann.Neuron(parameters="I = 0.0", equations="v = v + I", spike="v > 0.99", reset="v = 0")


def rate_net(backend):
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    pop = net.create(3, STEPPER)
    pop.I = [0.25, 0.5, 0.0]
    pop.compute_firing_rate(10.0)  # before compile
    pop_b = net.create(2, STEPPER)
    pop_b.I = [0.25, 1.0]
    syn = ann.Synapse(equations="x = pre.r + 2*post.r")
    proj = net.connect(pop_b, pop, "exc", syn)
    proj.all_to_all(weights=0.0)
    m, m_b = net.monitor(pop, "r"), net.monitor(pop_b, "r")
    net.compile(silent=True)
    return net, pop, pop_b, proj, m, m_b


def test_firing_rate_over_sliding_windows(backend):
    net, pop, pop_b, proj, m, m_b = rate_net(backend)
    net.simulate(5)
    pop_b.compute_firing_rate(7.5)  # after compile: 7 steps, r = count * 1000 / 7.5
    net.simulate(15)
    pop.compute_firing_rate(4.0)  # a shorter window keeps the spikes of its last 4 steps
    net.simulate(10)
    r, r_b = m.get("r"), m_b.get("r")
    expected0 = [0, 0, 0, 100, 100, 100, 100, 200, 200, 200, 200, 300, 300, 200, 200, 300, 300]
    expected0 += [200, 200, 300] + [250] * 10
    assert np.array_equal(r[:, 0], expected0)
    assert np.array_equal(r[:, 1], [0, 100, 100, 200, 200, 300, 300, 400, 400] + [500] * 21)
    assert np.array_equal(r[:, 2], np.zeros(30))
    third = 1000.0 / 7.5
    expected_b1 = [0] * 5 + [third * k for k in range(1, 8)] + [7 * third] * 18
    assert np.allclose(r_b[:, 1], expected_b1, rtol=0, atol=1e-9)
    # x = pre.r + 2 * post.r (the reference's numbers)
    assert np.allclose(proj.dendrite(0).x, [766.666667, 1433.333333], atol=1e-6)
    assert np.allclose(proj.dendrite(1).x, [1266.666667, 1933.333333], atol=1e-6)
    net.reset()
    net.simulate(3)  # the history is gone, the windows stay
    assert np.array_equal(pop.r, [0, 250, 0])
    pop.clear()  # forgets the spike of neuron 1 at step 1 (without: 500 after step 3)
    net.simulate(1)  # both spike at step 3
    assert np.array_equal(pop.r, [250, 250, 0])
    net.simulate(4)  # steps 4-7: neuron 0 spikes at 7, neuron 1 at 5 and 7
    assert np.array_equal(pop.r, [250, 500, 0])
