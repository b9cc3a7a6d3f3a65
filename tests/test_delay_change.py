"""``proj.delay = ...`` before and after compile(), with the reference's transmission timing.

Expected values come from the reference implementation (ANNarchy 5.0.4.1, ``tools/oracle``):
a rate-coded population whose ``r`` is set by hand before each step feeds a post-synaptic
population through a delayed projection, and ``sum(exc)`` is recorded at every step.
"""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest

OUT = ann.Neuron(equations="r = sum(exc)")
BASE = np.array([100.0, 200.0, 300.0])


def rate_network(backend, delays, per_synapse=False):
    """InputArray(3) -> 3 rate neurons, one-to-one, weight 1; ``delays`` per neuron (ms)."""
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    pre = net.create(ann.InputArray(geometry=3))
    post = net.create(3, OUT)
    proj = net.connect(pre, post, "exc")
    if per_synapse:
        weights = np.full((3, 3), None)
        matrix = np.zeros((3, 3))
        for i in range(3):
            weights[i, i], matrix[i, i] = 1.0, delays[i]
        proj.from_matrix(weights, delays=matrix)
    else:
        proj.one_to_one(weights=1.0, delays=delays)
    monitor = net.monitor(post, ["sum(exc)"])
    net.compile()
    return net, pre, proj, monitor


def run_rate(net, pre, proj, steps, changes):
    """Set r = BASE + t before step t; apply ``changes[t]`` (a delay) before that step."""
    for t in range(steps):
        if t in changes:
            proj.delay = changes[t]
        pre.r = BASE + t
        net.step()


def expected(delays, steps):
    """``sum(exc)`` of neuron i at step t for fixed delays d_i (steps): r_i(t - d_i) =
    BASE_i + t - d_i, and 0 (the value at compile) before step 0."""
    src = np.arange(steps)[:, None] - np.asarray(delays)[None, :]
    return np.where(src >= 0, BASE + src, 0.0).tolist()


# reference: R1 (uniform 2 -> 4 at step 5 -> 1 at step 10)
ORACLE_UNIFORM = [
    [0.0, 0.0, 0.0],
    [0.0, 0.0, 0.0],
    [100.0, 200.0, 300.0],
    [101.0, 201.0, 301.0],
    [102.0, 202.0, 302.0],
    [0.0, 0.0, 0.0],
    [0.0, 0.0, 0.0],
    [103.0, 203.0, 303.0],
    [104.0, 204.0, 304.0],
    [105.0, 205.0, 305.0],
    [109.0, 209.0, 309.0],
    [110.0, 210.0, 310.0],
    [111.0, 211.0, 311.0],
    [112.0, 212.0, 312.0],
    [113.0, 213.0, 313.0],
    [114.0, 214.0, 314.0],
]

# reference: R3 (per-synapse [2, 3, 1] -> [[3], [5], [2]] at step 5 -> [[1], [2], [3]] at 11)
ORACLE_PER_SYNAPSE = [
    [0.0, 0.0, 0.0],
    [0.0, 0.0, 300.0],
    [100.0, 0.0, 301.0],
    [101.0, 200.0, 302.0],
    [102.0, 201.0, 303.0],
    [102.0, 0.0, 303.0],
    [103.0, 0.0, 304.0],
    [104.0, 202.0, 305.0],
    [105.0, 203.0, 306.0],
    [106.0, 204.0, 307.0],
    [107.0, 205.0, 308.0],
    [110.0, 209.0, 308.0],
    [111.0, 210.0, 309.0],
    [112.0, 211.0, 310.0],
    [113.0, 212.0, 311.0],
    [114.0, 213.0, 312.0],
]


def test_uniform_delay_change_matches_the_reference(backend):
    """2 ms -> 4 ms at step 5 (beyond the history kept at compile: it grows, and the steps it
    did not keep read 0) -> 1 ms at step 10; ``delay``, ``max_delay`` and ``uniform_delay``
    as the reference."""
    net, pre, proj, monitor = rate_network(backend, 2.0)
    run_rate(net, pre, proj, 16, {5: 4.0, 10: 1.0})
    assert monitor.get("sum(exc)").tolist() == ORACLE_UNIFORM
    assert (proj.delay, proj.max_delay, proj.uniform_delay) == (1.0, 4, 1)


def test_per_synapse_delays_change_matches_the_reference(backend):
    net, pre, proj, monitor = rate_network(backend, [2.0, 3.0, 1.0], per_synapse=True)
    assert proj.delay == [[2.0], [3.0], [1.0]]
    run_rate(net, pre, proj, 16, {5: [[3], [5], [2]], 11: [[1], [2], [3]]})
    assert monitor.get("sum(exc)").tolist() == ORACLE_PER_SYNAPSE
    assert (proj.delay, proj.max_delay, proj.uniform_delay) == ([[1.0], [2.0], [3.0]], 5, -1)


def test_per_synapse_projection_takes_one_value_for_all(backend):
    """A single value on a projection compiled with per-synapse delays sets every synapse."""
    net, pre, proj, monitor = rate_network(backend, [2.0, 3.0, 1.0], per_synapse=True)
    run_rate(net, pre, proj, 5, {})
    proj.delay = 2.0
    assert proj.delay == [[2.0], [2.0], [2.0]]
    run_rate(net, pre, proj, 3, {})
    # steps 5, 6, 7 read r of steps 3, 4, 5 (the second run_rate sets r = BASE + 0 at step 5)
    sums = monitor.get("sum(exc)")[5:]
    assert sums.tolist() == [[103.0, 203.0, 303.0], [104.0, 204.0, 304.0], [100.0, 200.0, 300.0]]


def test_delay_set_before_compile_decides_the_kind(backend):
    """Before compile, per-synapse delays replace the connector's single delay."""
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    pre = net.create(ann.InputArray(geometry=3))
    post = net.create(3, OUT)
    proj = net.connect(pre, post, "exc").one_to_one(weights=1.0)
    proj.delay = [[3], [5], [2]]
    assert (proj.delay, proj.max_delay, proj.uniform_delay) == ([[3.0], [5.0], [2.0]], 5, -1)
    monitor = net.monitor(post, ["sum(exc)"])
    net.compile()
    run_rate(net, pre, proj, 8, {})
    assert monitor.get("sum(exc)").tolist() == expected([3, 5, 2], 8)


def test_reset_after_the_history_grew(backend):
    """reset() after a delay grew replays the same steps (the grown history restarts from the
    values at compile) and keeps the new delay."""
    net, pre, proj, monitor = rate_network(backend, 2.0)
    run_rate(net, pre, proj, 3, {})
    proj.delay = 5.0
    net.reset()
    monitor.get("sum(exc)")
    run_rate(net, pre, proj, 8, {})
    assert proj.delay == 5.0
    assert monitor.get("sum(exc)").tolist() == expected([5, 5, 5], 8)


def test_delays_that_need_other_code_are_refused(backend):
    """As the reference: no history for a projection compiled with delays of dt, no
    per-synapse delays for one compiled with a single delay."""
    net, pre, proj, _ = rate_network(backend, 1.0)
    with pytest.raises(ann.ANNarchyException, match="delays of one step .dt. and keeps no"):
        proj.delay = 3.0
    proj.delay = 1.0  # unchanged: accepted
    net, pre, proj, _ = rate_network(backend, 2.0)
    with pytest.raises(ann.ANNarchyException, match="cannot take a delay per synapse"):
        proj.delay = [[3], [5], [2]]
    proj.delay = [[3], [3], [3]]  # the same for all synapses: accepted
    assert proj.delay == 3.0


def test_bad_delay_values_are_refused():
    net = ann.Network(dt=1.0)
    pre = net.create(ann.InputArray(geometry=3))
    post = net.create(3, OUT)
    proj = net.connect(pre, post, "exc").one_to_one(weights=1.0)
    with pytest.raises(ann.ANNarchyException, match="one list per dendrite .3"):
        proj.delay = [[1.0], [2.0]]
    with pytest.raises(ann.ANNarchyException, match="row 1 has 2 values for 1 synapses"):
        proj.delay = [[1.0], [2.0, 3.0], [1.0]]
    with pytest.raises(ann.ANNarchyException, match="finite and >= 0"):
        proj.delay = -1.0
    with pytest.raises(ann.ANNarchyException, match="takes a number of ms"):
        proj.delay = "soon"
    assert proj.delay == 1.0


# ---------------------------------------------------------------------------- spiking
LISTEN = ann.Neuron(equations="v = g_exc", spike="v > 1e9")
RAMP = ann.Neuron(equations="v = v + 1", spike="v >= 5", reset="v = 0")
TIMES = [[0.0, 6.0, 12.0, 18.0], [1.0, 9.0, 14.0], [2.0, 10.0, 16.0]]


def spike_network(backend, source, delays, per_synapse=False):
    """3 pre-synaptic neurons -> 3 neurons whose g_exc is recorded, one-to-one, weight 1 (or
    i + 1 with per-synapse delays). ``source``: 'array' (SpikeSourceArray of ``TIMES``) or
    'ramp' (spikes at steps 4, 9, 14...; 5, 10, 15...; 7, 12, 17...)."""
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    if source == "array":
        pre = net.create(ann.SpikeSourceArray(spike_times=TIMES))
    else:
        pre = net.create(3, RAMP)
        pre.v = [0.0, -1.0, -3.0]
    post = net.create(3, LISTEN)
    proj = net.connect(pre, post, "exc")
    if per_synapse:
        weights = np.full((3, 3), None)
        matrix = np.zeros((3, 3))
        for i in range(3):
            weights[i, i], matrix[i, i] = float(i + 1), delays[i]
        proj.from_matrix(weights, delays=matrix)
    else:
        proj.one_to_one(weights=1.0, delays=delays)
    monitor = net.monitor(post, ["g_exc"])
    net.compile()
    return net, proj, monitor


def run_spikes(net, proj, steps, changes):
    for t in range(steps):
        if t in changes:
            proj.delay = changes[t]
        net.step()


def arrivals(monitor):
    """{step: [(neuron, g_exc)]} of the steps where g_exc is not zero."""
    g = monitor.get("g_exc")
    return {
        int(t): [(int(i), float(g[t, i])) for i in np.flatnonzero(g[t])]
        for t in np.flatnonzero(g.any(axis=1))
    }


def test_spiking_uniform_delay_grows_as_the_reference(backend):
    """2 ms -> 4 ms at step 7 (the spike ring grows; the spike of step 5 still arrives, at
    9) -> 1 ms at step 15 (the spikes of step 12 are never delivered)."""
    net, proj, monitor = spike_network(backend, "ramp", 2.0)
    run_spikes(net, proj, 24, {7: 4.0, 15: 1.0})
    assert (proj.delay, proj.max_delay, proj.uniform_delay) == (1.0, 4, 1)
    expected = {6: [(0, 1.0)], 9: [(1, 1.0)], 11: [(2, 1.0)], 13: [(0, 1.0)], 14: [(1, 1.0)]}
    expected.update({15: [(0, 1.0)], 16: [(1, 1.0)], 18: [(2, 1.0)], 20: [(0, 1.0)]})
    expected.update({21: [(1, 1.0)], 23: [(2, 1.0)]})
    assert arrivals(monitor) == expected  # reference: S6


def test_spiking_uniform_delay_shrinks_as_the_reference(backend):
    """SpikeSourceArray, 3 ms -> 2 ms at step 5 -> 3 ms at step 13."""
    net, proj, monitor = spike_network(backend, "array", 3.0)
    run_spikes(net, proj, 24, {5: 2.0, 13: 3.0})
    expected = {3: [(0, 1.0)], 4: [(1, 1.0)], 8: [(0, 1.0)], 11: [(1, 1.0)], 12: [(2, 1.0)]}
    expected.update({13: [(2, 1.0)], 15: [(0, 1.0)], 17: [(1, 1.0)], 19: [(2, 1.0)]})
    expected.update({21: [(0, 1.0)]})
    assert arrivals(monitor) == expected  # reference: S7


def test_spiking_delays_refused_as_the_reference(backend):
    net, proj, monitor = spike_network(backend, "array", 1.0)
    with pytest.raises(ann.ANNarchyException, match="keeps no history"):
        proj.delay = 3.0
    net, proj, monitor = spike_network(backend, "array", 2.0)
    with pytest.raises(ann.ANNarchyException, match="cannot take a delay per synapse"):
        proj.delay = [[3], [5], [2]]
    run_spikes(net, proj, 24, {})
    expected = {2: [(0, 1.0)], 3: [(1, 1.0)], 4: [(2, 1.0)], 8: [(0, 1.0)], 11: [(1, 1.0)]}
    expected.update({12: [(2, 1.0)], 14: [(0, 1.0)], 16: [(1, 1.0)], 18: [(2, 1.0)]})
    expected.update({20: [(0, 1.0)]})
    assert arrivals(monitor) == expected  # reference: S4 (delay 2 unchanged)


def test_spiking_per_synapse_delays_change_as_the_reference(backend):
    """Per-synapse delays [2, 3, 1] (weights 1, 2, 3): unchanged (SpikeSourceArray), and
    changed to [[1], [2], [3]] at step 4, before any spike of the ramps."""
    net, proj, monitor = spike_network(backend, "array", [2.0, 3.0, 1.0], per_synapse=True)
    run_spikes(net, proj, 24, {})
    expected = {2: [(0, 1.0)], 3: [(2, 3.0)], 4: [(1, 2.0)], 8: [(0, 1.0)], 11: [(2, 3.0)]}
    expected.update({12: [(1, 2.0)], 14: [(0, 1.0)], 17: [(1, 2.0), (2, 3.0)], 20: [(0, 1.0)]})
    assert arrivals(monitor) == expected  # reference: S5 (unchanged)
    net, proj, monitor = spike_network(backend, "ramp", [2.0, 3.0, 1.0], per_synapse=True)
    run_spikes(net, proj, 24, {4: [[1], [2], [3]]})
    assert proj.delay == [[1.0], [2.0], [3.0]]
    both = [(0, 1.0), (2, 3.0)]
    expected = {5: [(0, 1.0)], 7: [(1, 2.0)], 10: both, 12: [(1, 2.0)], 15: both}
    expected.update({17: [(1, 2.0)], 20: both, 22: [(1, 2.0)]})
    assert arrivals(monitor) == expected  # reference: S9
