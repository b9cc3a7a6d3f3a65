"""Simulation control on a compiled network: stop conditions, callbacks, progress bar.

Expected numbers were printed by the reference implementation (ANNarchy 5.0.4.1) running the
same scripts; where the reference contradicts the spec, the spec wins (noted at the test).
"""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest

RAMP = ann.Neuron(parameters="rate = 1.0", equations="dr/dt = rate\nmp = 10.0 - r")
LEAKY_IF = ann.Neuron(
    parameters="I = 15.0",
    equations="dv/dt = (-v + I) / 10.0",
    spike="v > 10.0",
    reset="v = 0.0",
)
INPUT = ann.Neuron(parameters="I = 0.0", equations="r = I")


@pytest.fixture
def ramps(backend):
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    p_any = net.create(3, RAMP, stop_condition="r > 5.5", name="any")
    p_all = net.create(3, RAMP, stop_condition="r > 5.5 : all", name="all")
    p_and = net.create(1, RAMP, stop_condition="(r > 1.0) and (mp < 2.0)", name="and")
    net.compile(silent=True)

    def restart(rates=(1.0, 2.0, 3.0)):
        net.reset()
        p_any.rate = list(rates)
        p_all.rate = list(rates)

    return net, p_any, p_all, p_and, restart


def test_stop_condition_any_all_and_operators(ramps):
    net, p_any, p_all, p_and, restart = ramps
    restart()
    # r = rate * steps: the fastest neuron (rate 3) passes 5.5 after step 2
    assert net.simulate_until(100.0, p_any) == 2.0
    assert net.current_step == 2 and np.array_equal(p_any.r, [2.0, 4.0, 6.0])
    restart()
    assert net.simulate_until(100.0, p_all) == 6.0  # the slowest one needs 6 steps
    assert np.array_equal(p_all.r, [6.0, 12.0, 18.0])
    restart()
    assert net.simulate_until(100.0, [p_any, p_all]) == 6.0
    restart()
    assert net.simulate_until(100.0, [p_any, p_all], operator="or") == 2.0
    restart()
    assert net.simulate_until(100.0, p_and) == 9.0  # r = 9, mp = 1 < 2
    assert p_and.r[0] == 9.0 and p_and.mp[0] == 1.0


def test_stop_condition_never_met_and_from_a_later_time(ramps):
    net, p_any, p_all, _, restart = ramps
    restart(rates=(0.0, 0.0, 0.0))
    assert net.simulate_until(20.0, p_any) == 20.0 and net.current_step == 20
    restart(rates=(0.0, 0.0, 0.0))
    p_all.rate = 1.0
    assert net.simulate_until(30.0, [p_any, p_all]) == 30.0
    restart(rates=(1.0, 1.0, 1.0))
    net.simulate(3.0)
    assert net.simulate_until(100.0, p_any) == 3.0 and net.current_step == 6
    # already true: the simulation still makes one step
    assert net.simulate_until(100.0, p_any) == 1.0 and net.current_step == 7


def test_stop_condition_small_dt_and_spiking(backend):
    net = ann.Network(dt=0.1)
    net.config(paradigm=backend)
    pop = net.create(2, RAMP, stop_condition="r > 0.75 : any")
    spiking = net.create(1, LEAKY_IF, stop_condition="v > 9.0")
    net.compile(silent=True)
    pop.rate = [1.0, 0.5]
    # 8 steps of 0.1 ms: the reference returns 80.0 here (steps / dt); the spec says ms
    assert net.simulate_until(10.0, pop) == pytest.approx(0.8)
    assert net.current_step == 8 and np.allclose(pop.r, [0.8, 0.4])
    net.reset()
    duration = net.simulate_until(100.0, spiking)
    # v_n = 15 (1 - 0.99^n) > 9 first at n = 92 (dt = 0.1)
    assert duration == pytest.approx(9.2) and net.current_step == 92
    assert spiking.v[0] == pytest.approx(15.0 * (1.0 - 0.99**92))


def test_stop_condition_spiking_dt1(backend):
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    spiking = net.create(1, LEAKY_IF, stop_condition="v > 9.0")
    net.compile(silent=True)
    assert net.simulate_until(100.0, spiking) == 9.0  # reference: 9.0, v = 9.18869266
    assert spiking.v[0] == pytest.approx(9.18869266)


def test_stop_condition_errors(backend):
    net = ann.Network()
    net.config(paradigm=backend)
    plain = net.create(2, RAMP, name="plain")
    net.create(2, RAMP, stop_condition="x > 1.0", name="bad")
    with pytest.raises(ann.ParserError, match=r"bad\.stop_condition.*unknown name 'x'"):
        net.compile(silent=True)
    net2 = ann.Network()
    net2.config(paradigm=backend)
    net2.create(2, RAMP, stop_condition="r + 1.0", name="arith")
    with pytest.raises(ann.ParserError, match=r"arith\.stop_condition.*must be a boolean"):
        net2.compile(silent=True)
    net3 = ann.Network()
    net3.config(paradigm=backend)
    pop = net3.create(2, RAMP, stop_condition="r > 1 : most", name="flag")
    with pytest.raises(ann.ParserError, match="unknown flag 'most'"):
        net3.compile(silent=True)
    pop.stop_condition = "r > 1.0"
    plain3 = net3.create(2, RAMP, name="plain3")
    net3.compile(silent=True)
    with pytest.raises(ann.InvalidConfiguration, match="'plain3' has no stop_condition"):
        net3.simulate_until(10.0, plain3)
    with pytest.raises(ann.InvalidConfiguration, match="operator must be 'and' or 'or'"):
        net3.simulate_until(10.0, pop, operator="xor")
    with pytest.raises(ann.InvalidConfiguration, match="not a population of network"):
        net3.simulate_until(10.0, plain)
    assert net3.current_step == 0


def _callback_net(backend, dt=1.0):
    net = ann.Network(dt=dt)
    net.config(paradigm=backend)
    pop = net.create(1, INPUT)
    return net, pop


def test_callbacks_times_order_and_values(backend):
    net, pop = _callback_net(backend)
    log = []

    @ann.every(network=net, period=10.0, offset=-2.0)
    def a(n):
        log.append(("a", n, net.time, float(pop.r[0])))

    @net.every(period=10.0)
    def b(n):
        pop.I = float(n + 1)
        log.append(("b", n, net.time, float(pop.r[0])))

    @ann.every(network=net, period=10.0, offset=0.0)
    def c(n):
        log.append(("c", n, net.time, float(pop.r[0])))

    m = net.monitor(pop, "r")
    net.compile(silent=True)
    net.simulate(25.0)
    first = [("b", 0, 0.0, 0.0), ("c", 0, 0.0, 0.0), ("a", 0, 8.0, 1.0), ("b", 1, 10.0, 1.0)]
    first += [("c", 1, 10.0, 1.0), ("a", 1, 18.0, 2.0), ("b", 2, 20.0, 2.0), ("c", 2, 20.0, 2.0)]
    assert log == first
    log.clear()
    net.simulate(25.0)  # times relative to the start of simulate(), n restarts at 0
    assert log == [(name, n, t + 25.0, r if t else 3.0) for name, n, t, r in first]
    expected = ([1.0] * 10 + [2.0] * 10 + [3.0] * 5) * 2
    assert m.get("r")[:, 0].tolist() == expected
    net.disable_callbacks()
    assert not net.callbacks_enabled()
    log.clear()
    net.simulate(20.0)
    assert log == []
    net.enable_callbacks()
    net.simulate(5.0)
    assert log == [("b", 0, 70.0, 3.0), ("c", 0, 70.0, 3.0)]
    log.clear()
    net.simulate(10.0, callbacks=False)
    assert log == []
    net.clear_all_callbacks()
    net.simulate(20.0)
    net.step()
    assert log == [] and net.current_step == 106


def test_callbacks_wait_and_offsets(backend):
    net, _ = _callback_net(backend)
    log = []

    def record(name):
        def call(n):
            log.append((name, n, net.current_step))

        return call

    ann.every(network=net, period=10.0, offset=3.0, wait=20.0)(record("a"))
    ann.every(network=net, period=10.0, wait=15.0)(record("b"))
    ann.every(network=net, period=10.0, offset=-4.0, wait=15.0)(record("c"))
    # an offset longer than the period is taken modulo the period, as the spec says (the
    # reference calls this one at 0, 10, 20... instead)
    ann.every(network=net, period=10.0, offset=13.0)(record("e"))
    net.compile(silent=True)
    net.simulate(50.0)
    times = {name: [s for other, _, s in log if other == name] for name in "abce"}
    assert times == {
        "a": [23, 33, 43],
        "b": [15, 25, 35, 45],
        "c": [21, 31, 41],
        "e": [3, 13, 23, 33, 43],
    }
    assert [n for name, n, _ in log if name == "b"] == [0, 1, 2, 3]
    assert net.current_step == 50


def test_callback_period_checks(backend):
    net, _ = _callback_net(backend, dt=0.5)
    with pytest.raises(ann.InvalidConfiguration, match=r"period of callback 'fast'.*shorter"):

        @ann.every(network=net, period=0.25)
        def fast(n):
            pass

    with pytest.raises(ann.InvalidConfiguration, match="wait of callback"):
        net.every(period=1.0, wait=-1.0)(print)
    calls = []
    net.every(period=0.5)(calls.append)  # every step
    net.compile(silent=True)
    net.simulate(3.0)
    assert calls == [0, 1, 2, 3, 4, 5]


class _CountingBar:
    updates: list[int] = []

    def __init__(self, total, desc="Simulating"):
        self.total, self.closed = total, False

    def update(self, n):
        _CountingBar.updates.append(n)

    def close(self):
        self.closed = True


def test_progress_bar_does_not_change_results(backend, capsys, monkeypatch):
    noisy = ann.Neuron(
        parameters="tau = 5.0", equations="tau * dr/dt = -r + Uniform(0, 1) : init = 0.1"
    )
    results = []
    for progress in (False, True, "config"):
        net = ann.Network(dt=1.0, seed=3)
        net.config(paradigm=backend, progress=progress == "config")
        pop = net.create(4, noisy)
        net.compile(silent=True)
        if progress == "config":
            monkeypatch.setattr("ANNarchy.core.simulation.progress_bar", _CountingBar)
            net.simulate(250.0)
        else:
            net.simulate(250.0, progress=progress)
        results.append(np.array(pop.r))
        if not progress:
            assert capsys.readouterr().err == ""
        elif progress is True:  # tqdm or the plain fallback
            assert "100" in capsys.readouterr().err
    assert np.array_equal(results[0], results[1]) and np.array_equal(results[0], results[2])
    # 100 chunks of 2 or 3 steps
    assert sum(_CountingBar.updates) == 250 and len(_CountingBar.updates) == 100
