"""The runtime: hand-computed values, reset(), learning switches, get/set and recorders."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.errors import ANNarchyException

LEAKY = ann.Neuron(parameters=dict(tau=10.0), equations=["tau * dv/dt + v = sum(exc)", "r = v"])


def _net(dt=1.0):
    net = ann.Network(dt=dt)
    net.config(paradigm="numpy")
    return net


def _hebbian():
    net = _net()
    inp = net.create(2, ann.Neuron(parameters="x = 1.0", equations="r = x"))
    out = net.create(1, LEAKY)
    syn = ann.Synapse(parameters="eta = 0.5", equations="w = w + eta * pre.r * post.r")
    proj = net.connect(inp, out, "exc", syn)
    proj.all_to_all(weights=1.0)
    inp.x = [1.0, 2.0]
    m = net.monitor(out, ["v", "r"])
    mw = net.monitor(proj, "w", period=2)
    net.compile(silent=True)
    return net, out, proj, m, mw


def test_hand_computed_rate_network_and_plasticity():
    net, out, proj, m, mw = _hebbian()
    net.simulate(3)
    # step 0: the sums read r before the inputs' first update (0): v = 0, w unchanged
    # step 1: sum = 1*1 + 1*2 = 3, v = (3 - 0)/10 = 0.3; w += 0.5 * [1, 2] * 0.3
    # step 2: sum = 1.15*1 + 1.3*2 = 3.75, v = 0.3 + (3.75 - 0.3)/10 = 0.645
    np.testing.assert_allclose(m.get("v")[:, 0], [0.0, 0.3, 0.645], rtol=1e-14)
    np.testing.assert_allclose(out.sum("exc"), [3.75], rtol=1e-14)
    w1 = np.array([1.15, 1.3])
    np.testing.assert_allclose(proj.w[0], w1 + 0.5 * np.array([1.0, 2.0]) * 0.645, rtol=1e-14)
    recorded = mw.get("w")  # at the end of steps 0 and 2
    assert len(recorded) == 2 and np.allclose(recorded[1][0], [1.4725, 1.945], rtol=1e-14)


def test_reset_returns_to_the_values_at_compile_and_repeats_the_run():
    net, out, proj, m, _ = _hebbian()
    net.simulate(3)
    first = m.get("v")
    net.reset(synapses=True)
    assert net.current_step == 0 and out.v[0] == 0.0 and proj.w[0] == [1.0, 1.0]
    net.simulate(3)
    np.testing.assert_array_equal(m.get("v"), first)


def test_disabled_learning_freezes_the_weights():
    net, out, proj, _, _ = _hebbian()
    proj.disable_learning()
    net.simulate(3)
    assert proj.w[0] == [1.0, 1.0] and out.v[0] > 0.0
    proj.enable_learning()
    net.simulate(1)
    assert proj.w[0][1] > 1.0


def test_set_and_get_after_compile():
    net, out, proj, _, _ = _hebbian()
    net.simulate(1)  # the inputs' r = x
    proj.w = [[0.5, 0.25]]
    out.v = [2.0]
    net.simulate(1)
    # sum = 0.5 + 0.5 = 1.0, v = 2 + (1 - 2)/10
    np.testing.assert_allclose(out.v, [1.9], rtol=1e-14)
    with pytest.raises(ANNarchyException):
        out.set({"v": [1.0, 2.0, 3.0]})


def test_spikes_refractoriness_and_recording_periods():
    net = _net(dt=0.5)
    neuron = ann.Neuron(
        parameters=dict(I=ann.Parameter(1.0, locality="local")),
        equations="dv/dt = I",
        spike="v >= 1.0",
        reset="v = 0.0",
        refractory=1.0,
    )
    pop = net.create(2, neuron)
    pop.I = [1.0, 0.5]
    m = net.monitor(pop, "spike")
    mv = net.monitor(pop, "v", period=1.0, start=False)
    net.compile(silent=True)
    net.simulate(10.0)
    # v grows by 0.5 (0.25) per step; spikes at v >= 1, then 2 refractory steps frozen at 0
    # (as the openmp backend)
    spikes = m.get("spike")
    assert spikes[0] == [1, 5, 9, 13, 17] and spikes[1] == [3, 9, 15]
    assert len(mv.get("v")) == 0
    mv.resume()
    net.simulate(2.0)
    np.testing.assert_allclose(mv.get("v"), [[0.5, 0.75], [0.0, 0.0]])  # steps 20, 22
