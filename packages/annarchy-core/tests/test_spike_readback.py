"""Spike read-back over flat arrays: ``get('spike')`` and the analysis methods agree with their
per-spike definitions, use the arrays kept with the dictionary only while it is unchanged, and
read a recording back without large temporary copies."""

from __future__ import annotations

import pickle
import tracemalloc

import ANNarchy as ann
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

DT = 0.5
STEPS = 20  # the recording window of the fixture: steps 0 to 20


@pytest.fixture
def monitor(fake_backend, spike_neuron):
    net = ann.Network(dt=DT)
    net.config(paradigm="fake")
    m = net.monitor(net.create(8, spike_neuron), "spike")
    net.compile(silent=True)
    fake_backend.runtime.spikes = lambda rt, s: {}
    net.simulate(STEPS * DT)
    m.get("spike")
    return m


def reference_analysis(trains: dict) -> dict:
    """The definitions, spike by spike (as the methods were written before)."""
    times = [s * DT for steps in trains.values() for s in steps]
    ranks = [r for r, steps in trains.items() for _ in steps]
    isi = {r: [(b - a) * DT for a, b in zip(v[:-1], v[1:], strict=True)] for r, v in trains.items()}
    isi = {r: v for r, v in isi.items() if v}
    rates = np.zeros((len(trains), STEPS))
    for row, steps in enumerate(trains.values()):
        for a, b in zip(steps[:-1], steps[1:], strict=True):
            rates[row, a:b] = 1000.0 / ((b - a) * DT)
    counts = np.zeros(STEPS + 1)
    for steps in trains.values():
        for s in steps:
            counts[s] += 1
    per_neuron = np.zeros((max(trains, default=-1) + 1, STEPS + 1), dtype=int)
    for r, steps in trains.items():
        for s in steps:
            per_neuron[r, s] += 1
    return dict(times=times, ranks=ranks, isi=isi, rates=rates,
                pop_rate=counts / max(len(trains), 1) / DT * 1000.0, per_neuron=per_neuron)  # fmt: skip


TRAINS = st.dictionaries(
    st.integers(0, 7),
    st.lists(st.integers(0, STEPS - 1), unique=True).map(sorted),
    max_size=8,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(trains=TRAINS)
def test_analysis_agrees_with_the_per_spike_definitions(monitor, trains):
    want = reference_analysis(trains)
    t, n = monitor.raster_plot(trains)
    assert t.tolist() == want["times"] and n.tolist() == want["ranks"]
    assert monitor.inter_spike_interval(trains, per_neuron=True) == want["isi"]
    assert monitor.inter_spike_interval(trains) == [x for v in want["isi"].values() for x in v]
    cv = [np.std(v) / np.mean(v) for v in want["isi"].values() if len(v) >= 2]
    assert monitor.coefficient_of_variation(trains) == pytest.approx(cv)
    assert np.array_equal(monitor.smoothed_rate(trains), want["rates"])
    assert np.array_equal(monitor.population_rate(trains), want["pop_rate"])
    full = monitor.histogram(trains, per_neuron=True, recording_window=(0, STEPS))
    assert full.tolist() == want["per_neuron"].tolist()
    assert monitor.histogram(trains, recording_window=(0, STEPS)).tolist() == (
        want["per_neuron"].sum(axis=0).tolist() if trains else [0] * (STEPS + 1)
    )
    total = sum(len(v) for v in trains.values())
    assert monitor.mean_fr(trains) == pytest.approx(
        total / len(trains) / (STEPS * DT) * 1000.0 if trains else 0.0
    )


def test_population_rate_leaves_out_spikes_outside_the_window(monitor):
    # steps 25 and -3 lie outside the window (0 to 20) of the last get(): not counted
    rate = monitor.population_rate({0: [-3, 2, 25], 1: [2]})
    assert len(rate) == STEPS + 1
    assert rate[2] == 2 / 2 / DT * 1000.0 and rate.sum() == rate[2]


def recorded_monitor(fake_backend, spike_neuron, n=50, steps=600):
    """A monitor of ``n`` neurons that all fire at every step from 300 (ints above 256)."""
    net = ann.Network(dt=1.0)
    net.config(paradigm="fake")
    pop = net.create(n, spike_neuron)
    m = net.monitor(pop, "spike", start=False)
    net.compile(silent=True)
    fake_backend.runtime.spikes = lambda rt, s: {pop.owner: list(range(n))[::-1]}
    net.simulate(300.0)
    m.start()
    net.simulate(float(steps - 300))
    return m


def test_get_returns_lists_and_the_analysis_uses_its_arrays_until_changed(
    fake_backend, spike_neuron
):
    m = recorded_monitor(fake_backend, spike_neuron, n=3, steps=304)
    data = m.get("spike")
    assert isinstance(data, dict) and data == {r: [300, 301, 302, 303] for r in range(3)}
    assert all(type(v) is list and type(v[0]) is int for v in data.values())
    assert type(pickle.loads(pickle.dumps(data))) is dict  # pickles as a plain dictionary
    from ANNarchy.core.monitor_trains import SpikeTrains

    assert isinstance(data, SpikeTrains) and data._flat is not None
    data[1].append(310)  # a list changed in place: its length no longer matches
    t, n = m.raster_plot(data)
    assert t.tolist()[4:9] == [300.0, 301.0, 302.0, 303.0, 310.0] and len(n) == 13
    data[2] = [305]  # a change of the dictionary drops the arrays
    assert data._flat is None
    assert m.raster_plot(data)[0].tolist()[-1] == 305.0


def test_get_reads_back_without_large_copies(fake_backend, spike_neuron):
    m = recorded_monitor(fake_backend, spike_neuron, n=200, steps=800)
    m._pull()  # the records, out of the runtime (1 step + 1 rank array of 100,000 spikes)
    nspikes = 200 * 500
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    data = m.get("spike")
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    assert sum(map(len, data.values())) == nspikes
    # the lists hold a pointer and an int (32 bytes as traced) per spike, the arrays kept with
    # them 8: 48 bytes; before, a lexsort and its copies took 16 more
    assert peak / nspikes < 52


def test_view_keys_keep_the_view_order_and_drop_repeats():
    from ANNarchy.core.monitor_trains import FlatTrains

    flat = FlatTrains.from_records([1, 1, 2, 3, 3], [5, 2, 5, 9, 2], keys=[5, 2, 5])
    assert flat.to_dict() == {5: [1, 2], 2: [1, 3]}  # rank 9 is not in the view


@pytest.mark.parametrize("spread", [1, 1 << 20, 1 << 36])
def test_grouping_sorts_the_same_with_any_key_width(monkeypatch, spread):
    # spread 1: 32-bit keys; 2**20: steps too far apart for them, 64-bit keys; 2**36 with
    # 8 bits for the step: no room for either, two stable sorts
    from ANNarchy.core import monitor_trains
    from ANNarchy.core.monitor_trains import FlatTrains

    rng = np.random.default_rng(3)
    steps = np.sort(rng.integers(0, 1000, 500)) * spread + 7
    ranks = rng.integers(0, 40, 500).astype(np.int32)
    want = {r: [] for r in range(40)}
    for s, r in zip(steps.tolist(), ranks.tolist(), strict=True):
        want[r].append(s)
    if spread > 1 << 20:
        monkeypatch.setattr(monitor_trains, "_STEP_BITS", 8)
    assert FlatTrains.from_records(steps, ranks, np.arange(40)).to_dict() == want
    shuffled = rng.permutation(500)  # in any order, each train comes out ascending
    assert FlatTrains.from_records(steps[shuffled], ranks[shuffled], np.arange(40)).to_dict() == {
        r: sorted(v) for r, v in want.items()
    }


def test_analysis_rejects_what_is_not_spike_trains(monitor):
    with pytest.raises(ann.InvalidConfiguration, match=r"monitor.get\('spike'\)"):
        monitor.raster_plot({0: 5})
