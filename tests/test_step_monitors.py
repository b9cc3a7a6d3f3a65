"""Monitors driven by many short runs (``step()`` loops, ``simulate()`` calls whose lengths do
not fill the recorder's buffer evenly) record every step exactly once (issue 10, item 1; run
under AddressSanitizer by the ``sanitize`` nox session, where a write past a buffer aborts)."""

from __future__ import annotations

import sys
from pathlib import Path

import ANNarchy as ann
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))

from coba import build as build_coba  # noqa: E402

LEAK = ann.Neuron(parameters="tau = 10.0", equations=["tau * dv/dt = 1.0 - v", "r = v"])


def _leaky(backend, n=3):
    net = ann.Network(dt=0.1)
    net.config(paradigm=backend)
    pop = net.create(n, LEAK)
    return net, pop


def test_monitor_records_5000_single_steps(backend):
    net, pop = _leaky(backend)
    m = net.monitor(pop, "v")
    net.compile(silent=True)
    for _ in range(5000):
        net.step()
    v = m.get("v")
    assert v.shape == (5000, 3)
    # v(n) after n steps of explicit Euler from 0: 1 - 0.99^n
    expected = 1.0 - 0.99 ** np.arange(1, 5001)
    np.testing.assert_allclose(v[:, 0], expected, rtol=1e-12, atol=1e-15)


def test_monitor_records_409_6_then_100_ms(backend):
    net, pop = _leaky(backend)
    m = net.monitor(pop, "v")
    net.compile(silent=True)
    net.simulate(409.6)
    net.simulate(100.0)
    v = m.get("v")
    assert v.shape == (5096, 3)
    np.testing.assert_allclose(v[-1, 2], 1.0 - 0.99**5096, rtol=1e-12)
    assert net.current_step == 5096


def _driven_coba(backend):
    """COBA with 400 neurons driven hard (about 5 spikes per step)."""
    net, pop, monitor = build_coba(400, 0.02, seed=5)
    pop.I = 500.0
    net.config(paradigm=backend)
    net.compile(silent=True)
    return net, monitor


def test_coba_spike_monitor_driven_by_step_equals_simulate(backend):
    stepped, m_step = _driven_coba(backend)
    for _ in range(15000):
        stepped.step()
    simulated, m_sim = _driven_coba(backend)
    simulated.simulate(1500.0)
    spikes_step, spikes_sim = m_step.get("spike"), m_sim.get("spike")
    assert spikes_step == spikes_sim
    # more spikes than the recorder's first buffer holds (65536 events)
    assert sum(len(s) for s in spikes_sim.values()) > 70000
    assert max(max(s) for s in spikes_step.values() if s) == 14999
