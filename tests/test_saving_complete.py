"""Save and load lose nothing: the state loaded before compile (spikes in flight, refractory
counters, delay rings) is restored at compile, a compiled network with other random synapses
takes the saved ones, and per-object files record the time they were taken."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.core.saving_formats import StateMismatchError, read_file

LIF = ann.Neuron(
    parameters=dict(tau=10.0, v_thresh=-50.0, v_reset=-65.0, tau_exc=4.0),
    equations=[
        "tau * dv/dt = -(v + 65.0) + g_exc + 18.0 + Uniform(-2.0, 2.0)",
        "tau_exc * dg_exc/dt = -g_exc",
    ],
    spike="v > v_thresh",
    reset="v = v_reset",
    refractory=3.0,
)
QUIET = ann.Neuron(  # no noise: networks of other seeds draw other noise
    parameters=dict(tau=10.0, v_thresh=-50.0, v_reset=-65.0, tau_exc=4.0),
    equations=[
        "tau * dv/dt = -(v + 65.0) + g_exc + 18.0",
        "tau_exc * dg_exc/dt = -g_exc",
    ],
    spike="v > v_thresh",
    reset="v = v_reset",
    refractory=3.0,
)


def build(backend, seed=5, model=LIF):
    """Spiking neurons with refractory periods and a projection with non-uniform delays."""
    net = ann.Network(dt=0.5, seed=seed)
    net.config(paradigm=backend)
    pop = net.create(8, model, name="lif")
    pop.v = ann.Uniform(-65.0, -50.0)
    proj = net.connect(pop, pop, "exc", name="rec")
    proj.fixed_probability(0.5, weights=ann.Uniform(2.0, 6.0), delays=ann.Uniform(1.0, 6.0))
    return net


def reference_run(backend, fmt="npz"):
    """Run 20 ms, save, then 30 ms more while recording; the uninterrupted traces."""
    net = build(backend)
    net.compile(silent=True)
    net.simulate(20.0)
    net.save(f"mid.{fmt}")
    m = net.monitor(net.get_population("lif"), ["spike", "v", "g_exc"])
    net.simulate(30.0)
    return m.get()


def assert_same_run(got: dict, expected: dict) -> None:
    assert sum(len(s) for s in expected["spike"].values()) > 10
    assert got["spike"] == expected["spike"]
    assert np.array_equal(got["v"], expected["v"])
    assert np.array_equal(got["g_exc"], expected["g_exc"])


@pytest.mark.parametrize("fmt", ["npz", "data"])
def test_load_before_compile_continues_bit_for_bit(backend, fmt):
    expected = reference_run(backend, fmt)
    other = build(backend)
    other.load(f"mid.{fmt}")
    m = other.monitor(other.get_population("lif"), ["spike", "v", "g_exc"])
    other.compile(silent=True)
    assert other.time == 20.0
    other.simulate(30.0)
    assert_same_run(m.get(), expected)


def test_load_after_compile_continues_bit_for_bit(backend):
    expected = reference_run(backend)
    other = build(backend)
    m = other.monitor(other.get_population("lif"), ["spike", "v", "g_exc"])
    other.compile(silent=True)
    other.simulate(4.0)
    m.get()
    other.load("mid.npz")
    other.simulate(30.0)
    assert_same_run(m.get(), expected)


def test_compiled_network_with_other_synapses_takes_the_saved_ones(backend):
    net = build(backend, model=QUIET)
    net.compile(silent=True)
    net.simulate(29.0)  # spikes of steps 51 to 56 still travel
    net.save("mid.npz")
    saved = net.get_projection("rec")
    n_saved, w_saved = saved.nb_synapses, saved.w
    pre_saved, delay_saved = saved.pre_ranks, saved.delay
    m = net.monitor(net.get_population("lif"), ["spike", "v"])
    net.simulate(30.0)
    expected = m.get()
    other = build(backend, seed=17, model=QUIET)  # other random synapses and delays
    other.compile(silent=True)
    proj = other.get_projection("rec")
    assert proj.nb_synapses != n_saved or proj.pre_ranks != pre_saved
    other.load("mid.npz")
    assert proj.nb_synapses == n_saved
    assert proj.pre_ranks == pre_saved
    assert proj.w == w_saved
    assert proj.delay == delay_saved
    m2 = other.monitor(other.get_population("lif"), ["spike", "v"])
    other.simulate(30.0)
    got = m2.get()
    assert sum(len(s) for s in expected["spike"].values()) > 10
    assert got["spike"] == expected["spike"]
    assert np.array_equal(got["v"], expected["v"])


def test_population_and_projection_files_record_their_time(backend):
    net = build(backend)
    net.compile(silent=True)
    net.simulate(12.5)
    net.get_population("lif").save("pop.npz")
    net.get_projection("rec").save("proj.data")
    for name in ("pop.npz", "proj.data"):
        meta, _ = read_file(name)
        assert meta["step"] == 25
        assert meta["time"] == 12.5


def test_saved_delays_longer_than_the_compiled_history_change_nothing(backend):
    net = build(backend, seed=17, model=QUIET)  # longest delay 12 steps
    net.compile(silent=True)
    net.simulate(5.0)
    net.save("long.npz")
    other = build(backend, model=QUIET)  # keeps 11 steps of history
    other.compile(silent=True)
    proj = other.get_projection("rec")
    n, v = proj.nb_synapses, other.get_population("lif").v.copy()
    with pytest.raises(StateMismatchError, match="call load\\(\\) before compile"):
        other.load("long.npz")
    assert proj.nb_synapses == n
    assert np.array_equal(other.get_population("lif").v, v)
    assert other.time == 0.0


RATE = ann.Neuron(
    parameters=dict(tau=5.0),
    equations="tau * dr/dt + r = sum(exc) + Uniform(0.0, 1.0)",
)


def build_rate(backend):
    """Rate neurons reading each other's past values through delays of 1 to 4 ms."""
    net = ann.Network(dt=0.5, seed=9)
    net.config(paradigm=backend)
    pop = net.create(5, RATE, name="rate")
    proj = net.connect(pop, pop, "exc", name="rec")
    proj.fixed_probability(0.6, weights=ann.Uniform(-0.3, 0.3), delays=ann.Uniform(1.0, 4.0))
    return net


def test_load_before_compile_restores_delayed_rate_values(backend):
    net = build_rate(backend)
    net.compile(silent=True)
    net.simulate(10.0)
    net.save("rate.npz")
    m = net.monitor(net.get_population("rate"), "r")
    net.simulate(10.0)
    expected = m.get("r")
    other = build_rate(backend)
    other.load("rate.npz")
    m2 = other.monitor(other.get_population("rate"), "r")
    other.compile(silent=True)
    other.simulate(10.0)
    assert expected.shape == (20, 5)
    assert np.array_equal(m2.get("r"), expected)


def test_population_file_continues_at_the_time_it_is_loaded(backend):
    """The file records its step; loaded at another time, spikes in flight and the steps of the
    last spikes move with it, so the population continues as it was saved."""
    net = build(backend, model=QUIET)
    net.compile(silent=True)
    net.simulate(29.0)  # spikes of steps 51 to 56 still travel
    net.get_population("lif").save("pop.npz")
    m = net.monitor(net.get_population("lif"), ["spike", "v"])
    net.simulate(30.0)
    expected = m.get()
    other = build(backend, model=QUIET)  # same synapses
    other.compile(silent=True)
    other.simulate(7.5)
    pop = other.get_population("lif")
    pop.load("pop.npz")
    assert other.time == 7.5  # the network keeps its time, as the reference
    m2 = other.monitor(pop, ["spike", "v"])
    other.simulate(30.0)
    got = m2.get()
    shifted = {k: [s - 43 for s in v] for k, v in expected["spike"].items()}
    assert sum(len(s) for s in shifted.values()) > 10
    assert got["spike"] == shifted
    assert np.array_equal(got["v"], expected["v"])
