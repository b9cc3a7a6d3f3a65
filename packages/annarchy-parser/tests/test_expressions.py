"""Expressions: operators, built-ins, conditionals, constants and user functions."""

from __future__ import annotations

import math

import pytest
import sympy as sp
from annarchy_parser import ParserError, parse_neuron
from annarchy_parser.functions import clip, ite, modulo, neg, pos
from parser_testutils import value


def rhs(expr, parameters=None, **kw):
    """The sympy expression of 'r = expr' in a rate neuron with parameters a, b, c."""
    params = {"a": 1.0, "b": 2.0, "c": 3.0} if parameters is None else parameters
    ir = parse_neuron("E", params, f"r = {expr}", **kw)
    return ir.updates.local[0].expr


ENV = {"a": 1.5, "b": -2.0, "c": 3.0, "r": 0.0, "t": 4.0, "dt": 0.5}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a + b * c", 1.5 - 6.0),
        ("a ^ 2", 2.25),
        ("a ** 3", 3.375),
        ("-a / 3", -0.5),
        ("c / 2", 1.5),
        ("pos(b) + positive(a)", 1.5),
        ("neg(b) + negative(a)", -2.0),
        ("clip(c, 0, 2) + clip(b, 0, 1)", 2.0),
        ("modulo(7, 3)", 1.0),
        ("power(a, 3)", 3.375),
        ("fabs(b) + abs(b)", 4.0),
        ("sqrt(c*c)", 3.0),
        ("exp(0) + log(1) + ln(1)", 1.0),
        ("pow(b, 2)", 4.0),
        ("floor(a) + ceil(a)", 3.0),
        ("round(a)", 2.0),
        ("sign(b)", -1.0),
        ("tanh(0) + sin(0) + cos(0) + tan(0)", 1.0),
        ("pi", math.pi),
        ("t / dt", 8.0),
        ("max(a, c) + min(a, c)", 4.5),
        ("2e-3 * 1000", 2.0),
    ],
)
def test_arithmetic_and_builtins(text, expected):
    assert value(rhs(text), ENV) == pytest.approx(expected, abs=1e-14)


def test_caret_is_power_with_power_precedence():
    a, b, c = sp.symbols("a b c")
    assert rhs("a^2") == a**2
    assert rhs("a - b^2 * c") == a - b**2 * c
    assert rhs("-a^2") == -(a**2)
    assert rhs("a^b^c") == a ** (b**c)


def test_builtin_functions_are_sympy_functions():
    a, b = sp.symbols("a b")
    assert rhs("pos(a)") == pos(a)
    assert rhs("negative(a)") == neg(a)
    assert rhs("clip(a, 0, b)") == clip(a, 0, b)
    assert rhs("modulo(a, 3)") == modulo(a, 3)


@pytest.mark.parametrize(
    "text",
    [
        "ite(a > 0, b, c)",
        "if a > 0: b else: c",
        "if (a > 0): b else: c",
        "(if a > 0: b else: c)",
        "b if a > 0 else c",
    ],
)
def test_conditionals_are_ite(text):
    a, b, c = sp.symbols("a b c")
    assert rhs(text) == ite(a > 0, b, c)


@pytest.mark.parametrize(
    "cond, expected",
    [
        ("(a > 0) and (b < 0)", 1.0),
        ("a > 0 and b > 0", 0.0),
        ("(a < 0) or (not(b > 0))", 1.0),
        ("not a > 0", 0.0),
        ("a is 1.5", 1.0),
        ("a is not 1.5", 0.0),
        ("a == 1.5", 1.0),
        ("a != 1.5", 0.0),
        ("0 < a <= 2", 1.0),
        ("True", 1.0),
        ("False or (c >= 3)", 1.0),
    ],
)
def test_condition_vocabulary(cond, expected):
    assert value(rhs(f"if {cond}: 1.0 else: 0.0"), ENV) == expected


def test_nested_multiline_conditional():
    ir = parse_neuron(
        "C",
        {},
        """
        mp = t
        r = if mp < 1. :
                if mp > 0.:
                    mp
                else:
                    0.
            else:
                1.
    """,
    )
    expr = ir.updates.local[1].expr
    assert [value(expr, {"mp": m}) for m in (-1.0, 0.25, 3.0)] == [0.0, 0.25, 1.0]


def test_boolean_in_arithmetic_becomes_zero_one():
    expr = rhs("(a > 0) * 2 + c")
    assert value(expr, ENV) == 5.0
    assert value(expr, {**ENV, "a": -1.0}) == 3.0


def test_constants_are_symbols():
    ir = parse_neuron("K", {}, "r = tau_exc * 2", constants=("tau_exc",))
    assert ir.updates.local[0].expr == 2 * sp.Symbol("tau_exc")
    assert ir.constants == ("tau_exc",)


def test_parameter_shadows_constant():
    ir = parse_neuron("K", {"tau": 5.0}, "r = tau", constants=("tau",))
    assert ir.attribute("tau").kind == "parameter"


def test_time_and_step():
    assert rhs("10.0 * (sin(2*pi*a*t/1000.0 + pi/4) + 1.0)").free_symbols == {
        sp.Symbol("a"),
        sp.Symbol("t"),
    }


def test_unknown_name_is_reported():
    with pytest.raises(ParserError, match="unknown name 'zz'") as exc:
        rhs("a + zz")
    assert exc.value.model == "E" and exc.value.token == "zz"
    assert "r = a + zz" in str(exc.value)


def test_wrong_number_of_arguments():
    with pytest.raises(ParserError, match=r"clip\(\) takes 3"):
        rhs("clip(a, 1)")
