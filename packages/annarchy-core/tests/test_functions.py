"""Evaluating parsed functions from Python (no eval/exec of user text)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from ANNarchy.core.evaluate import numpy_function
from ANNarchy.errors import ANNarchyException
from annarchy_parser.ir import FunctionDef

x, a, k = sp.symbols("x a k")


def test_numpy_function_piecewise_and_builtins():
    fdef = FunctionDef(
        "f",
        ("x", "a"),
        sp.Piecewise((a, x < a), (x, True)) + sp.Function("pos")(x - 1) + sp.exp(x) / 2,
    )
    f = numpy_function(fdef)
    xs = np.array([0.0, 1.0, 2.0])
    expected = np.where(xs < 1.0, 1.0, xs) + np.maximum(xs - 1, 0) + np.exp(xs) / 2
    assert np.allclose(f(xs, [1.0, 1.0, 1.0]), expected)
    assert f.__name__ == "f"


def test_user_function_calling_another():
    sigmoid = FunctionDef("sigmoid", ("x", "k"), 1 / (1 + sp.exp(-x * k)))
    twice = FunctionDef("twice", ("x",), 2 * sp.Function("sigmoid")(x, 1.0))
    f = numpy_function(twice, {"sigmoid": sigmoid})
    assert np.allclose(f([0.0, 1.0]), 2 / (1 + np.exp(-np.array([0.0, 1.0]))))


def test_unknown_function_is_refused():
    fdef = FunctionDef("g", ("x",), sp.Function("mystery")(x))
    with pytest.raises(ANNarchyException, match="'mystery' cannot be evaluated"):
        numpy_function(fdef)([1.0])


def test_add_function_and_functions(monkeypatch, rate_neuron):
    import ANNarchy as ann
    import annarchy_parser

    sq = FunctionDef("sq", ("x",), x * x)
    monkeypatch.setattr(annarchy_parser, "parse_function", lambda text: [sq], raising=False)
    ann.add_function("sq(x) = x * x")
    assert np.allclose(ann.functions("sq")([1.0, 2.0, 3.0]), [1.0, 4.0, 9.0])
    assert ann.Network()._parse_settings().global_functions == (sq,)
    ann.add_function("sq(x) = x * x")  # the same definition again is harmless
    other = FunctionDef("sq", ("x",), x + 1)
    monkeypatch.setattr(annarchy_parser, "parse_function", lambda text: other)
    with pytest.raises(ANNarchyException, match="already defined differently"):
        ann.add_function("sq(x) = x + 1")
    with pytest.raises(ANNarchyException, match="no global function named 'cube'"):
        ann.functions("cube")


def test_model_functions_are_methods(rate_neuron):
    import dataclasses

    import ANNarchy as ann

    pop = ann.Network().create(3, rate_neuron)
    sigmoid = FunctionDef("sigmoid", ("x", "k"), 1 / (1 + sp.exp(-x * k)))
    pop._ir = dataclasses.replace(pop._ir, functions=(sigmoid,))
    xs = np.linspace(-1.0, 1.0, 5)
    assert np.allclose(pop.sigmoid(xs, np.ones(5)), 1 / (1 + np.exp(-xs)))
    assert pop.functions == ["sigmoid"]


def test_builtins_follow_the_generated_code():
    """modulo truncates its operands as the generated code's ``ann_modulo`` (C's ``%``), round
    rounds halfway cases away from zero as C's ``round``, and ``power`` is known."""
    from annarchy_parser.functions import modulo, power, round_

    b = sp.Symbol("b")
    fmod = numpy_function(FunctionDef("m", ("x", "b"), modulo(x, b)))
    assert fmod([-7.0, 7.5, -7.0, 3.0], [3.0, 2.0, -3.0, 0.5]).tolist()[:3] == [-1.0, 1.0, -1.0]
    assert np.isnan(fmod([3.0], [0.5])[0])  # a divisor truncated to 0
    frnd = numpy_function(FunctionDef("r", ("x",), round_(x)))
    assert frnd([2.5, -2.5, 0.4, 1.5]).tolist() == [3.0, -3.0, 0.0, 2.0]
    fpow = numpy_function(FunctionDef("p", ("x",), power(x, 3)))
    assert fpow([2.0, -1.5]).tolist() == [8.0, -3.375]
