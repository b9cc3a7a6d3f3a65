"""Optional capabilities: stop conditions (simulate_until) and save/load of the internal state
(spikes in flight, refractory counters, delay rings)."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.plugin import registry

CLOCK = ann.Neuron(
    parameters=dict(period=ann.Parameter(3.0, locality="local")),
    equations="dv/dt = 1.0 / period",
    spike="v >= 1.0",
    reset="v = 0.0",
    refractory=2.0,
)
LEAKY = ann.Neuron(
    parameters="tau = 5.0",
    equations="tau * dv/dt = -v + g_exc",
    spike="v > 100.0",
    reset="v = 0.0",
)


def test_simulate_until_stops_after_the_step_where_the_condition_holds():
    net = ann.Network(dt=1.0)
    net.config(paradigm="numpy")
    ramp = ann.Neuron(
        parameters=dict(k=ann.Parameter(1.0, locality="local")), equations="r = r + k"
    )
    one = net.create(2, ramp, stop_condition="r > 3.5")
    both = net.create(2, ramp, stop_condition="r > 3.5 : all")
    one.k = both.k = [1.0, 0.5]
    net.compile(silent=True)
    # r = 1, 2, 3, 4: the first neuron passes 3.5 at the 4th step (t = 4 ms)
    assert net.simulate_until(20.0, one) == 4.0 and net.current_step == 4
    # the second one at the 8th (r = 4.0)
    assert net.simulate_until(20.0, both) == 4.0 and net.current_step == 8
    assert net.simulate_until(3.0, both) == 1.0  # it holds after the next step already


def _network():
    net = ann.Network(dt=0.5, seed=1)
    net.config(paradigm="numpy")
    pre = net.create(3, CLOCK, name="clock")
    pre.period = [2.0, 3.5, 5.0]
    post = net.create(2, LEAKY, name="leaky")
    proj = net.connect(pre, post, "exc", name="delayed")
    proj.all_to_all(weights=1.0, delays=ann.Uniform(1.0, 6.0))
    return net, post


def test_a_loaded_network_continues_with_its_spikes_in_flight(tmp_path):
    net, post = _network()
    net.compile(silent=True)
    net.simulate(7.5)
    net.save(str(tmp_path / "state.npz"))
    m = net.monitor(post, ["g_exc", "v"])
    net.simulate(10.0)
    expected = m.get()
    other, post2 = _network()
    m2 = other.monitor(post2, ["g_exc", "v"])
    other.compile(silent=True)
    other.load(str(tmp_path / "state.npz"))
    other.simulate(10.0)
    got = m2.get()
    assert got["g_exc"].shape == (20, 2) and got["g_exc"].max() > 0.0
    np.testing.assert_array_equal(got["g_exc"], expected["g_exc"])
    np.testing.assert_array_equal(got["v"], expected["v"])


def _controlled(paradigm):
    net = ann.Network(dt=0.5)
    net.config(paradigm=paradigm)
    pre = net.create(3, CLOCK)
    pre.period = [2.0, 3.5, 5.0]
    post = net.create(2, LEAKY)
    rate = net.create(2, ann.Neuron(equations=["r = r + 1.0 + sum(exc)"]))
    net.connect(pre, post, "exc").all_to_all(weights=1.0, delays=2.0)
    net.connect(post, rate, "exc", ann.Synapse(psp="w * pre.v")).all_to_all(weights=1.0)
    m = net.monitor(post, ["v", "g_exc"])
    mr = net.monitor(rate, "r")
    ms = net.monitor(pre, "spike")
    net.compile(directory=f"control_{paradigm}", silent=True)
    net.simulate(5.0)
    post.disable()
    rate.disable()
    net.simulate(3.0)
    frozen = (post.v.copy(), rate.r.copy(), rate.sum("exc").copy())
    post.enable()
    rate.enable()
    pre.clear()
    net.simulate(4.0)
    return frozen, m.get(), mr.get("r"), ms.get("spike")


def test_disabled_populations_are_frozen_and_clear_forgets_spikes():
    (v, r, sums), data, rates, spikes = _controlled("numpy")
    # disabled from step 10 to 15: neither v nor r change, the sums keep their last values
    np.testing.assert_array_equal(data["v"][9], v)
    np.testing.assert_array_equal(data["v"][15], v)
    assert np.all(rates[10:16] == rates[9]) and np.all(rates[16] > rates[15])
    np.testing.assert_array_equal(rates[9], r)
    assert np.all(sums > 0.0)


def test_population_control_equals_openmp():
    backends = registry("backends")
    if "openmp" not in backends or not backends.get("openmp").available()[0]:
        pytest.skip("annarchy-backend-openmp is not installed or has no compiler")
    (_, _, _), data, rates, spikes = _controlled("numpy")
    (_, _, _), data2, rates2, spikes2 = _controlled("openmp")
    np.testing.assert_allclose(data["v"], data2["v"], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(data["g_exc"], data2["g_exc"], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(rates, rates2, rtol=1e-12, atol=1e-12)
    assert spikes == spikes2 and sum(len(s) for s in spikes.values()) > 5


def test_a_longer_delay_after_compile_grows_the_history():
    net = ann.Network(dt=1.0)
    net.config(paradigm="numpy")
    pre = net.create(1, ann.Neuron(equations="r = t"))
    post = net.create(1, ann.Neuron(equations="r = sum(exc)"))
    proj = net.connect(pre, post, "exc")
    proj.all_to_all(weights=1.0, delays=2.0)
    direct = net.connect(pre, post, "other")
    direct.all_to_all(weights=1.0)
    m = net.monitor(post, "r")
    net.compile(silent=True)
    net.simulate(5.0)
    proj.delay = 4.0
    net.simulate(4.0)
    # step s reads r = t of step s - d; after the change the steps 1 and 2 were not kept
    assert m.get("r")[:, 0].tolist() == [0.0, 0.0, 0.0, 1.0, 2.0, 0.0, 0.0, 3.0, 4.0]
    with pytest.raises(ann.ANNarchyException, match="keeps no history"):
        direct.delay = 3.0
