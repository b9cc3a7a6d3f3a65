"""The callback schedule (pure Python, no backend): times in steps, order, counters, checks."""

from __future__ import annotations

import ANNarchy as ann
import pytest
from ANNarchy.core.callbacks import check_callback, schedule


def _steps(callbacks, start, nsteps, dt=1.0):
    return [
        (cb.function.__name__, n, step) for step, cb, n in schedule(callbacks, start, nsteps, dt)
    ]


def a(n):
    pass


def b(n):
    pass


def test_schedule_matches_the_reference_times():
    # the reference (5.0.4.1): period 10, offset -2 -> 8, 18; ties in declaration order
    cbs = [check_callback(a, 10.0, -2.0, 0.0, 1.0), check_callback(b, 10.0, 0.0, 0.0, 1.0)]
    assert _steps(cbs, 0, 25) == [
        ("b", 0, 0), ("a", 0, 8), ("b", 1, 10), ("a", 1, 18), ("b", 2, 20),
    ]  # fmt: skip
    # relative to the start of simulate(), counters from 0 again
    assert _steps(cbs, 25, 25) == [
        ("b", 0, 25), ("a", 0, 33), ("b", 1, 35), ("a", 1, 43), ("b", 2, 45),
    ]  # fmt: skip


def test_wait_offset_and_dt():
    waited = check_callback(a, 10.0, 3.0, 20.0, 1.0)
    assert [s for _, _, s in _steps([waited], 0, 50)] == [23, 33, 43]
    negative = check_callback(a, 10.0, -4.0, 15.0, 1.0)
    assert [s for _, _, s in _steps([negative], 0, 50)] == [21, 31, 41]
    # dt = 0.5: period 10 ms = 20 steps, offset 15 ms mod 10 = 5 ms = 10 steps, wait 5 = 10
    modulo = check_callback(a, 10.0, 15.0, 5.0, 0.5)
    assert [s for _, _, s in _steps([modulo], 6, 80, dt=0.5)] == [26, 46, 66]
    assert _steps([modulo], 0, 10, dt=0.5) == []


def test_bad_callbacks():
    with pytest.raises(ann.InvalidConfiguration, match="'a' .0.05 ms. is shorter"):
        check_callback(a, 0.05, 0.0, 0.0, 0.1)
    with pytest.raises(ann.InvalidConfiguration, match="period of callback 'a' must be a number"):
        check_callback(a, "10", 0.0, 0.0, 1.0)
    with pytest.raises(ann.InvalidConfiguration, match="not a function"):
        check_callback(3, 10.0, 0.0, 0.0, 1.0)


def test_every_binds_to_a_network():
    net = ann.Network(dt=0.5)
    ann.every(network=net, period=2.0)(a)
    net.every(period=1.0, offset=0.5)(b)
    ann.every(5.0)(a)  # positional period: the magic network
    assert [cb.steps(0.5) for cb in net._callbacks] == [(4, 0, 0), (2, 1, 0)]
    assert [cb.function for cb in net._callbacks] == [a, b]
    assert ann.magic_network()._callbacks[0].period == 5.0
    net.clear_all_callbacks()
    assert net._callbacks == [] and net.callbacks_enabled()
