"""Spike-train utilities of Monitor. Expected numbers come from the reference implementation
(ANNarchy 5.0.4.1) on the same spike trains (four neurons, dt = 1 ms, 20 ms recorded)."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest

TRAINS = {0: [3, 7, 11, 15, 19], 1: [2, 5, 8, 11, 14, 17], 2: [], 3: list(range(1, 20, 2))}


@pytest.fixture
def monitor(fake_backend, spike_neuron):
    net = ann.Network(dt=1.0)
    net.config(paradigm="fake")
    pop = net.create(4, spike_neuron)
    m = net.monitor(pop, "spike")
    net.compile(silent=True)
    fake_backend.runtime.spikes = lambda rt, s: {
        "pop0": [r for r, steps in TRAINS.items() if s in steps]
    }
    net.simulate(20.0)
    m.spikes = m.get("spike")
    return m


def test_get_and_raster(monitor):
    assert monitor.spikes == TRAINS
    assert monitor.times() == {"spike": {"start": [0], "stop": [20]}}
    t, n = monitor.raster_plot(monitor.spikes)
    assert t.tolist()[:6] == [3.0, 7.0, 11.0, 15.0, 19.0, 2.0]
    assert n.tolist().count(3) == 10 and len(t) == 21


def test_histogram(monitor):
    assert monitor.histogram(monitor.spikes).tolist() == [
        1,
        1,
        2,
        0,
        2,
        0,
        2,
        1,
        1,
        0,
        3,
        0,
        1,
        1,
        2,
        0,
        2,
        0,
        2,
    ]
    assert monitor.histogram(monitor.spikes, bins=5.0).tolist() == [6, 4, 7, 4]


def test_isi_cv_and_mean_rate(monitor):
    isi = monitor.inter_spike_interval(monitor.spikes)
    assert isi == [4.0] * 4 + [3.0] * 5 + [2.0] * 9
    per = monitor.inter_spike_interval(monitor.spikes, per_neuron=True)
    assert per == {0: [4.0] * 4, 1: [3.0] * 5, 3: [2.0] * 9}
    assert monitor.coefficient_of_variation(monitor.spikes) == [0.0, 0.0, 0.0]
    assert monitor.mean_fr(monitor.spikes) == pytest.approx(262.5)


def test_smoothed_and_population_rates(monitor):
    rates = monitor.smoothed_rate(monitor.spikes)
    assert rates.shape == (4, 20)
    assert np.allclose(rates[1], [0, 0] + [1000 / 3] * 15 + [0, 0, 0])
    smooth = monitor.smoothed_rate(monitor.spikes, smooth=5.0)
    assert np.allclose(
        smooth[1, [2, 3, 4, 16, 17, 19]],
        [66.6666677, 120.0000016, 162.6666686, 321.6052100, 257.2841670, 164.6618657],
        rtol=1e-6,
    )
    pop_rate = monitor.population_rate(monitor.spikes)
    assert pop_rate.tolist()[:6] == [0.0, 250.0, 250.0, 500.0, 0.0, 500.0] and len(pop_rate) == 21
    smooth_pop = monitor.population_rate(monitor.spikes, smooth=5.0)
    assert np.allclose(smooth_pop[[1, 2, 3, 20]], [50.0, 90.0, 172.0, 228.3136510], rtol=1e-6)


def test_needs_spike_recording(fake_backend, rate_neuron):
    net = ann.Network()
    pop = net.create(2, rate_neuron)
    m = net.monitor(pop, "r")
    with pytest.raises(ann.InvalidConfiguration, match="does not record 'spike'"):
        m.raster_plot()
    with pytest.raises(ann.InvalidConfiguration, match="dictionary"):
        m.mean_fr([1, 2])


def test_population_rate_filter_starts_from_the_first_sample(fake_backend, spike_neuron):
    # reference 5.0.4.1: {0: [0, 2, 4], 1: [1, 6]} recorded from step 0 to 10, smooth=5 ms
    net = ann.Network(dt=1.0)
    net.config(paradigm="fake")
    m = net.monitor(net.create(2, spike_neuron), "spike")
    net.compile(silent=True)
    fake_backend.runtime.spikes = lambda rt, s: {}
    net.simulate(10.0)
    m.get("spike")
    data = {0: [0, 2, 4], 1: [1, 6]}
    assert m.population_rate(data).tolist()[:5] == [500.0, 500.0, 500.0, 0.0, 500.0]
    expected = [500.0, 500.0, 500.0, 400.0, 420.0, 336.0, 368.8, 295.04, 236.032, 188.826, 151.06]
    assert np.allclose(m.population_rate(data, smooth=5.0), expected, atol=1e-3)


# reference 5.0.4.1, dt = 0.5 ms, the monitor's methods applied to this dictionary
SPARSE = {0: [3, 7, 11, 15, 19], 1: [2, 9], 2: [], 3: [1, 4, 10, 12], 4: [6]}


@pytest.fixture
def half_ms_monitor(fake_backend, spike_neuron):
    net = ann.Network(dt=0.5)
    net.config(paradigm="fake")
    m = net.monitor(net.create(5, spike_neuron), "spike")
    net.compile(silent=True)
    fake_backend.runtime.spikes = lambda rt, s: {}
    net.simulate(10.0)
    m.get("spike")
    return m


def test_histogram_per_neuron_and_window(half_ms_monitor):
    m = half_ms_monitor
    assert m.histogram(SPARSE, bins=2.0).tolist() == [4, 2, 4, 1, 1]
    per = m.histogram(SPARSE, bins=1.5, per_neuron=True)
    assert per.tolist() == [
        [1, 0, 1, 1, 1, 0, 1],
        [1, 0, 1, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0],
        [1, 1, 0, 2, 0, 0, 0],
        [0, 1, 0, 0, 0, 0, 0],
    ]
    assert m.histogram(SPARSE, per_neuron=True).shape == (5, 19)
    assert m.histogram(SPARSE, recording_window=(0, 24)).tolist() == [
        0, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0
    ]  # fmt: skip
    window = m.histogram(SPARSE, bins=2.0, per_neuron=True, recording_window=(0, 22))
    assert window.tolist() == [
        [1, 1, 1, 1, 1, 0],
        [1, 0, 1, 0, 0, 0],
        [0, 0, 0, 0, 0, 0],
        [1, 1, 1, 1, 0, 0],
        [0, 1, 0, 0, 0, 0],
    ]
    # rows go from rank 0 to the largest rank given
    assert m.histogram({1: [2, 9], 3: [1, 4]}, per_neuron=True).tolist() == [
        [0] * 9,
        [0, 1, 0, 0, 0, 0, 0, 0, 1],
        [0] * 9,
        [1, 0, 0, 1, 0, 0, 0, 0, 0],
    ]
    # spikes outside the window are not counted
    assert m.histogram(SPARSE, bins=2.0, recording_window=(4, 11)).tolist() == [3, 3]
    with pytest.raises(ann.InvalidConfiguration, match="recording_window"):
        m.histogram(SPARSE, recording_window=(5, 2))


def test_isi_and_cv_leave_out_short_trains(half_ms_monitor):
    m = half_ms_monitor
    assert m.inter_spike_interval(SPARSE) == [2.0, 2.0, 2.0, 2.0, 3.5, 1.5, 3.0, 1.0]
    assert m.inter_spike_interval(SPARSE, per_neuron=True) == {
        0: [2.0] * 4,
        1: [3.5],
        3: [1.5, 3.0, 1.0],
    }
    assert m.inter_spike_interval(SPARSE, ranks=[1, 3, 7], per_neuron=True) == {
        1: [3.5],
        3: [1.5, 3.0, 1.0],
    }
    # neuron 1 has one interval only: no coefficient of variation
    assert m.coefficient_of_variation(SPARSE) == pytest.approx([0.0, 0.463547228508435])
    assert m.coefficient_of_variation(SPARSE, ranks=[1, 3]) == pytest.approx([0.463547228508435])
    assert m.mean_fr(SPARSE) == pytest.approx(240.0)
    # the dictionary of monitor.get() (all variables) is accepted too
    assert m.coefficient_of_variation({"spike": SPARSE}) == pytest.approx([0.0, 0.463547228508435])
