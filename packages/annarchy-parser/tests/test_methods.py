"""Numerical methods: discretised statements checked against the reference implementation."""

from __future__ import annotations

import math

import pytest
import sympy as sp
from annarchy_parser import BUILTIN_METHODS, ParserError, Variable, parse_neuron, parse_synapse
from annarchy_parser.ir import Assign, Bound
from annarchy_parser.methods import ODE, Method
from parser_testutils import run

EQUATIONS = ["tau * dx/dt = I - y - x", "tau * dy/dt = x - y", "r = x"]

# x and y after steps 1, 2, 3 (tau=10, I=1, dt=1), printed by the reference implementation
REFERENCE = {
    "explicit": ([0.1, 0.19, 0.27], [0.0, 0.01, 0.028]),
    "implicit": (
        [0.09016393442622951, 0.1707874227358237, 0.24226917671523168],
        [0.00819672131147541, 0.022977694168234346, 0.04291328349068865],
    ),
    "semiimplicit": (
        [0.09090909090909091, 0.17355371900826447, 0.24793388429752067],
        [0.0, 0.008264462809917356, 0.023290758827948913],
    ),
    "exponential": (
        [0.09516258196404048, 0.18126924692201823, 0.25831999487393326],
        [0.0, 0.009055917006062723, 0.025444182129490185],
    ),
    "midpoint": ([0.095, 0.18005, 0.2554205], [0.005, 0.01805, 0.0374495]),
    "rk4": (
        [0.09500833333333333, 0.1801236109722222, 0.2555988242310208],
        [0.0046749999999999995, 0.01746639986111111, 0.03667145709278009],
    ),
}


def simulate(ir, state, steps):
    xs, ys = [], []
    for _ in range(steps):
        run(ir.updates.local, state)
        xs.append(state["x"])
        ys.append(state["y"])
    return xs, ys


@pytest.mark.parametrize("method", sorted(REFERENCE))
def test_method_matches_reference(method):
    ir = parse_neuron("M", {"tau": 10.0, "I": 1.0}, EQUATIONS, default_method=method)
    xs, ys = simulate(ir, {"x": 0.0, "y": 0.0, "r": 0.0, "tau": 10.0, "I": 1.0, "dt": 1.0}, 3)
    ref_x, ref_y = REFERENCE[method]
    assert xs == pytest.approx(ref_x, abs=1e-12)
    assert ys == pytest.approx(ref_y, abs=1e-12)


@pytest.mark.parametrize("method", sorted(REFERENCE))
def test_method_given_per_variable(method):
    eqs = [Variable(e, method=method) for e in EQUATIONS[:2]] + ["r = x"]
    ir = parse_neuron("M", {"tau": 10.0, "I": 1.0}, eqs)
    assert ir.attribute("x").method == method
    xs, _ = simulate(ir, {"x": 0.0, "y": 0.0, "r": 0.0, "tau": 10.0, "I": 1.0, "dt": 1.0}, 3)
    assert xs == pytest.approx(REFERENCE[method][0], abs=1e-12)


def test_method_as_string_flag():
    ir = parse_neuron(
        "M",
        {"tau": 10.0, "I": 1.0},
        "tau * dx/dt = I - y - x : exponential\ntau * dy/dt = x - y : exponential\nr = x",
    )
    xs, ys = simulate(ir, {"x": 0.0, "y": 0.0, "r": 0.0, "tau": 10.0, "I": 1.0, "dt": 1.0}, 3)
    assert xs == pytest.approx(REFERENCE["exponential"][0], abs=1e-12)
    assert ys == pytest.approx(REFERENCE["exponential"][1], abs=1e-12)


def test_exponential_single_equation_is_exact():
    ir = parse_neuron("E", {"tau": 5.0}, ["tau * dr/dt + r = 2.0 : exponential"])
    state = {"r": 0.0, "tau": 5.0, "dt": 0.5}
    for _ in range(4):
        run(ir.updates.local, state)
    assert state["r"] == pytest.approx(2.0 * (1 - math.exp(-2.0 / 5.0)), abs=1e-14)


def test_explicit_block_uses_old_values():
    ir = parse_neuron("B", {"tau": 10.0}, ["tau * du/dt = v - u", "tau * dv/dt = 1 - v", "r = u"])
    local = ir.updates.local
    # both derivatives first (temporaries), then both updates, then r
    assert [(s.target, s.temp, s.op) for s in local] == [
        ("_d_u", True, "="),
        ("_d_v", True, "="),
        ("u", False, "+="),
        ("v", False, "+="),
        ("r", False, "="),
    ]
    state = run(local, {"u": 0.0, "v": 0.0, "r": 0.0, "tau": 10.0, "dt": 1.0})
    assert state["u"] == 0.0 and state["v"] == pytest.approx(0.1)


def test_assignment_splits_ode_blocks():
    # manual/NumericalMethods.qmd: u and k use the old v; v uses the new I and u, the old k
    eqs = [
        "tau*du/dt = v - u",
        "I = g_exc - g_inh",
        "tau*dk/dt = v - k",
        "tau*dv/dt = I - v - u + k",
        "r = v",
    ]
    ir = parse_neuron("S", {"tau": 2.0, "g_exc": 1.0, "g_inh": 0.0}, eqs)
    targets = [s.target for s in ir.updates.local]
    assert targets == ["_d_u", "u", "I", "_d_k", "_d_v", "k", "v", "r"]
    state = {
        "u": 1.0,
        "v": 2.0,
        "k": 3.0,
        "I": 0.0,
        "r": 0.0,
        "tau": 2.0,
        "dt": 1.0,
        "g_exc": 1.0,
        "g_inh": 0.0,
    }
    run(ir.updates.local, state)
    u = 1.0 + (2.0 - 1.0) / 2.0  # 1.5
    k = 3.0 + (2.0 - 3.0) / 2.0  # 2.5, from the old v
    v = 2.0 + (1.0 - 2.0 - u + 3.0) / 2.0  # new I and u, old k: 2.25
    assert (state["u"], state["k"], state["v"]) == pytest.approx((u, k, v), abs=1e-15)
    assert state["r"] == state["v"] == pytest.approx(2.25)


def test_different_methods_form_separate_blocks():
    eqs = [Variable("tau*dx/dt = 1 - x", method="exponential"), "tau*dy/dt = x - y", "r = y"]
    ir = parse_neuron("D", {"tau": 10.0}, eqs)
    assert [s.target for s in ir.updates.local] == ["_d_x", "x", "_d_y", "y", "r"]


def test_bounds_follow_the_update():
    ir = parse_neuron("B", {"tau": 1.0}, [Variable("tau*dr/dt = 5 - r", max=2.0, min=0.0)])
    bound = ir.updates.local[-1]
    assert isinstance(bound, Bound) and bound.target == "r"
    assert float(bound.max) == 2.0 and float(bound.min) == 0.0
    state = run(ir.updates.local, {"r": 0.0, "tau": 1.0, "dt": 1.0})
    assert state["r"] == 2.0


def test_implicit_rejects_nonlinear():
    with pytest.raises(ParserError, match="implicit method needs ODEs linear"):
        parse_neuron("N", {}, ["dr/dt = r*r"], default_method="implicit")


def test_exponential_rejects_nonlinear():
    with pytest.raises(ParserError, match="exponential method"):
        parse_neuron("N", {}, ["dr/dt = exp(r)"], default_method="exponential")


def test_semiimplicit_rejects_nonlinear():
    with pytest.raises(ParserError, match="semiimplicit"):
        parse_neuron("N", {}, ["dr/dt = r^2"], default_method="semiimplicit")


def test_global_ode_goes_to_global_updates():
    ir = parse_neuron("G", "tau = 10.0 : population", ["tau * dg/dt = 1 - g : population", "r = g"])
    assert [s.target for s in ir.updates.global_] == ["_d_g", "g"]
    assert [s.target for s in ir.updates.local] == ["r"]


def test_event_driven_statements():
    syn = parse_synapse(
        "STDP",
        {"tau_pre": 10.0, "tau_post": 20.0},
        [
            Variable("tau_pre * dApre/dt = -Apre", method="event-driven"),
            "tau_post * dApost/dt = 1 - Apost : event-driven",
        ],
        pre_spike="g_target += w\nApre += 1.0",
        post_spike="Apost += 1",
    )
    assert syn.updates.local == ()
    assert [s.target for s in syn.event_driven] == ["Apre", "Apost"]
    state = {"Apre": 2.0, "Apost": 3.0, "tau_pre": 10.0, "tau_post": 20.0, "_elapsed": 5.0}
    run(syn.event_driven, state)
    assert state["Apre"] == pytest.approx(2.0 * math.exp(-0.5), abs=1e-14)
    assert state["Apost"] == pytest.approx(1.0 + 2.0 * math.exp(-0.25), abs=1e-14)


def test_event_driven_needs_linear_independent_ode():
    with pytest.raises(ParserError, match="event-driven"):
        parse_synapse(
            "E",
            {"tau": 1.0},
            ["tau * dx/dt = -x + post.r : event-driven"],
            pre_spike="g_target += w",
        )


def test_event_driven_not_for_neurons():
    with pytest.raises(ParserError, match="only available"):
        parse_neuron("E", {}, ["dr/dt = -r : event-driven"])


def test_custom_method_registry():
    class Half:
        name = "half"
        event_driven = False

        def discretise(self, odes):
            return [Assign(o.variable, sp.Symbol("dt") / 2 * o.derivative, "+=") for o in odes]

    assert isinstance(Half(), Method)
    methods = dict(BUILTIN_METHODS, half=Half())
    ir = parse_neuron("C", {}, ["dr/dt = 4 : half"], methods=methods)
    assert run(ir.updates.local, {"r": 0.0, "dt": 1.0})["r"] == 2.0
    with pytest.raises(ParserError, match="unknown"):
        parse_neuron("C", {}, ["dr/dt = 4 : half"])


def test_ode_dataclass():
    ode = ODE("x", -sp.Symbol("x"))
    out = BUILTIN_METHODS["explicit"].discretise([ode])
    assert out[0] == Assign("_d_x", -sp.Symbol("x"), temp=True)
