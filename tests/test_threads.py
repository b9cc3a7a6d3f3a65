"""The openmp backend gives bit-identical results with any number of threads: each scenario
network, COBA with recorded spikes (recorders drained during the run) and ``simulate_until``
run on one thread and on a team of three threads sharing every loop (``ANNARCHY_THREAD_POLICY
=team``, ``ANNARCHY_MIN_WORK=0``: the adaptive choice would keep these small networks on one
thread)."""

from __future__ import annotations

import sys
from pathlib import Path

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.testing import run_scenario, scenario_names

sys.path.insert(0, str(Path(__file__).parents[1] / "examples"))

from coba import build as build_coba  # noqa: E402


@pytest.fixture
def team(monkeypatch):
    """Networks created inside ``with team(n):`` run on ``n`` threads sharing every loop."""

    class Team:
        def __call__(self, threads: int):
            monkeypatch.setenv("ANNARCHY_THREAD_POLICY", "team")
            monkeypatch.setenv("ANNARCHY_MIN_WORK", "0")
            original = ann.Network.__init__

            def init(net, *args, **kwargs):
                original(net, *args, **kwargs)
                net.config(num_threads=threads)

            monkeypatch.setattr(ann.Network, "__init__", init)
            return self

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            monkeypatch.undo()

    return Team()


@pytest.mark.parametrize("name", scenario_names())
def test_scenario_is_bit_identical_on_a_team(name, team):
    one = run_scenario(name, "openmp")
    with team(3):
        many = run_scenario(name, "openmp")
    assert many == one


def _coba(seed: int) -> tuple:
    net, pop, monitor = build_coba(1000, 0.08, seed=seed)
    monitor_v = net.monitor(pop[:5], "v")
    net.compile(directory="annarchy_coba_threads", silent=True)
    net.simulate(100.0)
    return monitor.get("spike"), monitor_v.get("v"), pop.v.copy(), pop.g_exc.copy()


def test_coba_spikes_are_the_same_on_a_team(team):
    one = _coba(7)
    with team(2):
        two = _coba(7)
    assert sum(len(s) for s in one[0].values()) > 500  # about 20 Hz over 100 ms
    assert one[0] == two[0]
    for a, b in zip(one[1:], two[1:], strict=True):
        np.testing.assert_array_equal(a, b)


def test_simulate_until_stops_at_the_same_step_on_a_team(team):
    def run():
        net = ann.Network(dt=0.5)
        neuron = ann.Neuron(
            parameters=dict(k=ann.Parameter(1.0, locality="local")), equations="r = t * k"
        )
        pop = net.create(3000, neuron, stop_condition="r > 20.0")
        pop.k = 1.0 + np.arange(3000) % 3
        net.compile(directory="annarchy_until_threads", silent=True)
        return net.simulate_until(100.0, pop), pop.r.copy()

    one = run()
    with team(2):
        two = run()
    # the k = 3 neurons first pass 20 at the step of t = 7.0 (r = 21): 15 steps of 0.5 ms
    assert one[0] == pytest.approx(7.5)
    assert two[0] == one[0]
    np.testing.assert_array_equal(two[1], one[1])
