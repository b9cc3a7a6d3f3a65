"""``proj.delay = ...`` before and after compile(), with the reference's transmission timing.

Expected values come from the reference implementation (ANNarchy 5.0.4.1, ``tools/oracle``):
a rate-coded population whose ``r`` is set by hand before each step feeds a post-synaptic
population through a delayed projection, and ``sum(exc)`` is recorded at every step.
"""

from __future__ import annotations

import numpy as np
import pytest

import ANNarchy as ann

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
