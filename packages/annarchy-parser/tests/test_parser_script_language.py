"""What existing scripts write: targets named by Python keywords (``sum(in)``), ``true`` /
``false`` literals, numeric spike conditions, ``pre.sum``/``post.sum`` in rate synapses."""

from __future__ import annotations

import keyword

import pytest
import sympy as sp
from annarchy_parser import ParserError, parse_neuron, parse_synapse
from annarchy_parser.keywords import keyword_target, protect_keyword_targets
from annarchy_parser.lexer import split_statements
from parser_testutils import run, value


def attrs(ir):
    return {a.name: (a.kind, a.locality, a.ctype, a.init) for a in ir.attributes}


# -- keyword targets ---------------------------------------------------------------------
@pytest.mark.parametrize("target", ["in", "if", "for", "not", "and", "or", "is", "else"])
def test_keyword_target_in_rate_neuron(target):
    ir = parse_neuron("N", equations=f"r = sum({target}) + 2 * sum(exc)")
    assert ir.targets == (target, "exc")
    (stmt,) = ir.updates.local
    state = run([stmt], {"r": 0.0, f"_sum_{target}": 1.5, "_sum_exc": 4.0})
    assert state["r"] == 9.5


def test_keyword_targets_in_conditional_over_lines():
    text = "r = if sum(if) > 0:\n    sum(in)\nelse:\n    sum(else)\nv = 1"
    assert split_statements(text) == [
        "r = if sum(if) > 0: sum(in) else: sum(else)",
        "v = 1",
    ]
    ir = parse_neuron("N", equations=text)
    assert set(ir.targets) == {"if", "in", "else"}
    r = ir.updates.local[0]
    env = {"r": 0.0, "v": 0.0, "_sum_if": 1.0, "_sum_in": 3.0, "_sum_else": 7.0}
    assert run([r], dict(env))["r"] == 3.0
    assert run([r], {**env, "_sum_if": -1.0})["r"] == 7.0


def test_keyword_conductance_in_spiking_neuron():
    ir = parse_neuron("N", equations="dv/dt = -v + g_in", spike="v > 1", reset="v = 0")
    assert ir.targets == ("in",)
    assert attrs(ir)["g_in"] == ("variable", "local", "double", 0.0)


def test_keyword_targets_of_pre_and_post_sum():
    ir = parse_synapse("S", equations="x = pre.sum(in) + post.sum(for)")
    assert ir.pre_refs == ("_sum_in", "r")  # r: the default psp w * pre.r
    assert ir.post_refs == ("_sum_for",)
    (stmt,) = ir.updates.local
    assert stmt.expr == sp.Symbol("pre._sum_in") + sp.Symbol("post._sum_for")


def test_protect_keyword_targets_touches_only_sum_arguments():
    text = "sum(in) + in_x * pre.sum(if) + f(sum( not ))"
    out = protect_keyword_targets(text)
    assert out == (
        "sum(_ann_kw_target_in) + in_x * pre.sum(_ann_kw_target_if) + f(sum( _ann_kw_target_not ))"
    )
    assert protect_keyword_targets("if a: sum(exc) else: in_") == "if a: sum(exc) else: in_"
    for word in keyword.kwlist:
        assert keyword_target(protect_keyword_targets(f"sum({word})")[4:-1]) == word
    assert keyword_target("_ann_kw_target_exc") == "_ann_kw_target_exc"  # no keyword


def test_keyword_outside_sum_is_a_parser_error():
    with pytest.raises(ParserError, match="syntax error"):
        parse_neuron("N", equations="r = mean(in)")
    with pytest.raises(ParserError, match="unknown name '_ann_kw_target_in'"):
        parse_neuron("N", equations="r = _ann_kw_target_in")


# -- true / false ------------------------------------------------------------------------
@pytest.mark.parametrize("word, expected", [("true", True), ("True", True), ("false", False)])
def test_boolean_literals_as_values(word, expected):
    ir = parse_neuron(
        "N",
        parameters=f"b = {word} : bool",
        equations=[f"x = {word} : bool, init = {word}", "r = x"],
    )
    a = attrs(ir)
    assert a["b"] == ("parameter", "local", "bool", expected)
    assert a["x"] == ("variable", "local", "bool", expected)


def test_boolean_literals_in_conditions():
    ir = parse_neuron(
        "N",
        parameters="b = false : bool",
        equations=[
            "r = ite(b == false, 3.0, 4.0) + ite((t > 1) and true, 10, 20)",
            "v = if true: 1 else: 2",
            "u = if (t > 1) and not(false): 5 else: 6",
        ],
    )
    r, v, u = ir.updates.local
    assert run([r], {"r": 0.0, "b": 0.0, "t": 2.0})["r"] == 13.0
    assert run([r], {"r": 0.0, "b": 1.0, "t": 0.0})["r"] == 24.0
    assert v.expr == 1
    assert run([u], {"u": 0.0, "t": 2.0})["u"] == 5.0
    assert run([u], {"u": 0.0, "t": 1.0})["u"] == 6.0


# -- numeric spike conditions ------------------------------------------------------------
@pytest.mark.parametrize(
    "spike, env, fires",
    [
        ("modulo(t, 3)", {"t": 4.0}, True),
        ("modulo(t, 3)", {"t": 6.0}, False),
        ("v", {"v": 0.5}, True),
        ("v", {"v": 0.0}, False),
        ("v - 2", {"v": 2.0}, False),
    ],
)
def test_numeric_spike_condition_is_non_zero(spike, env, fires):
    ir = parse_neuron("N", equations="v = t", spike=spike)
    assert isinstance(ir.spike, sp.Ne)
    assert value(ir.spike, env) == float(fires)


def test_boolean_spike_condition_is_kept():
    ir = parse_neuron("N", equations="v = t", spike="v > 1")
    assert ir.spike == sp.Gt(sp.Symbol("v"), 1)


# -- pre.sum / post.sum ------------------------------------------------------------------
def test_pre_and_post_sum_in_rate_synapse():
    ir = parse_synapse(
        "S", equations=["x = pre.sum(exc)", "y = post.sum(exc) * pre.r + post.sum(mod)"]
    )
    assert ir.pre_refs == ("_sum_exc", "r")
    assert ir.post_refs == ("_sum_exc", "_sum_mod")
    x, y = ir.updates.local
    env = {"x": 0.0, "y": 0.0, "pre._sum_exc": 2.0, "post._sum_exc": 3.0, "pre.r": 0.5}
    assert run([x], dict(env))["x"] == 2.0
    assert run([y], {**env, "post._sum_mod": 1.0})["y"] == 2.5
