"""Neurons: parameters, variables, flags, ODE forms, inputs, spiking features."""

from __future__ import annotations

import pytest
import sympy as sp
from annarchy_parser import Parameter, ParserError, Variable, parse_neuron
from annarchy_parser.ir import Assign, GlobalOp, RandomDraw
from parser_testutils import run

LEAKY = ["tau * dv/dt + v = baseline + sum(exc)", "r = pos(v)"]


def attrs(ir):
    return {a.name: (a.kind, a.locality, a.ctype, a.init) for a in ir.attributes}


def test_dict_parameters_are_global_floats():
    ir = parse_neuron("N", {"tau": 10.0, "n": 3, "flag": True}, LEAKY[1:] + ["v = 0"])
    a = attrs(ir)
    assert a["tau"] == ("parameter", "global", "double", 10.0)
    assert a["n"] == ("parameter", "global", "double", 3.0)
    assert a["flag"] == ("parameter", "global", "double", 1.0)


def test_parameter_dataclass():
    dist = object()  # stands for a RandomDistribution: stored untouched
    ir = parse_neuron(
        "N",
        {
            "baseline": Parameter(-0.1, locality="local"),
            "tau": Parameter(10.0, locality="global"),
            "count": Parameter(0, type=int, locality="local"),
            "on": Parameter(False, locality="global", type=bool),
            "noise": Parameter(dist),
            "k": Parameter(2, type="int"),
        },
        "r = baseline",
    )
    a = attrs(ir)
    assert a["baseline"] == ("parameter", "local", "double", -0.1)
    assert a["tau"] == ("parameter", "global", "double", 10.0)
    assert a["count"] == ("parameter", "local", "int", 0) and isinstance(a["count"][3], int)
    assert a["on"] == ("parameter", "global", "bool", False)
    assert a["noise"][3] is dist
    assert a["k"][2] == "int"


def test_parameter_is_global_by_default_unless_its_value_is_random():
    """Parser.qmd: "The default locality of a parameter is global" (the reference too: a list
    assigned to ``Parameter(10.0)`` is refused there); a random value is local, as in the
    example of reference/Parameter.qmd (``baseline = Parameter(value=Uniform(-1., 1.))``)."""
    dist = object()  # stands for a RandomDistribution
    ir = parse_neuron(
        "N",
        {
            "tau": Parameter(10.0),
            "n": Parameter(3, type=int),
            "on": Parameter(True, type=bool),
            "c": Parameter("tau_exc"),
            "noise": Parameter(dist),
            "b": Parameter(dist, locality="global"),
        },
        "r = tau",
        constants=["tau_exc"],
    )
    a = attrs(ir)
    assert [a[k][1] for k in ("tau", "n", "on", "c", "noise", "b")] == [
        "global",
        "global",
        "global",
        "global",
        "local",
        "global",
    ]
    assert Parameter(10.0).locality == "global"
    assert Parameter(dist).locality == "local"


def test_string_parameters_are_local_unless_flagged():
    ir = parse_neuron(
        "N",
        """
        tau = 10.0                   # local
        baseline = -0.2 : population
        n = 3 : int, population
        on = True : bool
        p = 2*pi
    """,
        "r = baseline",
    )
    a = attrs(ir)
    assert a["tau"] == ("parameter", "local", "double", 10.0)
    assert a["baseline"] == ("parameter", "global", "double", -0.2)
    assert a["n"] == ("parameter", "global", "int", 3)
    assert a["on"] == ("parameter", "local", "bool", True)
    assert a["p"][3] == pytest.approx(6.283185307179586)


def test_parameter_naming_a_constant():
    ir = parse_neuron("N", {"tau": "tau_exc"}, "r = tau", constants=["tau_exc"])
    assert ir.attribute("tau").init == "tau_exc"
    with pytest.raises(ParserError, match="neither a number"):
        parse_neuron("N", {"tau": "nothing"}, "r = tau")


def test_variables_default_local_zero():
    ir = parse_neuron("N", {"tau": 10.0, "baseline": 0.0}, LEAKY)
    v = ir.attribute("v")
    assert (v.kind, v.locality, v.ctype, v.init, v.is_ode, v.method) == (
        "variable",
        "local",
        "double",
        0.0,
        True,
        "explicit",
    )
    assert ir.attribute("r").is_ode is False and ir.attribute("r").method is None
    assert ir.targets == ("exc",)


def test_variable_dataclass_options():
    ir = parse_neuron(
        "N",
        {"tau": 10.0, "init_v": -0.1, "vmax": 10.0},
        [
            Variable("noise = Uniform(-0.1, 0.1)", locality="global", init=0.1),
            Variable(
                "tau * dv/dt + v = noise", init="init_v", min=0.0, max="vmax", method="exponential"
            ),
            Variable("r = v", type=int, init=2.7),
            Variable("on = v > 0", type=bool),
        ],
    )
    noise, v, r, on = (ir.attribute(n) for n in ("noise", "v", "r", "on"))
    assert (noise.locality, noise.init) == ("global", 0.1)
    assert (v.init, float(v.min), v.max, v.method) == (
        "init_v",
        0.0,
        sp.Symbol("vmax"),
        "exponential",
    )
    assert (r.ctype, r.init) == ("int", 2)
    assert (on.ctype, on.init) == ("bool", False)
    assert [s.target for s in ir.updates.global_] == ["noise"]


def test_string_flags_on_variables():
    ir = parse_neuron(
        "N",
        "tau = 10.0",
        """
        tau * dv/dt + v = 1 : init = -1.0, max = 10.0, min = -tau, exponential
        g = 2 * t : population, init=2
        r = v + g
        k += 1 : int
    """,
    )
    v = ir.attribute("v")
    assert (v.init, float(v.max), v.min, v.method) == (-1.0, 10.0, -sp.Symbol("tau"), "exponential")
    assert ir.attribute("g").locality == "global" and ir.attribute("g").init == 2.0
    assert [s.target for s in ir.updates.global_] == ["g"]
    k = ir.attribute("k")
    assert (k.ctype, k.init) == ("int", 0)
    assert ir.updates.local[-1] == Assign(
        "k", sp.Integer(1), "+=", ctype="int", line="k += 1 : int"
    )


@pytest.mark.parametrize(
    "ode",
    [
        "tau * dv/dt = baseline - v",
        "tau * dv/dt + v = baseline",
        "tau * dv/dt + v - baseline = 0",
        "dv/dt = (baseline - v) / tau",
        "dv / dt  = (baseline - v) / tau",
        "dv/dt * tau = baseline - v",
        "(tau * dv/dt) / 2 = (baseline - v) / 2",
    ],
)
def test_equivalent_ode_forms(ode):
    ir = parse_neuron("N", {"tau": 10.0, "baseline": 2.0}, [ode, "r = v"])
    state = run(ir.updates.local, {"v": 1.0, "r": 0.0, "tau": 10.0, "baseline": 2.0, "dt": 0.5})
    assert state["v"] == pytest.approx(1.0 + 0.5 * (2.0 - 1.0) / 10.0, abs=1e-15)


def test_variables_may_be_used_before_declaration():
    ir = parse_neuron("N", {}, ["r = 2 * later", "later = t"])
    assert ir.updates.local[0].expr == 2 * sp.Symbol("later")


def test_weighted_sums_and_sum_all():
    ir = parse_neuron("N", {}, "r = sum(exc) - sum(inh) + sum()")
    assert ir.targets == ("exc", "inh")
    assert ir.updates.local[0].expr.free_symbols == {
        sp.Symbol("_sum_exc"),
        sp.Symbol("_sum_inh"),
        sp.Symbol("_sum"),
    }


def test_expand_sum_all():
    from annarchy_parser import expand_sum_all

    ir = expand_sum_all(parse_neuron("N", {}, "r = 2 * sum()"), ["exc", "inh"])
    assert ir.updates.local[0].expr == 2 * (sp.Symbol("_sum_exc") + sp.Symbol("_sum_inh"))
    assert ir.targets == ("exc", "inh")


def test_global_operations():
    ir = parse_neuron(
        "WTA",
        {"tau": 10.0},
        [
            "input = sum(exc)",
            "tau * dr/dt + r = pos(input - mean(input)) + max(r) - min(r) + norm1(r) + norm2(r)",
        ],
    )
    ops = {(g.name, g.op, g.variable, g.side) for g in ir.global_ops}
    assert ops == {
        ("_mean_input", "mean", "input", "self"),
        ("_max_r", "max", "r", "self"),
        ("_min_r", "min", "r", "self"),
        ("_norm1_r", "norm1", "r", "self"),
        ("_norm2_r", "norm2", "r", "self"),
    }
    assert isinstance(ir.global_ops[0], GlobalOp)


def test_random_draws():
    ir = parse_neuron(
        "R",
        {"lo": -0.1, "hi": 0.1},
        [
            "noise += Uniform(lo, hi)",
            "r = Normal(0, 1) + LogNormal(0, 1) + Exponential(1) + Gamma(2, 1) + Binomial(10, 0.5)"
            " + DiscreteUniform(0, 3)",
        ],
    )
    assert ir.random[0] == RandomDraw("_rand_0", "Uniform", (sp.Symbol("lo"), sp.Symbol("hi")))
    assert [d.dist for d in ir.random] == [
        "Uniform",
        "Normal",
        "LogNormal",
        "Exponential",
        "Gamma",
        "Binomial",
        "DiscreteUniform",
    ]
    assert ir.updates.local[0] == Assign(
        "noise", sp.Symbol("_rand_0"), "+=", line="noise += Uniform(lo, hi)"
    )
    assert {d.name for d in ir.random} == {f"_rand_{k}" for k in range(7)}


def test_random_draw_takes_the_locality_of_its_equation():
    ir = parse_neuron(
        "R", {}, [Variable("noise = Normal(0.0, 1.0)", locality="global"), "r = noise"]
    )
    assert ir.random[0].locality == "global"


def test_local_functions():
    ir = parse_neuron(
        "F",
        {},
        "r = sigmoid(t) + twice(1)",
        functions="""
        sigmoid(x) = 1.0 / (1.0 + exp(-x))
        twice(x) = 2 * sigmoid(x)
    """,
    )
    assert [f.name for f in ir.functions] == ["sigmoid", "twice"]
    assert ir.updates.local[0].expr.has(sp.Function("sigmoid"))


def test_spiking_neuron():
    ir = parse_neuron(
        "LIF",
        {"tau": 10.0, "Er": -60.0, "Ee": 0.0, "T": -45.0},
        [Variable("tau * dv/dt = (Er - v) + g_exc * (Ee - v)", init=-60.0)],
        spike="v > T",
        reset="v = Er",
        refractory=5.0,
    )
    assert ir.kind == "spike"
    assert ir.spike == (sp.Symbol("v") > sp.Symbol("T"))
    assert ir.reset == (Assign("v", sp.Symbol("Er"), line="v = Er"),)
    assert ir.refractory == sp.Float(5.0)
    assert ir.targets == ("exc",)
    # implicit conductance: variable, and reset to 0 after the neuron's update
    assert ir.attribute("g_exc").kind == "variable"
    assert ir.updates.local[-1] == Assign("g_exc", sp.Float(0.0), line="g_exc = 0.0")
    # spiking neurons have the variable r (firing rate), not updated by the equations
    assert ir.attribute("r").kind == "variable"


def test_declared_conductance_is_not_reset():
    ir = parse_neuron(
        "N",
        {"tau": 5.0},
        ["dv/dt = g_exc - v", "tau * dg_exc/dt = -g_exc"],
        spike="v > 1",
        reset="v = 0",
    )
    assert ir.targets == ("exc",)
    assert all(
        s.target != "g_exc" or s.op != "=" or s.temp
        for s in ir.updates.local
        if isinstance(s, Assign) and s.expr == 0
    )
    assert [s.target for s in ir.updates.local] == ["_d_v", "_d_g_exc", "v", "g_exc"]


def test_spike_condition_with_logic_and_multiline_reset():
    ir = parse_neuron(
        "N",
        {"T": -45.0, "E": -70.0},
        ["prev_v = v", "noise = Uniform(-5.0, 5.0)", "dv/dt = E - v"],
        spike=" (v > T + noise) and (prev_v < T + noise) ",
        reset=["v = E", "prev_v += 0.1"],
        refractory="T",
    )
    assert isinstance(ir.spike, sp.And)
    assert [s.target for s in ir.reset] == ["v", "prev_v"]
    assert ir.refractory == sp.Symbol("T")


def test_t_last_in_reset():
    ir = parse_neuron(
        "N",
        {"tau": 20.0},
        ["tau * dv/dt + v = g_exc", "dfr/dt = -fr"],
        spike="v > 1.0",
        reset="v = 0.0\nfr = 1000./(t - t_last)",
    )
    assert ir.reset[1].expr.free_symbols == {sp.Symbol("t"), sp.Symbol("t_last")}


def test_axon_spike():
    ir = parse_neuron(
        "N",
        {},
        ["dv/dt = 1"],
        spike="v > 2",
        reset="v = 0",
        axon_spike="v > 1",
        axon_reset="v -= 0.5",
    )
    assert ir.axon_spike == (sp.Symbol("v") > 1)
    assert ir.axon_reset == (Assign("v", sp.Float(0.5), "-=", line="v -= 0.5"),)


def test_description_keeps_original_text():
    ir = parse_neuron("N", {"tau": 10.0, "baseline": 0.0}, LEAKY)
    assert ir.description["equations"] == LEAKY
    assert ir.description["parameters"] == {"tau": "10.0", "baseline": "0.0"}
    assert ir.attribute("v").line == LEAKY[0]
