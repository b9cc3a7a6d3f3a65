"""Saving and loading compiled networks: bit-exact round trips in every format, continuation,
parameters as JSON, connectivity files, and loads that must fail without changing anything."""

from __future__ import annotations

import gzip

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.core.saving_formats import StateFileError, StateMismatchError
from ANNarchy.plugin import SupportsConnectivity, supports

FORMATS = ["npz", "mat", "h5", "hdf5", "data", "txt.gz"]

RATE = ann.Neuron(
    parameters=dict(tau=10.0, baseline=ann.Parameter(0.2, locality="local")),
    equations="tau * dr/dt + r = baseline + sum(exc) + Uniform(0.0, 0.1)",
)
COV = ann.Synapse(
    parameters=dict(eta=0.01, gain=ann.Parameter(1.5, locality="semiglobal")),
    equations=[
        ann.Variable("trace = gain * post.r", locality="semiglobal"),
        ann.Variable("total = eta * 2.0", locality="global"),
        "dw/dt = eta * pre.r * trace",
    ],
)
LIF = ann.Neuron(
    parameters=dict(tau=20.0, v_thresh=1.0, tau_exc=5.0),
    equations=[
        "tau * dv/dt = -v + g_exc + 1.2",
        "tau_exc * dg_exc/dt = -g_exc",
    ],
    spike="v > v_thresh",
    reset="v = 0.0",
)
STDP = ann.Synapse(
    parameters=dict(tau_plus=10.0, tau_minus=10.0, A=0.01),
    equations=["tau_plus * dx/dt = -x : event-driven", "tau_minus * dy/dt = -y : event-driven"],
    pre_spike="g_target += w\nx += A\nw = clip(w - y, 0.0, 1.0)",
    post_spike="y += A\nw = clip(w + x, 0.0, 1.0)",
)


def build(backend, seed=3, rate_size=6, rate_name="rate", with_spikes=True):
    """A rate population with a plastic recurrent projection, and a spiking population with
    STDP and non-uniform delays."""
    net = ann.Network(dt=0.5, seed=seed)
    net.config(paradigm=backend)
    rate = net.create(rate_size, RATE, name=rate_name)
    rec = net.connect(rate, rate, "exc", COV, name="rec")
    rec.fixed_probability(0.6, weights=ann.Uniform(0.0, 0.1))
    if with_spikes:
        lif = net.create(5, LIF, name="lif")
        lif.v = ann.Uniform(0.0, 1.0)
        stdp = net.connect(lif, lif, "exc", STDP, name="stdp")
        stdp.fixed_probability(0.8, weights=ann.Uniform(0.1, 0.5), delays=ann.Uniform(0.5, 3.0))
    return net


def state_of(net) -> dict:
    """Every attribute of every population and projection, flat, plus the connectivity."""
    out = {"t": net.time}
    for pop in net.get_populations():
        for name in pop.attributes:
            out[(pop.name, name)] = np.array(pop.get(name))
    for proj in net.get_projections():
        for name in proj.attributes:
            out[(proj.name, name)] = np.array(proj._read(name))
        out[(proj.name, "pre_ranks")] = np.concatenate([np.array(r) for r in proj.pre_ranks])
        out[(proj.name, "post_ranks")] = np.array(proj.post_ranks)
        delay = proj.delay
        out[(proj.name, "delay")] = np.concatenate(delay) if isinstance(delay, list) else delay
    return out


def assert_same(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for key in a:
        assert np.array_equal(a[key], b[key]), key
        assert np.asarray(a[key]).dtype == np.asarray(b[key]).dtype, key


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_is_bit_exact(backend, fmt):
    net = build(backend)
    net.compile(silent=True)
    net.simulate(20.0)
    net.save(f"state.{fmt}")
    saved = state_of(net)
    other = build(backend)
    other.compile(silent=True)
    assert other.time == 0.0
    assert not np.array_equal(other.get_population("rate").r, saved[("rate", "r")])
    other.load(f"state.{fmt}")
    assert_same(state_of(other), saved)
    assert other.time == 20.0


def test_continuation_gives_the_same_trace(backend):
    net = build(backend, with_spikes=False)
    net.compile(silent=True)
    net.simulate(10.0)
    net.save("state.npz")
    m = net.monitor(net.get_population("rate"), "r")
    net.simulate(15.0)
    expected = m.get("r")
    w_expected = np.array(net.get_projection("rec")._read("w"))
    other = build(backend, with_spikes=False)  # same seed: same noise in the equations
    m2 = other.monitor(other.get_population("rate"), "r")
    other.compile(silent=True)
    other.simulate(3.0)
    m2.get()
    other.load("state.npz")
    other.simulate(15.0)
    assert expected.shape == (30, 6)
    assert np.array_equal(m2.get("r"), expected)
    assert np.array_equal(np.array(other.get_projection("rec")._read("w")), w_expected)


def test_spiking_continuation_keeps_spikes_in_flight(backend):
    """Spikes still travelling in the delay rings, refractory counters and event times are
    saved too: a fresh network that loads the file continues exactly like the original."""
    net = build(backend, rate_size=2)
    net.compile(silent=True)
    net.simulate(41.0)
    net.save("state.h5")
    ms = net.monitor(net.get_population("lif"), ["spike", "v", "g_exc"])
    net.simulate(100.0)
    expected = ms.get()
    w_expected = np.array(net.get_projection("stdp")._read("w"))
    assert sum(len(s) for s in expected["spike"].values()) > 10
    other = build(backend, rate_size=2)
    ms2 = other.monitor(other.get_population("lif"), ["spike", "v", "g_exc"])
    other.compile(silent=True)
    other.simulate(7.0)
    ms2.get()
    other.load("state.h5")
    other.simulate(100.0)
    got = ms2.get()
    assert got["spike"] == expected["spike"]
    assert np.array_equal(got["v"], expected["v"])
    assert np.array_equal(got["g_exc"], expected["g_exc"])
    assert np.array_equal(np.array(other.get_projection("stdp")._read("w")), w_expected)


def test_load_before_compile_restores_connectivity_and_delays(backend):
    net = build(backend)
    net.compile(silent=True)
    net.simulate(5.0)
    net.save("state.h5")
    saved = state_of(net)
    other = build(backend, seed=11)
    before = state_of(other)
    assert not np.array_equal(before[("stdp", "pre_ranks")], saved[("stdp", "pre_ranks")])
    other.load("state.h5")
    other.compile(silent=True)
    assert_same(state_of(other), saved)
    assert other.get_projection("stdp").uniform_delay == -1


def _all_values(net) -> dict:
    return state_of(net)


@pytest.mark.parametrize(
    "change, message",
    [
        (dict(rate_size=7), "has 7 neurons but 6 were saved"),
        (dict(rate_name="other"), "missing from the file: ['other']"),
        (dict(with_spikes=False), "not in the network: ['lif']"),
    ],
)
def test_load_into_another_network_changes_nothing(backend, change, message):
    net = build(backend)
    net.compile(silent=True)
    net.simulate(5.0)
    net.save("state.npz")
    other = build(backend, seed=4, **change)
    other.compile(silent=True)
    other.simulate(1.0)
    before = _all_values(other)
    with pytest.raises(StateMismatchError) as err:
        other.load("state.npz")
    assert message in str(err.value)
    assert_same(_all_values(other), before)


def test_compiled_network_with_other_synapses_refuses_the_file(backend):
    net = build(backend)
    net.compile(silent=True)
    net.save("state.npz")
    other = build(backend, seed=12)
    other.compile(silent=True)
    before = _all_values(other)
    # a backend that replaces synapses still refuses internal arrays (spikes in flight, event
    # steps) of another size; one that cannot replace them asks to load before compile
    replaces = supports(other._runtime, SupportsConnectivity)
    message = (
        "Build the network like the saved one" if replaces else "call load\\(\\) before compile"
    )
    with pytest.raises(StateMismatchError, match=message):
        other.load("state.npz")
    assert_same(_all_values(other), before)


def test_missing_attribute_and_bad_files_change_nothing(backend):
    net = build(backend, with_spikes=False)
    net.compile(silent=True)
    net.save("state.npz")
    other_model = ann.Neuron(parameters=dict(tau=10.0), equations="tau * dr/dt + r = sum(exc)")
    other = ann.Network(dt=0.5, seed=3)
    other.config(paradigm=backend)
    pop = other.create(6, other_model, name="rate")
    other.connect(pop, pop, "exc", COV, name="rec").fixed_probability(0.6, weights=0.1)
    other.compile(silent=True)
    before = _all_values(other)
    with pytest.raises(StateMismatchError, match="missing from the file: none; unknown to the"):
        other.load("state.npz")
    with open("state.npz", "rb") as f:
        data = f.read()
    with open("cut.npz", "wb") as f:
        f.write(data[: len(data) // 2])
    with pytest.raises(StateFileError, match="truncated, corrupt"):
        other.load("cut.npz")
    with gzip.open("junk.gz", "wb") as f:
        f.write(b"not a pickle")
    with pytest.raises(StateFileError, match="truncated, corrupt"):
        other.load("junk.gz")
    with pytest.raises(StateFileError, match="Cannot tell the format of 'state.csv'"):
        other.load("state.csv")
    with pytest.raises(StateFileError, match="does not exist"):
        other.load("nothing.npz")
    assert_same(_all_values(other), before)


def test_other_dt_is_refused(backend):
    net = build(backend, with_spikes=False)
    net.save("state.npz")
    other = ann.Network(dt=0.1)
    other.create(6, RATE, name="rate")
    with pytest.raises(StateMismatchError, match="dt=0.5 ms.*dt=0.1 ms"):
        other.load("state.npz")


def test_flags_skip_populations_or_projections(backend):
    net = build(backend, with_spikes=False)
    net.compile(silent=True)
    net.simulate(5.0)
    net.save("pops.npz", projections=False)
    net.save("projs.npz", populations=False)
    saved = state_of(net)
    other = build(backend, with_spikes=False)
    other.compile(silent=True)
    r0, w0 = other.get_population("rate").r, np.array(other.get_projection("rec")._read("w"))
    other.load("projs.npz")
    assert np.array_equal(other.get_population("rate").r, r0)
    assert np.array_equal(other.get_projection("rec")._read("w"), saved[("rec", "w")])
    other.load("pops.npz", populations=False)
    assert np.array_equal(other.get_population("rate").r, r0)
    other.load("pops.npz")
    assert np.array_equal(other.get_population("rate").r, saved[("rate", "r")])
    assert not np.array_equal(w0, saved[("rec", "w")])


@pytest.mark.parametrize("fmt", ["npz", "h5", "data"])
def test_population_and_projection_files(backend, fmt):
    net = build(backend)
    net.compile(silent=True)
    net.simulate(8.0)
    lif, stdp = net.get_population("lif"), net.get_projection("stdp")
    lif.save(f"lif.{fmt}")
    stdp.save(f"stdp.{fmt}")
    saved = state_of(net)
    other = build(backend)
    other.compile(silent=True)
    other.get_population("lif").load(f"lif.{fmt}")
    other.get_projection("stdp").load(f"stdp.{fmt}")
    now = state_of(other)
    for key in saved:
        if key[0] in ("lif", "stdp"):
            assert np.array_equal(now[key], saved[key]), key
    with pytest.raises(StateFileError, match="holds a population state"):
        other.load(f"lif.{fmt}")


def test_parameters_json_round_trip(backend):
    net = build(backend)
    net.get_population("rate").tau = 12.5
    net.get_projection("stdp").A = 0.25
    net.save_parameters("params.json")
    import json

    with open("params.json") as f:
        data = json.load(f)
    assert data["populations"]["rate"] == {"tau": 12.5}
    assert data["populations"]["lif"] == {"tau": 20.0, "v_thresh": 1.0, "tau_exc": 5.0}
    assert data["projections"]["stdp"] == {"tau_plus": 10.0, "tau_minus": 10.0, "A": 0.25}
    assert data["projections"]["rec"] == {"eta": 0.01}
    assert data["network"] == {} and data["constants"] == {}
    data["network"] = {"r_max": 1.3}
    data["populations"]["rate"]["baseline"] = 0.7  # local: only with global_only=False
    with open("params.json", "w") as f:
        json.dump(data, f)
    other = build(backend)
    other.compile(silent=True)
    assert other.load_parameters("params.json") == {"r_max": 1.3}
    assert other.get_population("rate").tau == 12.5
    assert other.get_projection("stdp").A == 0.25
    assert np.array_equal(other.get_population("rate").baseline, np.full(6, 0.2))
    other.load_parameters("params.json", global_only=False)
    assert np.array_equal(other.get_population("rate").baseline, np.full(6, 0.7))


def test_parameters_json_errors_change_nothing(backend):
    import json

    net = build(backend, with_spikes=False)
    with open("bad.json", "w") as f:
        json.dump({"populations": {"rate": {"tau": 3.0}, "ghost": {"tau": 1.0}}}, f)
    with pytest.raises(StateFileError, match="names the populations \\['ghost'\\]"):
        net.load_parameters("bad.json")
    with open("array.json", "w") as f:
        json.dump({"populations": {"rate": {"tau": [1.0, 2.0]}}}, f)
    with pytest.raises(StateFileError, match="cannot contain arrays"):
        net.load_parameters("array.json")
    with open("broken.json", "w") as f:
        f.write('{"populations": ')
    with pytest.raises(StateFileError, match="not valid JSON"):
        net.load_parameters("broken.json")
    assert net.get_population("rate").tau == 10.0


@pytest.mark.parametrize("fmt", FORMATS)
def test_connectivity_file_round_trip(backend, fmt):
    net = build(backend)
    net.compile(silent=True)
    net.simulate(5.0)
    stdp = net.get_projection("stdp")
    stdp.save_connectivity(f"conn.{fmt}")
    other = ann.Network(dt=0.5, seed=99)
    other.config(paradigm=backend)
    lif = other.create(5, LIF, name="lif")
    proj = other.connect(lif, lif, "exc", STDP).from_file(f"conn.{fmt}")
    other.compile(silent=True)
    assert proj.pre_ranks == stdp.pre_ranks
    assert proj.post_ranks == stdp.post_ranks
    assert np.array_equal(proj._read("w"), stdp._read("w"))
    assert proj.delay == stdp.delay
    assert proj.uniform_delay == -1


def test_from_file_errors(backend):
    net = build(backend, with_spikes=False)
    net.get_projection("rec").save_connectivity("conn.npz")
    net.save("state.npz")
    other = ann.Network(dt=0.5)
    small = other.create(3, RATE)
    with pytest.raises(ann.ANNarchyException, match="do not fit this projection"):
        other.connect(small, small, "exc").from_file("conn.npz")
    with pytest.raises(ann.ANNarchyException, match="not save\\(\\)"):
        other.connect(small, small, "inh").from_file("state.npz")


def test_memory_footprint(backend):
    net = build(backend, with_spikes=False)
    net.compile(silent=True)
    footprint = net.memory_footprint()
    rec = net.get_projection("rec")
    nnz, rows = rec.nb_synapses, rec.size
    # rate: tau (global) + baseline, r (6 doubles each) + the _sum: not an attribute
    expected_rate = 8 + 2 * 6 * 8
    assert footprint["rate"] >= expected_rate
    # rec: eta, total (global), gain, trace (semiglobal), w (local) + CSR and delays
    attrs = 2 * 8 + 2 * rows * 8 + nnz * 8
    conn = rows * 4 + (rows + 1) * 8 + nnz * 4 + nnz * 4
    assert footprint["rec"] >= attrs + conn
    if not hasattr(net._runtime, "nbytes"):
        assert footprint == {"rate": expected_rate, "rec": attrs + conn}
