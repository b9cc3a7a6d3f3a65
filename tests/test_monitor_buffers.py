"""Monitors never write past their buffers: step() loops, runs that end exactly on a full
buffer, spike buffers under the worst case, and recordings that do not fit in memory."""

from __future__ import annotations

import sys
from pathlib import Path

import ANNarchy as ann
import numpy as np
import pytest
from annarchy_codegen import recording

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))

from coba import build  # noqa: E402

#: fires at every step: the largest spike record a population can produce
ALWAYS = ann.Neuron(equations="v = 1.0", spike="v > 0.0", reset="v = 0.0")


def izhikevich(backend):
    net = ann.Network(dt=0.1)
    pop = net.create(10, ann.Izhikevich)
    pop.I = np.linspace(5.0, 15.0, 10)
    net.config(paradigm=backend)
    return net, pop


def test_step_loop_records_every_step_as_simulate(backend):
    stepped, pop = izhikevich(backend)
    m = stepped.monitor(pop, "v")
    stepped.compile()
    for _ in range(5000):
        stepped.step()
    once, pop2 = izhikevich(backend)
    m2 = once.monitor(pop2, "v")
    once.compile()
    once.simulate(500.0)
    v, v2 = m.get("v"), m2.get("v")
    assert v.shape == (5000, 10)
    np.testing.assert_array_equal(v, v2)  # bit-identical
    assert np.unique(v[:, -1]).size > 100  # the neurons did move


def test_run_ending_on_a_full_buffer_then_another(backend):
    net, pop = izhikevich(backend)
    m = net.monitor(pop, "v")
    net.compile()
    net.simulate(409.6)  # 4096 steps: the buffer is full at the end of the call
    net.simulate(100.0)
    v = m.get("v")
    assert v.shape == (5096, 10)
    assert np.all(np.isfinite(v))


def test_period_monitor_with_step_loop(monkeypatch):
    import annarchy_openmp.recorders as recorders

    monkeypatch.setattr(recorders, "MAX_RECORDS", 5)  # drain every 5 records
    nets = []
    for _ in range(2):
        net, pop = izhikevich("openmp")
        nets.append((net, net.monitor(pop, ["v", "u"], period=0.3)))
        net.compile()
    for _ in range(100):
        nets[0][0].step()
    nets[1][0].simulate(10.0)
    for var in ("v", "u"):
        a, b = nets[0][1].get(var), nets[1][1].get(var)
        assert a.shape == (34, 10)  # steps 0, 3, ..., 99
        np.testing.assert_array_equal(a, b)


def test_spike_buffer_worst_case_every_neuron_every_step(backend):
    net = ann.Network(dt=1.0)
    pop = net.create(50, ALWAYS)
    m = net.monitor(pop, "spike")
    net.compile()
    for _ in range(1500):  # 75,000 spikes: more than one default spike buffer (65,536)
        net.step()
    net.simulate(500.0)
    spikes = m.get("spike")
    assert sorted(spikes) == list(range(50))
    for rank in range(50):
        assert spikes[rank] == list(range(2000))


def test_coba_spike_monitor_step_loop_equals_simulate(monkeypatch):
    import annarchy_openmp.recorders as recorders

    monkeypatch.setattr(recorders, "SPIKE_STEPS", 2)  # 8,000 rows: drained every ~450 steps
    monkeypatch.setattr(recorders, "SPIKE_ROWS", 0)
    runs = []
    for use_step in (True, False):
        net, pop, monitor = build(4000, 0.02, seed=3)
        net.compile()
        if use_step:
            for _ in range(1500):
                net.step()
        else:
            net.simulate(150.0)
        runs.append(monitor.get("spike"))
    stepped, simulated = runs
    assert stepped == simulated
    assert sum(len(s) for s in stepped.values()) > 8000  # the buffer was drained


def test_callbacks_drain_full_buffers(monkeypatch):
    import annarchy_openmp.recorders as recorders

    monkeypatch.setattr(recorders, "MAX_RECORDS", 4)
    net, pop = izhikevich("openmp")
    m = net.monitor(pop, "v")
    net.compile()
    calls = []
    net.every(period=0.4)(calls.append)  # each part of the run fills the 4-record buffer
    net.simulate(2.0)
    assert calls == [0, 1, 2, 3, 4]
    assert m.get("v").shape == (20, 10)


def test_simulate_until_drains_full_buffers(monkeypatch):
    import annarchy_openmp.recorders as recorders

    monkeypatch.setattr(recorders, "MAX_RECORDS", 4)
    net = ann.Network(dt=0.1)
    pop = net.create(10, ann.Izhikevich, stop_condition="v > 1000.0")
    m = net.monitor(pop, "v")
    net.compile()
    for _ in range(5):
        assert net.simulate_until(0.4, pop) == pytest.approx(0.4)  # 4 steps: a full buffer
    assert m.get("v").shape == (20, 10)


def test_recording_too_large_for_memory_is_refused(monkeypatch):
    monkeypatch.setattr(recording, "available_memory", lambda: 50 << 20)
    net = ann.Network(dt=1.0)
    pop = net.create(1000, ann.Izhikevich, name="cortex")
    m = net.monitor(pop, "v")
    net.compile()
    net.simulate(10.0)
    with pytest.raises(
        ann.RecordingMemoryError, match=r"76\.3 MB \(the most for cortex\.v.*50\.0 MB"
    ):
        net.simulate(10_000.0)  # 10,000 records of 8 kB: 80 MB
    assert net.current_step == 10  # nothing simulated
    net.simulate(100.0)  # 0.8 MB fits
    assert m.get("v").shape == (110, 1000)


def test_spike_recording_that_outgrows_memory_stops_and_keeps_its_data(monkeypatch):
    import annarchy_openmp.recorders as recorders

    monkeypatch.setattr(recorders, "SPIKE_STEPS", 4)
    monkeypatch.setattr(recorders, "SPIKE_ROWS", 0)
    net = ann.Network(dt=1.0)
    pop = net.create(50, ALWAYS, name="always")
    m = net.monitor(pop, "spike")
    net.compile()
    net.simulate(10.0)  # drained every 4 steps (200 spikes of 12 bytes): at 4 and 8
    monkeypatch.setattr(recording, "available_memory", lambda: 2048)
    with pytest.raises(
        ann.RecordingMemoryError, match=r"always\.spike needs 2\.3 kB more but only 2\.0 kB"
    ):
        net.simulate(100.0)
    stopped = net.current_step
    assert stopped == 12  # the next drain, refused
    spikes = m.get("spike")
    assert spikes[0] == list(range(stopped))
    assert sum(len(s) for s in spikes.values()) == 50 * stopped
    with pytest.raises(ann.RecordingMemoryError):
        net.simulate(100.0)  # refused again at the next full buffer (4 steps later)
    assert net.current_step == 16
    monkeypatch.setattr(recording, "available_memory", lambda: 1 << 30)
    net.simulate(4.0)  # the full buffer left by the error is drained first
    spikes = m.get("spike")
    assert spikes[49] == list(range(12, 20))
    assert sum(len(s) for s in spikes.values()) == 50 * 8


@pytest.mark.parametrize("variable", ["v", "spike"])
def test_native_recorder_drops_a_write_that_does_not_fit(variable):
    from annarchy_openmp.recorders import F

    net = ann.Network(dt=1.0)
    pop = net.create(50, ALWAYS, name="always")
    m = net.monitor(pop, variable)
    net.compile()
    net.simulate(3.0)
    row = net._runtime._recorders.table[0]
    # as if the runtime had not drained: no room for one more record (50 spikes, one array)
    row[F["count"]] = row[F["capacity"]] - (10 if variable == "spike" else 0)
    with pytest.raises(ann.RecordingMemoryError, match=r"always\.\w+ was full: 1 record"):
        net.step()
    assert row[F["overflow"]] == 0  # reported once
    assert net.current_step == 4
    data = m.get(variable)  # what was written stays readable
    if variable == "spike":
        assert data[7][:3] == [0, 1, 2] and 3 not in data[7]
    else:
        assert data.shape == (row[F["capacity"]], 50)
    net.simulate(2.0)  # goes on
    assert len(m.get(variable)) == (50 if variable == "spike" else 2)


def test_native_spike_recorder_returns_flat_step_and_rank_arrays():
    net = ann.Network(dt=1.0)
    pop = net.create(5, ALWAYS, name="always")
    m = net.monitor(pop[1:4], "spike")
    net.compile()
    net.simulate(3.0)
    steps, ranks = net._runtime.fetch(m._rec_id)["spike"]
    # 12 bytes a spike, in order of emission: no (step, rank) pairs to split and copy
    assert steps.dtype == np.int64 and ranks.dtype == np.int32
    assert steps.flags.c_contiguous and ranks.flags.c_contiguous
    assert steps.tolist() == [0] * 5 + [1] * 5 + [2] * 5 and ranks.tolist() == [0, 1, 2, 3, 4] * 3
    assert m.get("spike") == {1: [], 2: [], 3: []}  # fetched above: nothing left
    net.simulate(2.0)
    assert m.get("spike") == {1: [3, 4], 2: [3, 4], 3: [3, 4]}
