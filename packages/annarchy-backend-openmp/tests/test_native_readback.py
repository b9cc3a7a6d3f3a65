"""The native read-back of recorded spikes: ``Monitor.get('spike')`` built in one pass over the
spikes in the order of emission, with one shared Python int per step."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.core.monitor_trains import FlatTrains
from annarchy_openmp import native

pytestmark = pytest.mark.skipif(native.spike_lists32 is None, reason="native helpers not built")


def test_native_lists_are_the_numpy_trains_with_shared_ints():
    rng = np.random.default_rng(3)
    steps = np.sort(rng.integers(10, 5_000, 40_000)).astype(np.int64)
    ranks = rng.integers(-1, 300, steps.size).astype(np.int32)  # -1: not recorded
    lists = native.spike_lists(steps, ranks, 300)
    expected = FlatTrains.from_records(steps, ranks, np.arange(300)).to_dict()
    assert lists == [expected[g] for g in range(300)]
    assert sum(map(len, lists)) == int((ranks >= 0).sum())
    by_step = {}
    for train in lists:  # one object per step, shared by every train that spiked then
        for value in train:
            assert by_step.setdefault(value, value) is value


def test_native_lists_without_a_table_and_out_of_order_records():
    steps = np.array([0, 7_000_000, 9_000_000], np.int64)  # a table would outgrow the spikes
    assert native.spike_lists(steps, np.array([1, 0, 1], np.int64), 2) == [
        [7_000_000],
        [0, 9_000_000],
    ]
    assert native.spike_lists(steps[::-1].copy(), np.zeros(3, np.int32), 1) is None
    assert native.spike_lists(steps.astype(np.int32), np.zeros(3, np.int32), 1) is None


def test_native_grouping_is_the_numpy_one():
    rng = np.random.default_rng(4)
    steps = np.sort(rng.integers(10, 5_000, 40_000)).astype(np.int64)
    ranks = rng.integers(-1, 300, steps.size).astype(np.int32)  # -1: not recorded
    for keys in (np.arange(300), np.array([7, 3, 250, 4])):  # a population, a view
        expected = FlatTrains.from_records(steps, ranks, keys)
        grouped = FlatTrains.grouped(steps, ranks, keys, native.group_steps)
        assert grouped.keys.tolist() == expected.keys.tolist()
        assert grouped.ptr.tolist() == expected.ptr.tolist()
        assert grouped.steps.tolist() == expected.steps.tolist()
    ptr, out = native.group_steps(np.array([3, 3, 8, 9], np.int64), np.array([1, 0, 1, 5]), 2)
    assert ptr.tolist() == [0, 1, 3] and out.tolist() == [3, 3, 8]  # group 5: left out
    assert native.group_steps(steps[::-1].copy(), ranks, 300) is None  # not in emission order
    assert native.group_steps(steps.astype(np.int32), ranks, 300) is None


def test_monitor_get_spike_uses_the_native_lists_and_keeps_the_analysis(cache_dir):
    net = ann.Network(dt=0.1, seed=1)
    neuron = ann.Neuron(
        parameters=dict(period=ann.Parameter(10.0, locality="local")),
        equations="v = v + 1",
        spike="v >= period",
        reset="v = 0",
    )
    periods = [20, 25, 50] * 10
    pop = net.create(30, neuron)
    pop.period = periods
    m = net.monitor(pop[1:], "spike")
    net.compile(directory=str(cache_dir))
    net.simulate(60.0)  # 600 steps: spikes every 'period' steps, from step period - 1
    spikes = m.get("spike")
    assert spikes == {r: list(range(periods[r] - 1, 600, periods[r])) for r in range(1, 30)}
    assert spikes[1][-1] is spikes[2][-1] is spikes[3][-1]  # one int for step 599
    counts = [600 // periods[r] for r in range(1, 30)]
    assert m.mean_fr(spikes) == pytest.approx(sum(counts) / 29 / 0.06)
    t, n = m.raster_plot(spikes)
    assert n.tolist() == np.repeat(np.arange(1, 30), counts).tolist()
    # the analysis groups the recorded spikes natively
    assert ann.plugin.supports(net._runtime, ann.plugin.SupportsSpikeGrouping)
    assert spikes.flat().steps.tolist() == [s for r in range(1, 30) for s in spikes[r]]
