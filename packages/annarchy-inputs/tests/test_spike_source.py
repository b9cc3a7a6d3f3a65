"""SpikeSourceArray: spikes at exactly the given steps (reference numbers), settable times."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest

TIMES = [[1.0, 2.2, 2.3, 5.0], [0.0, 3.76]]

#: reference (annarchy 5.0.4.1): a LIF population driven by a SpikeSourceArray, dt = 0.5
LIF_SPIKES = {0: [5, 23, 41], 1: [6, 23]}
LIF_V0 = [-65.0, -65.0, -65.0, -61.0, -57.2, -65.0, -65.0, -65.0, -65.0, -65.0, -61.0, -61.2]
LIF_V0_20 = [-62.605052, -58.7248, -55.03856, -65.0]  # steps 20 to 23
LIF_V1_TAIL = [-64.0, -64.05, -64.0975, -64.142625, -64.185494]  # steps 41 to 45


def fired(monitor) -> dict[int, list[int]]:
    """The recorded spike steps of the neurons that fired."""
    return {rank: list(steps) for rank, steps in monitor.get("spike").items() if len(steps)}


def test_spikes_at_the_rounded_steps_and_after_reset(run):
    net = ann.Network(dt=0.5)
    ssa = net.create(ann.SpikeSourceArray(spike_times=TIMES))
    m = net.monitor(ssa, "spike")
    run(net)
    net.simulate(4.0)
    # 2.2 ms -> step 4, 2.3 ms -> step 5 (nearest step), as the reference
    assert fired(m) == {0: [2, 4, 5], 1: [0]}
    net.simulate(3.0)
    assert fired(m) == {0: [10], 1: [8]}
    ssa.reset()  # at step 14: the times start again from now
    net.simulate(4.0)
    assert fired(m) == {0: [16, 18, 19], 1: [14]}


def test_spike_times_set_after_compile(run):
    net = ann.Network(dt=1.0)
    ssa = net.create(ann.SpikeSourceArray(spike_times=[[3.0], [4.0, 5.0]]))
    m = net.monitor(ssa, "spike")
    run(net)
    net.simulate(4.0)
    assert fired(m) == {0: [3]}
    # times keep their origin (the start, or the last reset); those already past are skipped
    ssa.spike_times = [[1.0, 6.0, 6.2, 9.0], [2.0, 7.0, 8.0, 20.0, 21.0]]
    assert ssa.spike_times[0] == [1.0, 6.0, 6.2, 9.0]
    net.simulate(6.0)
    assert fired(m) == {0: [6, 9], 1: [7, 8]}
    ssa.reset()  # now step 10: the new times are replayed from here
    net.simulate(4.0)
    assert fired(m) == {0: [11], 1: [12]}


def test_single_neuron_and_silent_neurons(run):
    net = ann.Network(dt=1.0)
    one = net.create(ann.SpikeSourceArray(spike_times=[2.0, 4.0]))
    quiet = net.create(ann.SpikeSourceArray(spike_times=[[], [1.0]]))
    m1, m2 = net.monitor(one, "spike"), net.monitor(quiet, "spike")
    run(net)
    net.simulate(6.0)
    assert one.size == 1 and quiet.size == 2
    assert fired(m1) == {0: [2, 4]} and fired(m2) == {1: [1]}


def test_drives_a_lif_population_as_the_reference(run):
    lif = ann.Neuron(
        parameters="tau = 10.0 : population\nv_rest = -65.0 : population",
        equations="tau * dv/dt = v_rest - v + g_exc : init=-65.0",
        spike="v > -55.0",
        reset="v = v_rest",
        refractory=2.0,
    )
    net = ann.Network(dt=0.5)
    times = [[1.0, 2.0, 3.0, 4.0, 10.0, 10.5, 11.0], [1.5, 2.5, 3.5, 4.5, 11.0, 11.5, 12.0, 12.5]]
    ssa = net.create(ann.SpikeSourceArray(spike_times=times + [[20.0]]))
    post = net.create(2, lif)
    proj = net.connect(ssa, post, "exc")
    proj.from_matrix(np.array([[80.0, 80.0, 300.0], [50.0, 60.0, 20.0]]))
    m = net.monitor(post, ["spike", "v"])
    run(net)
    net.simulate(30.0)
    data = m.get()
    assert {rank: list(s) for rank, s in data["spike"].items() if len(s)} == LIF_SPIKES
    v = data["v"]
    np.testing.assert_allclose(v[:12, 0], LIF_V0, atol=1e-6)
    np.testing.assert_allclose(v[20:24, 0], LIF_V0_20, atol=1e-6)
    np.testing.assert_allclose(v[41:46, 1], LIF_V1_TAIL, atol=1e-6)


def test_spike_source_errors():
    with pytest.raises(ann.ANNarchyException, match=r"neuron 1 are not sorted \(\[3.0, 1.0\]\)"):
        ann.SpikeSourceArray(spike_times=[[1.0], [3.0, 1.0]])
    with pytest.raises(ann.ANNarchyException, match="neuron 0 must be >= 0"):
        ann.SpikeSourceArray(spike_times=[[-1.0]])
    with pytest.raises(ann.ANNarchyException, match="a list of times"):
        ann.SpikeSourceArray(spike_times=5.0)
    ssa = ann.SpikeSourceArray(spike_times=[[1.0], [2.0]])
    with pytest.raises(ann.ANNarchyException, match="3 lists of spike times for 2 neurons"):
        ssa.spike_times = [[1.0], [2.0], [3.0]]
    with pytest.raises(ann.ANNarchyException, match="not sorted"):
        ssa.spike_times = [[2.0, 1.0], [2.0]]
