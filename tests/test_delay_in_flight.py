"""Per-synapse delays of a spiking projection changed while spikes are in flight.

As in the reference, a spike keeps the delay its synapse had when the spike was queued (the step
after its emission): a later ``proj.delay = ...`` changes the delays of the spikes emitted from
then on only. Expected values come from the reference implementation (ANNarchy 5.0.4.1,
``tools/oracle``) where it runs the case.
"""

from __future__ import annotations

import ANNarchy as ann
import numpy as np

#: neuron ``i`` spikes once, at t = ts[i]
CLOCK = ann.Neuron(parameters="ts = 0.0", equations="x = t", spike="abs(x - ts) < 0.1", reset="")
#: adds what arrives at each step: v jumps by the weight of each spike delivered
SUM = ann.Neuron(equations="v = v + g_exc", spike="v > 1e12", reset="v = 0.0")
WEIGHTS = [[1.0, 10.0, 100.0], [1000.0, 10000.0, 100000.0]]


def network(backend, delays):
    """3 clocks (spikes at 2, 4, 6 ms) -> 2 summing neurons, all-to-all, per-synapse delays."""
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    pre = net.create(3, CLOCK)
    post = net.create(2, SUM)
    proj = net.connect(pre, post, "exc")
    proj.from_matrix(np.array(WEIGHTS), delays=np.array(delays))
    monitor = net.monitor(post, ["v"])
    net.compile()
    pre.ts = [2.0, 4.0, 6.0]
    return net, pre, proj, monitor


def traces(monitor):
    v = monitor.get("v")
    return v[:, 0].tolist(), v[:, 1].tolist()


# reference: v of both neurons, delays changed at t = 5 and t = 8 (see the test)
ORACLE_V0 = [0.0] * 5 + [1.0] + [11.0] * 4 + [111.0] * 10
ORACLE_V1 = [0.0] * 6 + [1000.0] + [11000.0] * 7 + [111000.0] * 6


def test_spikes_in_flight_keep_their_delay_as_the_reference(backend):
    """Compiled with [[3, 5, 2], [4, 6, 9]]; [[7, 2, 4], [2, 3, 8]] before t = 5 (the spike of
    t = 2 is in flight on every synapse, that of t = 4 is not queued yet: it takes the new
    delays); [[1, 1, 1], [1, 9, 1]] before t = 8 (the spike of t = 6 keeps 4 and 8 ms)."""
    net, _, proj, monitor = network(backend, [[3.0, 5.0, 2.0], [4.0, 6.0, 9.0]])
    net.simulate(5.0)
    proj.delay = [[7.0, 2.0, 4.0], [2.0, 3.0, 8.0]]
    net.simulate(3.0)
    proj.delay = [[1.0, 1.0, 1.0], [1.0, 9.0, 1.0]]
    net.simulate(12.0)
    assert traces(monitor) == (ORACLE_V0, ORACLE_V1)


def test_spikes_in_flight_when_the_history_grows(backend):
    """(The reference's queue keeps the length of compile time: there, delays above it wrap
    around; the manual says the buffers grow, which this follows.) Compiled with at most 3 ms; before t = 4 the spike of t = 2 is in flight (delays 3 and
    2 ms: arrivals at 5 and 4), and the delays grow past the history kept (up to 9 ms): the
    spike of t = 4 arrives at 4 + 9 = 13 and 4 + 7 = 11, that of t = 6 at 6 + 1 and 6 + 8."""
    net, _, proj, monitor = network(backend, [[3.0, 1.0, 1.0], [2.0, 1.0, 1.0]])
    net.simulate(4.0)
    proj.delay = [[5.0, 9.0, 1.0], [5.0, 7.0, 8.0]]
    net.simulate(16.0)
    assert proj.max_delay == 9
    v0, v1 = traces(monitor)
    assert np.flatnonzero(np.diff([0.0, *v0])).tolist() == [5, 7, 13]
    assert np.flatnonzero(np.diff([0.0, *v1])).tolist() == [4, 11, 14]
    assert (v0[-1], v1[-1]) == (111.0, 111000.0)


def test_reset_forgets_the_spikes_in_flight(backend):
    """After ``reset()`` the spikes queued by a change of delays are not delivered again; the
    delays set last apply to every spike."""
    net, pre, proj, monitor = network(backend, [[3.0, 5.0, 2.0], [4.0, 6.0, 9.0]])
    net.simulate(5.0)
    proj.delay = [[7.0, 2.0, 4.0], [2.0, 3.0, 8.0]]
    net.reset()
    monitor.get("v")
    pre.ts = [2.0, 4.0, 6.0]  # (reset() restored the values at compile)
    net.simulate(20.0)
    v0, v1 = traces(monitor)
    assert np.flatnonzero(np.diff([0.0, *v0])).tolist() == [6, 9, 10]
    assert np.flatnonzero(np.diff([0.0, *v1])).tolist() == [4, 7, 14]


def test_created_synapse_with_a_longer_delay_grows_the_history(backend):
    """``create_synapse(rank, w, delay)`` above the largest delay at compile (3 ms): the spike
    history grows and the new synapse transmits with its own delay (7 ms: the spike of t = 4
    arrives at 11), the others keep theirs."""
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend, structural_plasticity=True)
    pre = net.create(3, CLOCK)
    post = net.create(2, SUM)
    proj = net.connect(pre, post, "exc")
    weights = np.array([[1.0, None, 100.0], [1000.0, 10000.0, 100000.0]])
    proj.from_matrix(weights, delays=np.array([[3.0, 1.0, 1.0], [2.0, 1.0, 1.0]]))
    monitor = net.monitor(post, ["v"])
    net.compile()
    pre.ts = [2.0, 4.0, 6.0]
    net.simulate(3.0)
    proj.dendrite(0).create_synapse(1, 10.0, 7.0)
    assert (proj.delay[0], proj.max_delay) == ([3.0, 7.0, 1.0], 7)
    net.simulate(17.0)
    v0, v1 = traces(monitor)
    assert np.flatnonzero(np.diff([0.0, *v0])).tolist() == [5, 7, 11]
    assert np.flatnonzero(np.diff([0.0, *v1])).tolist() == [4, 5, 7]
    assert (v0[-1], v1[-1]) == (111.0, 111000.0)


def test_spikes_in_flight_follow_their_synapse_when_synapses_are_pruned(backend):
    """The spike of t = 2 is in flight when the delays change before t = 5; pruning the
    synapse 1 -> 0 then moves the later synapses in memory: the spike still reaches 0 at 5
    (weight 1) and 1 at 6 (weight 1000, not the 10000 of the synapse now at its old place)."""
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend, structural_plasticity=True)
    pre = net.create(3, CLOCK)
    post = net.create(2, SUM)
    proj = net.connect(pre, post, "exc")
    proj.from_matrix(np.array(WEIGHTS), delays=np.array([[3.0, 5.0, 2.0], [4.0, 6.0, 9.0]]))
    monitor = net.monitor(post, ["v"])
    net.compile()
    pre.ts = [2.0, 4.0, 6.0]
    net.simulate(5.0)
    proj.delay = [[7.0, 2.0, 4.0], [2.0, 3.0, 8.0]]
    proj.dendrite(0).prune_synapse(1)
    net.simulate(15.0)
    v0, v1 = traces(monitor)
    assert np.flatnonzero(np.diff([0.0, *v0])).tolist() == [5, 10]
    assert np.flatnonzero(np.diff([0.0, *v1])).tolist() == [6, 7, 14]
    assert (v0[5], v0[-1], v1[6], v1[7], v1[-1]) == (1.0, 101.0, 1000.0, 11000.0, 111000.0)


RAMP = ann.Neuron(
    parameters=dict(k=ann.Parameter(3.0, locality="local")),
    equations="v = v + 1",
    spike="v >= k",
    reset="v = 0",
)


def test_random_network_with_repeated_changes_matches_the_reference(backend):
    """12 counters (a spike every k steps) -> 6 summing neurons, 60 % of the synapses, weights
    1-999, delays 1-8 ms, changed 6 times at random while spikes are in flight; the reference
    prints the same total of v over 30+ steps and the same last values (main before this fix:
    4350004)."""
    rng = np.random.default_rng(7)
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    pre = net.create(12, RAMP)
    post = net.create(6, SUM)
    proj = net.connect(pre, post, "exc")
    mask = rng.random((6, 12)) < 0.6
    weights = np.where(mask, rng.integers(1, 1000, (6, 12)).astype(float), None)
    delays = rng.integers(1, 9, (6, 12)).astype(float)
    delays[0, 0] = 8.0
    proj.from_matrix(weights, delays=delays)
    monitor = net.monitor(post, ["v"])
    net.compile()
    pre.k = rng.integers(2, 7, 12).astype(float)
    pre.v = rng.integers(0, 3, 12).astype(float)
    for _ in range(6):
        net.simulate(float(rng.integers(1, 5)))
        sizes = [len(proj.dendrite(i).pre_ranks) for i in range(6)]
        proj.delay = [[float(x) for x in rng.integers(1, 9, n)] for n in sizes]
    net.simulate(20.0)
    v = monitor.get("v")
    assert float(v.sum()) == 4293753.0  # reference
    assert v[-1].tolist() == [41275.0, 28391.0, 52220.0, 38197.0, 41894.0, 44411.0]


def test_created_synapse_gets_no_spike_emitted_before_it_existed(backend):
    """The spike of neuron 0 at t = 2 is in flight (delays 3 and 2 ms); a synapse 0 -> 0 created
    before t = 4 with a delay of 5 ms would find it in the history (2 + 5 >= 4), but the spike was
    queued before the synapse existed: only the spikes of t = 4 and 6 use it."""
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend, structural_plasticity=True)
    pre = net.create(3, CLOCK)
    post = net.create(2, SUM)
    proj = net.connect(pre, post, "exc")
    weights = np.array([[None, 10.0, 100.0], [1000.0, 10000.0, 100000.0]])
    proj.from_matrix(weights, delays=np.array([[1.0, 1.0, 1.0], [2.0, 1.0, 1.0]]))
    monitor = net.monitor(post, ["v"])
    net.compile()
    pre.ts = [2.0, 4.0, 6.0]
    net.simulate(4.0)
    proj.dendrite(0).create_synapse(0, 1.0, 5.0)
    net.simulate(11.0)
    v0, v1 = traces(monitor)
    assert np.flatnonzero(np.diff([0.0, *v0])).tolist() == [5, 7]
    assert (v0[-1], v1[-1]) == (110.0, 111000.0)
