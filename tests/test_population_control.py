"""Populations after compile: compute_firing_rate(), enable()/disable() (and ``enabled``),
clear() of spiking populations and of SpikeSourceArray.

Expected numbers were printed by the reference implementation (ANNarchy 5.0.4.1) running the
same scripts (dt = 1 ms). One difference by design: a population disabled right after it
emitted delayed spikes does not deliver them again at every step (the reference does).
"""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.errors import InvalidConfiguration
from annarchy_codegen.population_control import moved_bits

# v grows by I per step and spikes above 0.99: I = 0.25 spikes every 4 steps from step 3
STEPPER = ann.Neuron(parameters="I = 0.0", equations="v = v + I", spike="v > 0.99", reset="v = 0")
STEPPER_REFR = ann.Neuron(
    parameters="I = 0.0",
    equations="v = v + I",
    spike="v > 0.99",
    reset="v = 0",
    refractory=3.0,
)
RECEIVER = ann.Neuron(equations="v = v + g_exc + 100*g_inh", spike="v > 1e9")
COUNTER = ann.Neuron(equations="r = r + 1")
SUMMER = ann.Neuron(equations="r = sum(exc)")


def _rate_net():
    net = ann.Network(dt=1.0)
    net.config(paradigm="openmp")
    pop = net.create(3, STEPPER)
    pop.I = [0.25, 0.5, 0.0]
    pop.compute_firing_rate(10.0)  # before compile
    pop_b = net.create(2, STEPPER)
    pop_b.I = [0.25, 1.0]
    syn = ann.Synapse(equations="x = pre.r + 2*post.r")
    proj = net.connect(pop_b, pop, "exc", syn)
    proj.all_to_all(weights=0.0)
    m, m_b = net.monitor(pop, ["r", "spike"]), net.monitor(pop_b, "r")
    net.compile(silent=True)
    return net, pop, pop_b, proj, m, m_b


def test_compute_firing_rate_counts_spikes_of_the_sliding_window():
    net, pop, pop_b, proj, m, m_b = _rate_net()
    assert np.array_equal(pop.r, [0, 0, 0]) and np.array_equal(pop_b.r, [0, 0])
    net.simulate(5)
    pop_b.compute_firing_rate(7.5)  # after compile: 7 steps, r = count * 1000 / 7.5
    net.simulate(15)
    pop.compute_firing_rate(4.0)  # a shorter window keeps the spikes of its last 4 steps
    net.simulate(10)
    r, r_b = m.get("r"), m_b.get("r")
    assert m.get("spike")[0] == [3, 7, 11, 15, 19, 23, 27]
    expected0 = [0, 0, 0, 100, 100, 100, 100, 200, 200, 200, 200, 300, 300, 200, 200, 300, 300]
    expected0 += [200, 200, 300] + [250] * 10
    assert np.array_equal(r[:, 0], expected0)
    assert np.array_equal(r[:, 1], [0, 100, 100, 200, 200, 300, 300, 400, 400] + [500] * 21)
    assert np.array_equal(r[:, 2], np.zeros(30))
    third = 1000.0 / 7.5
    expected_b1 = [0] * 5 + [third * k for k in range(1, 8)] + [7 * third] * 18
    assert np.allclose(r_b[:, 1], expected_b1, rtol=0, atol=1e-9)
    assert np.allclose(r_b[7:11, 0], third) and np.allclose(r_b[11:14, 0], 2 * third)
    assert np.allclose(r_b[:7, 0], 0) and np.isclose(r_b[14, 0], third)


def test_firing_rate_is_read_by_synapses_and_reset_keeps_the_window():
    net, pop, _, proj, _, _ = _rate_net()
    net.simulate(30)
    # x = pre.r + 2 * post.r after the last step: pop_b computes no rate (r = 0), post r of
    # neurons 0 and 1 over the last 10 steps: 200 (spikes 23, 27) and 500
    assert np.array_equal(proj.dendrite(0).x, [400.0, 400.0])
    assert np.array_equal(proj.dendrite(1).x, [1000.0, 1000.0])
    net.reset()
    assert np.array_equal(pop.r, [0, 0, 0])
    net.simulate(3)  # the history is gone, the window (10 ms) stays: one spike of neuron 1
    assert np.array_equal(pop.r, [0, 100, 0])


def test_firing_rate_matches_reference_with_both_windows_changed():
    net, pop, pop_b, proj, _, _ = _rate_net()
    net.simulate(5)
    pop_b.compute_firing_rate(7.5)
    net.simulate(15)
    pop.compute_firing_rate(4.0)
    net.simulate(10)
    assert np.allclose(proj.dendrite(0).x, [766.666667, 1433.333333], atol=1e-6)
    assert np.allclose(proj.dendrite(1).x, [1266.666667, 1933.333333], atol=1e-6)
    net.reset()
    net.simulate(3)
    assert np.array_equal(pop.r, [0, 250, 0])


def test_compute_firing_rate_refuses_bad_input():
    net = ann.Network(dt=1.0)
    rate = net.create(2, COUNTER, name="rates")
    spiking = net.create(2, STEPPER, name="spiking")
    with pytest.raises(InvalidConfiguration, match="'rates'.*spiking neurons"):
        rate.compute_firing_rate(10.0)
    for window in (0.0, -5.0, "ten"):
        with pytest.raises(InvalidConfiguration, match="window > 0"):
            spiking.compute_firing_rate(window)
    spiking.compute_firing_rate(0.5)  # less than one step
    with pytest.raises(InvalidConfiguration, match="at least one step"):
        net.compile(silent=True)


def test_moved_bits_keeps_the_spikes_of_the_new_window():
    # neuron 0 spiked at steps 7 and 9, neuron 1 at 8 (ring of 4 steps, now = step 10)
    old = np.zeros((2, 4), dtype=np.uint8)
    old[0, 7 % 4] = old[0, 9 % 4] = old[1, 8 % 4] = 1
    bits = np.packbits(old, axis=1, bitorder="little").reshape(-1)
    # a ring of `new` steps holds the steps 10 - new .. 9 (the next step drops 10 - new)
    for new, kept in ((1, [[9], []]), (2, [[9], [8]]), (3, [[7, 9], [8]]), (12, [[7, 9], [8]])):
        moved = moved_bits(bits, 2, 4, new, 10)
        flags = np.unpackbits(moved.reshape(2, -1), axis=1, bitorder="little")[:, :new]
        for rank in range(2):
            assert sorted(np.flatnonzero(flags[rank])) == sorted(s % new for s in kept[rank])


def _switch_net(backend):
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    src = net.create(ann.SpikeSourceArray(spike_times=[[2.0 * k for k in range(1, 13)]]))
    pre = net.create(1, STEPPER_REFR)
    pre.I = 0.34
    post = net.create(1, RECEIVER)
    rp, rp2 = net.create(1, COUNTER), net.create(1, SUMMER)
    net.connect(src, post, "exc").all_to_all(1.0)
    net.connect(pre, post, "inh").all_to_all(1.0, delays=3.0)
    net.connect(rp, rp2, "exc").all_to_all(1.0)
    mons = [net.monitor(p, v) for p, v in ((src, "spike"), (pre, "spike"), (post, "v"))]
    mons += [net.monitor(rp, "r"), net.monitor(rp2, "r")]
    net.compile(silent=True)
    return net, (src, pre, post, rp, rp2), mons


@pytest.mark.parametrize("use_attribute", [False, True])
def test_disabled_populations_are_frozen_and_receive_nothing(backend, use_attribute):
    net, (src, pre, post, rp, rp2), (m_src, m_pre, m_post, m_rp, m_rp2) = _switch_net(backend)

    def switch(pops, flag):
        for p in pops:
            if use_attribute:
                p.enabled = flag  # after compile, the same as enable()/disable()
            else:
                p.enable() if flag else p.disable()

    net.simulate(6)
    switch((src, pre, rp), False)
    net.simulate(6)
    assert not src.enabled and pre.v[0] == 0.0
    switch((src, pre, rp), True)
    switch((post, rp2), False)
    net.simulate(6)
    switch((post, rp2), True)
    net.simulate(12)
    # the source's clock stands still while it is disabled: 6..22 come 6 steps later
    assert m_src.get("spike")[0] == [2, 4, 12, 14, 16, 18, 20, 22, 24, 26, 28]
    assert m_pre.get("spike")[0] == [2, 14, 20, 26]
    post_v = [0, 0, 0, 1, 1] + [102] * 14 + [103, 103, 104, 104, 205, 205, 206, 206, 207, 207, 308]
    assert np.array_equal(m_post.get("v")[:, 0], post_v)
    assert np.array_equal(m_rp.get("r")[:, 0], [1, 2, 3, 4, 5] + [6] * 7 + list(range(7, 25)))
    rp2_r = list(range(0, 7)) + [6] * 11 + list(range(12, 24))
    assert np.array_equal(m_rp2.get("r")[:, 0], rp2_r)


def test_disabled_before_compile_starts_disabled(backend):
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    rp = net.create(1, COUNTER)
    src = net.create(ann.SpikeSourceArray(spike_times=[1.0, 3.0]))
    rp.enabled = False
    src.disable()
    m = net.monitor(src, "spike")
    net.compile(silent=True)
    net.simulate(5)
    assert rp.r[0] == 0.0 and m.get("spike") == {0: []}
    rp.enable()
    src.enable()
    net.simulate(5)
    assert rp.r[0] == 5.0 and m.get("spike")[0] == [6, 8]  # the schedule starts at step 5


def test_clear_forgets_spikes_refractoriness_and_spikes_in_flight(backend):
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    src = net.create(ann.SpikeSourceArray(spike_times=[[3.0, 8.0, 13.0]]))
    pre = net.create(1, STEPPER_REFR)
    pre.I = 0.34
    post = net.create(1, RECEIVER)
    net.connect(src, post, "exc").all_to_all(1.0, delays=4.0)
    net.connect(pre, post, "inh").all_to_all(1.0, delays=3.0)
    m_src, m_pre, m_post = (
        net.monitor(p, v) for p, v in ((src, "spike"), (pre, "spike"), (post, "v"))
    )
    net.compile(silent=True)
    net.simulate(10)
    # pre spiked at 8 and is refractory until 11; both spikes of step 8 are in flight
    src.clear()
    pre.clear()
    net.simulate(20)
    assert m_src.get("spike")[0] == [3, 8, 13, 18, 23]  # the schedule restarts at step 10
    assert m_pre.get("spike")[0] == [2, 8, 12, 18, 24]
    post_v = [0, 0, 0, 0, 0, 100, 100] + [101] * 8 + [201, 201, 202, 202, 202, 202, 302]
    post_v += [303] * 5 + [404] * 3
    assert np.array_equal(m_post.get("v")[:, 0], post_v)


def test_clear_empties_the_firing_rate_window():
    net = ann.Network(dt=1.0)
    net.config(paradigm="openmp")
    pre = net.create(1, STEPPER_REFR)
    pre.I = 0.34
    pre.compute_firing_rate(10.0)
    m = net.monitor(pre, "r")
    net.compile(silent=True)
    net.simulate(10)
    assert pre.r[0] == 200.0
    pre.clear()
    assert pre.r[0] == 200.0  # r is computed again at the next step
    net.simulate(20)
    expected = [0, 0, 100, 100, 100, 100, 100, 100, 200, 200, 0, 0, 100, 100, 100, 100, 100, 100]
    expected += [200, 200, 200, 200, 100, 100, 200, 200, 200, 200, 100, 100]
    assert np.array_equal(m.get("r")[:, 0], expected)
