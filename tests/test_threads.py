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
    # conductances are recorded between the propagation and the update (the team's threads
    # then wait for each other there, and only there)
    monitor_g = net.monitor(pop[995:], "g_exc", period=0.5)
    net.compile(directory="annarchy_coba_threads", silent=True)
    net.simulate(100.0)
    g_exc = monitor_g.get("g_exc")
    assert g_exc.shape == (200, 5) and g_exc.max() > 0.0
    return monitor.get("spike"), monitor_v.get("v"), g_exc, pop.v.copy(), pop.g_exc.copy()


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


def _events(delays: bool) -> tuple:
    """A plastic spiking network whose events cross the ranges a team shares: 203 neurons (the
    last range is not a whole block), a synapse with event-driven traces, a semiglobal counter,
    ``unless_post``, and non-uniform delays or axonal spikes."""
    neuron = ann.Neuron(
        parameters=dict(I=ann.Parameter(0.0, locality="local")),
        equations=["5.0 * dv/dt = -v + g_exc + I", "da/dt = I / 8.0"],
        spike="v > 1.0",
        reset="v = 0.0",
        axon_spike=None if delays else "a > 1.0",
        axon_reset=None if delays else "a = 0.0",
        refractory=1.0,
    )
    syn = ann.Synapse(
        parameters=dict(A=0.01),
        equations=[
            ann.Variable("10.0 * dx/dt = -x", method="event-driven"),
            ann.Variable("12.0 * dy/dt = -y", method="event-driven"),
            ann.Variable("n_in = n_in", locality="semiglobal"),
        ],
        pre_spike=["g_target += w", "x += A", "n_in += 1", "w -= y : min=0.0, unless_post"],
        post_spike=["y += A", "w += x : max=1.0"],
        pre_axon_spike=None if delays else "g_target += 0.5 * w",
    )
    net = ann.Network(dt=0.25, seed=3)
    pop = net.create(203, neuron)
    pop.I = np.linspace(0.9, 1.6, 203)
    proj = net.connect(pop, pop, "exc", syn)
    proj.fixed_probability(
        0.1, weights=ann.Uniform(0.1, 0.3), delays=ann.Uniform(0.25, 2.0) if delays else 0.0
    )
    monitor = net.monitor(pop, "spike")
    inputs = net.monitor(pop[100:160], "g_exc", period=0.5)  # every other step, after inputs
    net.compile(directory="annarchy_events_threads", silent=True)
    net.simulate(60.0)
    return {
        "spikes": monitor.get("spike"),
        "inputs": inputs.get("g_exc"),
        "v": pop.v.copy(),
        "g_exc": pop.g_exc.copy(),
        "w": np.concatenate([np.asarray(row, dtype=float) for row in proj.w]),
        "n_in": np.asarray(proj.n_in, dtype=float),
        "pre_ranks": proj.pre_ranks,
        "post_ranks": proj.post_ranks,
    }


@pytest.mark.parametrize("delays", [False, True], ids=["axon", "delays"])
def test_spike_events_are_the_same_on_a_team_sharing_ranges(team, delays):
    one = _events(delays)
    with team(3):
        three = _events(delays)
    assert one["spikes"] == three["spikes"]
    assert one["inputs"].shape == (120, 60)
    for name in ("inputs", "v", "g_exc", "w", "n_in"):
        np.testing.assert_array_equal(one[name], three[name])
    if not delays:  # n_in counts the spikes each neuron received: those before the last step
        received = {j: sum(1 for s in steps if s < 239) for j, steps in one["spikes"].items()}
        expected = [sum(received[j] for j in row) for row in one["pre_ranks"]]
        assert one["n_in"].tolist() == expected
        assert sum(expected) > 5000


def _banded() -> np.ndarray:
    """Every pre-synaptic neuron spikes at every step onto a band of 40 neurons (clustered post
    ranks: a thread's part of a spike is far from the proportional position)."""
    source = ann.Neuron(equations="v = 1.0", spike="v > 0.5")
    sink = ann.Neuron(equations="dg_exc/dt = 0.0", spike="g_exc > 1e9")
    net = ann.Network(dt=1.0)
    pre, post = net.create(150, source), net.create(203, sink)
    w = np.full((203, 150), np.nan)
    for j in range(150):
        w[j : j + 40, j] = 0.001 * (j + 1)
    net.connect(pre, post, "exc").from_matrix(w)
    net.compile(directory="annarchy_banded_threads", silent=True)
    net.simulate(10.0)
    return post.g_exc.copy(), w


def test_clustered_post_ranks_reach_the_same_sums_on_a_team(team):
    one, w = _banded()
    with team(3):
        three, _ = _banded()
    np.testing.assert_array_equal(one, three)
    # the spikes of steps 0..8 arrive at steps 1..9
    np.testing.assert_allclose(one, 9 * np.nansum(w, axis=1), rtol=1e-12)
    assert one[0] == pytest.approx(0.009) and one[60] == pytest.approx(
        9 * 0.001 * sum(range(22, 62))
    )


def test_spikes_in_flight_of_changed_delays_arrive_once_on_a_team(team):
    """Queued spikes in flight (delays changed during a run): each thread of a team delivers
    those of its own neurons; the reference's numbers as on one thread."""
    import test_delay_in_flight as in_flight

    with team(3):
        in_flight.test_spikes_in_flight_keep_their_delay_as_the_reference("openmp")
        in_flight.test_random_network_with_repeated_changes_matches_the_reference("openmp")


def _two_populations() -> tuple:
    """Two spiking populations updated one after the other (the spikes each thread emitted
    for either joined where the team meets at the end of the step), a uniform delay (a ring of
    past spikes), a firing rate computed from the joined spikes, and one population disabled
    for part of the run."""
    net = ann.Network(dt=0.1, seed=11)
    neuron = ann.Neuron(
        parameters=dict(tau=10.0, I=ann.Parameter(1.0, locality="local")),
        equations=[
            "tau * dv/dt = -v + I + g_exc - g_inh",
            "tau * dg_exc/dt = -g_exc",
            "tau * dg_inh/dt = -g_inh",
        ],
        spike="v > 1.0",
        reset="v = 0.0",
        refractory=2.0,
    )
    exc = net.create(301, neuron)
    inh = net.create(157, neuron)
    rng = np.random.default_rng(3)
    exc.I = rng.uniform(1.1, 2.0, 301)
    inh.I = rng.uniform(1.1, 2.0, 157)
    net.connect(exc, inh, "exc").fixed_probability(0.1, weights=0.3, delays=2.0)
    net.connect(inh, exc, "inh").fixed_probability(0.1, weights=0.05, delays=2.0)
    net.connect(exc, exc, "exc").fixed_probability(0.05, weights=0.05)
    monitors = net.monitor(exc, "spike"), net.monitor(inh, "spike")
    net.compile(directory="annarchy_two_pops_threads", silent=True)
    inh.compute_firing_rate(5.0)
    net.simulate(50.0)
    inh.disable()
    net.simulate(30.0)
    inh.enable()
    net.simulate(50.0)
    spikes = [m.get("spike") for m in monitors]
    return spikes, exc.v.copy(), inh.v.copy(), inh.r.copy(), exc.g_inh.copy()


def test_two_spiking_populations_with_delays_and_a_pause_on_a_team(team):
    one = _two_populations()
    with team(3):
        three = _two_populations()
    exc, inh = one[0]
    steps = np.array([s for times in inh.values() for s in times])
    # both populations fire; the inhibitory one not while disabled (steps 500 to 799)
    assert sum(map(len, exc.values())) > 300 and steps.size > 100
    assert not np.any((steps >= 500) & (steps < 800)) and np.any(steps >= 800)
    assert one[0] == three[0]
    for a, b in zip(one[1:], three[1:], strict=True):
        np.testing.assert_array_equal(a, b)
