"""User functions: add_function and the functions of a model."""

from __future__ import annotations

import pytest
import sympy as sp
from annarchy_parser import FunctionDef, ParserError, parse_function, parse_functions, parse_neuron
from annarchy_parser.functions import ite
from parser_testutils import value


def test_simple_function():
    f = parse_function("f(x, y) = x + y")
    assert f == FunctionDef("f", ("x", "y"), sp.Symbol("x") + sp.Symbol("y"))


def test_multiline_conditional_function():
    f = parse_function("""
        piecewise(x, a, b) = if x < a:
                                a
                             else:
                                if x > b :
                                    b
                                else:
                                    x
    """)
    x, a, b = sp.symbols("x a b")
    assert f.expr == ite(x < a, a, ite(x > b, b, x))
    assert [value(f.expr, {"x": v, "a": 0.0, "b": 1.0}) for v in (-1, 0.5, 2)] == [0.0, 0.5, 1.0]


def test_function_types():
    f = parse_function(
        "conditional_increment(c, v, t) = if v > t : c + 1 else: c : int, int, float, float"
    )
    assert (f.return_type, f.arg_types) == ("int", ("int", "double", "double"))
    with pytest.raises(ParserError, match="give 4 types"):
        parse_function("g(c, v, t) = c : int, int")


def test_function_body_sees_only_arguments_and_constants():
    f = parse_function("scaled(x) = k * x", constants=["k"])
    assert f.expr == sp.Symbol("k") * sp.Symbol("x")
    with pytest.raises(ParserError, match="unknown name 'tau'"):
        parse_function("bad(x) = tau * x")


def test_global_function_used_in_a_neuron_and_another_function():
    logistic = parse_function("logistic(x) = 1 / (1 + exp(-x))")
    double = parse_function("double_logistic(x) = 2 * logistic(x)", global_functions=[logistic])
    ir = parse_neuron("N", {}, "r = double_logistic(t)", global_functions=[logistic, double])
    expr = ir.updates.local[0].expr
    assert value(expr, {"t": 0.0}, functions=[logistic, double]) == pytest.approx(1.0)


def test_local_function_overrides_global():
    glob = parse_function("f(x) = x")
    ir = parse_neuron("N", {}, "r = f(2)", functions="f(x) = 3 * x", global_functions=[glob])
    assert value(ir.updates.local[0].expr, {}, functions=ir.functions) == 6.0


def test_function_errors():
    with pytest.raises(ParserError, match="reads 'name"):
        parse_function("f = 1")
    with pytest.raises(ParserError, match="built-in or reserved"):
        parse_function("exp(x) = x")
    with pytest.raises(ParserError, match="distinct"):
        parse_function("f(x, x) = x")
    with pytest.raises(ParserError, match="defined twice"):
        parse_functions("f(x) = x\nf(y) = y")
    with pytest.raises(ParserError, match=r"f\(\) takes 1"):
        parse_neuron("N", {}, "r = f(1, 2)", functions="f(x) = x")
