"""Rate-coded neurons against analytic solutions and hand-computed steps."""

from __future__ import annotations

import math

import ANNarchy as ann
import numpy as np
import pytest

# Expected global error after 1 s of tau * dv/dt = I - v (tau = 10 ms, dt = 0.1 ms)
TOLERANCE = {
    "explicit": 5e-3,
    "implicit": 5e-3,
    "semiimplicit": 5e-3,
    "midpoint": 2e-5,
    "rk4": 1e-10,
    "exponential": 1e-12,
}


@pytest.mark.parametrize("method", sorted(TOLERANCE))
def test_leaky_integrator_follows_exponential_decay(method, backend):
    neuron = ann.Neuron(
        parameters=dict(tau=10.0, I=ann.Parameter(0.0, locality="local")),
        equations=[ann.Variable("tau * dv/dt = I - v", init=1.0, method=method), "r = v"],
    )
    net = ann.Network(dt=0.1)
    net.config(paradigm=backend)
    pop = net.create(3, neuron)
    pop.I = [0.0, 2.0, -1.0]
    m = net.monitor(pop, "v")
    net.compile()
    net.simulate(20.0)
    v = m.get("v")
    t = 0.1 * np.arange(1, 201)[:, None]
    inputs = np.array([0.0, 2.0, -1.0])
    exact = inputs + (1.0 - inputs) * np.exp(-t / 10.0)
    assert v.shape == (200, 3)
    assert np.max(np.abs(v - exact)) < TOLERANCE[method]


def test_explicit_euler_steps_by_hand(backend):
    neuron = ann.Neuron(parameters=dict(tau=4.0), equations=["tau * dv/dt + v = 2.0", "r = v * v"])
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    pop = net.create(1, neuron)
    net.compile()
    expected_v = 0.0
    for _ in range(5):
        net.step()
        expected_v += 1.0 * (2.0 - expected_v) / 4.0
        assert pop.v[0] == pytest.approx(expected_v, rel=1e-14)
        assert pop.r[0] == pytest.approx(expected_v**2, rel=1e-14)
    assert net.current_step == 5
    assert net.time == pytest.approx(5.0)


def test_min_max_bounds_and_init(backend):
    neuron = ann.Neuron(
        equations=[ann.Variable("dv/dt = 1.0", init=0.5, min=0.0, max=2.25), "r = v"],
    )
    net = ann.Network(dt=0.5)
    net.config(paradigm=backend)
    pop = net.create(2, neuron)
    assert list(pop.v) == [0.5, 0.5]
    net.compile()
    net.simulate(1.0)
    assert pop.v == pytest.approx([1.5, 1.5])
    net.simulate(10.0)
    assert pop.v == pytest.approx([2.25, 2.25])


def test_reset_restores_initial_state(backend):
    neuron = ann.Neuron(parameters=dict(tau=10.0), equations=["tau * dv/dt = 1.0 - v", "r = v"])
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    pop = net.create(2, neuron)
    net.compile()
    net.simulate(5.0)
    assert pop.v[0] == pytest.approx(1.0 - 0.9**5)
    net.reset()
    assert net.current_step == 0
    assert list(pop.v) == [0.0, 0.0]


def test_changed_parameter_after_compile_is_used(backend):
    neuron = ann.Neuron(parameters=dict(rate=1.0), equations=["dv/dt = rate", "r = v"])
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    pop = net.create(1, neuron)
    net.compile()
    net.simulate(2.0)
    pop.rate = 3.0
    net.simulate(2.0)
    assert pop.v[0] == pytest.approx(2.0 + 6.0)
    assert math.isclose(float(pop.rate), 3.0)
