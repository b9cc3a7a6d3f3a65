"""Arithmetic that cannot kill the process, run in every backend: modulo by 0 is NaN (it used to
raise SIGFPE), power() with a huge exponent costs one pow() call (it used to loop for seconds),
very long sums and runs of signs compile, and durations run ceil(duration / dt) steps."""

from __future__ import annotations

import math
import time

import ANNarchy as ann
import numpy as np
import pytest


def run(backend, equations, parameters, steps=1, size=1, dt=1.0):
    net = ann.Network(dt=dt)
    net.config(paradigm=backend)
    pop = net.create(size, ann.Neuron(parameters=parameters, equations=equations))
    net.compile(silent=True)
    tic = time.perf_counter()
    net.simulate(steps * dt)
    return net, pop, time.perf_counter() - tic


def test_modulo_by_zero_is_nan(backend):
    net, pop, _ = run(
        backend,
        "r = modulo(t, p)\nq = modulo(t + 7.9, d)\nm = t % p",
        "p = 0.0 : population\nd = 3.0",
        steps=3,
        size=2,
    )
    assert np.isnan(pop.r).all() and np.isnan(pop.m).all()
    pop.p = 0.4  # truncated to 0: NaN too
    pop.d = [3.0, 0.0]
    net.simulate(1.0)
    assert np.isnan(pop.r).all()
    assert pop.q[0] == 1.0 and np.isnan(pop.q[1])  # t = 3: trunc(10.9) % 3 = 1


def test_integer_modulo_by_zero_does_not_trap(backend):
    _, pop, _ = run(
        backend,
        "n = modulo(n + 1, q) : int\nk = modulo(n + 5, z) : int\nr = modulo(i5, z) + n",
        "q = 3 : int\nz = 0 : int\ni5 = 5 : int",
        steps=4,
    )
    assert pop.n[0] == 1  # 1, 2, 0, 1: the integer counter still works
    assert np.isnan(pop.r[0])


def test_power_with_a_huge_exponent_is_one_pow_call(backend):
    net, pop, elapsed = run(
        backend,
        "r = power(x, 1e10)\ny = power(w, 1e10)\nh = power(x, 0.5) + power(w, -2)",
        "x = 1.000000001\nw = 1.0000001",
        steps=1,
    )
    assert elapsed < 0.1
    assert pop.r[0] == pytest.approx(np.power(1.000000001, 1e10), rel=1e-14)
    with np.errstate(over="ignore"):
        assert pop.y[0] == np.power(1.0000001, 1e10) == math.inf
    assert pop.h[0] == pytest.approx(math.sqrt(1.000000001) + 1.0000001**-2, rel=1e-15)


def test_power_with_small_integer_exponents_keeps_the_exact_old_numbers(backend):
    _, pop, _ = run(
        backend,
        "r = power(x, 2)\na = power(x, 3)\nb = power(x, 8)\nc = power(x, 0)\nd = power(x, 1)",
        "x = 1.1",
    )
    x = 1.1
    assert pop.r[0] == x * x and pop.a[0] == x * x * x  # repeated multiplication, bit for bit
    assert pop.b[0] == x * x * x * x * x * x * x * x
    assert pop.c[0] == 1.0 and pop.d[0] == x


def test_a_ten_thousand_term_sum_compiles_and_gives_the_hand_sum(backend):
    # sympy folds the terms in x and the numbers: the generated code stays small
    terms = " + ".join(f"x * {k % 7} - {k}" for k in range(1, 10_001))
    _, pop, _ = run(backend, f"r = {terms}", "x = 0.5")
    assert pop.r[0] == 0.5 * sum(k % 7 for k in range(1, 10_001)) - 50_005_000


def test_six_hundred_distinct_terms_compile_and_give_the_hand_sum(backend):
    # 500 terms raised a RecursionError before
    terms = " + ".join(f"pos(x - {k})" for k in range(1, 601))
    _, pop, _ = run(backend, f"r = {terms}", "x = 300.5")
    assert pop.r[0] == sum(300.5 - k for k in range(1, 301))


def test_three_thousand_unary_minus_signs(backend):
    _, pop, _ = run(backend, "r = " + "-" * 3000 + "x\nq = " + "-" * 3001 + "x", "x = 2.5")
    assert pop.r[0] == 2.5 and pop.q[0] == -2.5


def test_beyond_the_limits_a_parser_error(backend):
    for equations in (
        "r = " + " + ".join(["x"] * 100_000),
        "r = " + "-" * 100_000 + "x",
        "r = " + "pos(" * 3000 + "x" + ")" * 3000,
    ):
        with pytest.raises(ann.ParserError):
            run(backend, equations, "x = 1.0")


# (dt, duration, steps run by the reference, ANNarchy 5.0.4.1)
STEPS = [(1.0, 0.4, 1), (1.0, 2.5, 3), (0.1, 1.1, 11), (0.1, 1.15, 12), (0.25, 0.26, 2)]


def test_simulate_and_simulate_until_run_ceil_steps(backend):
    for dt, duration, steps in STEPS:
        net, pop, _ = run(backend, "r = t", "p = 0.0", steps=0, dt=dt)
        net.simulate(duration)
        assert net.current_step == steps
        assert pop.r[0] == pytest.approx((steps - 1) * dt)
    net = ann.Network(dt=0.1)
    net.config(paradigm=backend)
    pop = net.create(1, ann.Neuron(equations="r = t"), stop_condition="r > 100.0")
    net.compile(silent=True)
    assert net.simulate_until(1.1, pop) == pytest.approx(1.1)
    assert net.current_step == 11
    net.simulate_until(0.25, pop)
    assert net.current_step == 14
    for bad in (math.inf, math.nan, -1.0):
        with pytest.raises(ann.InvalidConfiguration, match="simulate_until"):
            net.simulate_until(bad, pop)
    assert net.current_step == 14
