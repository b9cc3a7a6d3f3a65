"""Evaluate the parser's sympy expressions on numpy arrays, by walking the expression tree.

Used to call user functions from Python (``ann.functions('f')(x)``, ``pop.sigmoid(x, k)``).
Nothing is printed to source text nor passed to ``eval``/``exec``/``lambdify``: each node type
maps to one numpy operation, and an unknown node raises.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import sympy as sp

from ..errors import ANNarchyException


def _ite(c, a, b):
    return np.where(np.asarray(c, dtype=bool), a, b)


def _modulo(a, b):
    """As the generated code's ``modulo``: the remainder of the truncated operands (C's ``%``),
    NaN when the truncated divisor is 0."""
    d = np.trunc(np.asarray(b, dtype=float))
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.fmod(np.trunc(np.asarray(a, dtype=float)), d) + 0.0
    return np.where(d == 0.0, np.nan, out)


def _round(x):
    """C's ``round``: halfway cases away from zero."""
    x = np.asarray(x, dtype=float)
    return np.copysign(np.floor(np.abs(x) + 0.5), x)


_UNARY = {
    "exp": np.exp,
    "log": np.log,
    "sin": np.sin,
    "cos": np.cos,
    "tan": np.tan,
    "asin": np.arcsin,
    "acos": np.arccos,
    "atan": np.arctan,
    "sinh": np.sinh,
    "cosh": np.cosh,
    "tanh": np.tanh,
    "asinh": np.arcsinh,
    "acosh": np.arccosh,
    "atanh": np.arctanh,
    "Abs": np.abs,
    "fabs": np.abs,
    "sign": np.sign,
    "floor": np.floor,
    "ceiling": np.ceil,
    "ceil": np.ceil,
    "sqrt": np.sqrt,
    "log10": np.log10,
    "log2": np.log2,
    "exp2": np.exp2,
    "erf": None,  # resolved lazily from scipy
    "pos": lambda x: np.maximum(x, 0.0),
    "positive": lambda x: np.maximum(x, 0.0),
    "neg": lambda x: np.minimum(x, 0.0),
    "negative": lambda x: np.minimum(x, 0.0),
    "Not": np.logical_not,
    "round": _round,
    "round_": _round,
}
_NARY = {
    "Add": lambda *a: _fold(np.add, a),
    "Mul": lambda *a: _fold(np.multiply, a),
    "Max": lambda *a: _fold(np.maximum, a),
    "Min": lambda *a: _fold(np.minimum, a),
    "And": lambda *a: _fold(np.logical_and, a),
    "Or": lambda *a: _fold(np.logical_or, a),
    "Pow": np.power,
    "pow": np.power,
    "power": np.power,
    "Mod": _modulo,
    "modulo": _modulo,
    "fmod": np.fmod,
    "atan2": np.arctan2,
    "clip": np.clip,
    "ite": _ite,
    "StrictGreaterThan": np.greater,
    "GreaterThan": np.greater_equal,
    "StrictLessThan": np.less,
    "LessThan": np.less_equal,
    "Equality": np.equal,
    "Unequality": np.not_equal,
    "Xor": np.logical_xor,
}


def _fold(fn, args):
    out = args[0]
    for arg in args[1:]:
        out = fn(out, arg)
    return out


class FunctionEvaluator:
    """Evaluate expressions that may call user functions.

    Parameters
    ----------
    functions : Mapping[str, FunctionDef]
        User functions by name (``FunctionDef.args``/``FunctionDef.expr``).
    """

    def __init__(self, functions: Mapping[str, object] | None = None):
        self.functions = dict(functions or {})

    def __call__(self, expr: sp.Basic, env: Mapping[str, object]):
        """The value of ``expr`` with the symbols of ``env`` (numbers or arrays)."""
        return self._value(expr, env)

    def _value(self, expr, env):
        if expr.is_Symbol:
            try:
                return env[expr.name]
            except KeyError:
                raise ANNarchyException(f"Unknown name '{expr.name}' in a function.") from None
        if expr.is_Number or expr.is_NumberSymbol:
            return float(expr)
        if expr is sp.true or expr is sp.false:
            return bool(expr)
        if isinstance(expr, sp.Piecewise):
            return self._piecewise(expr, env)
        name = expr.func.__name__
        args = [self._value(a, env) for a in expr.args]
        if name in self.functions:
            return self.call(name, args)
        return _apply(name, args)

    def _piecewise(self, expr, env):
        result = None
        for value, cond in reversed(expr.args):
            v = self._value(value, env)
            c = self._value(cond, env)
            result = v if result is None else np.where(np.asarray(c, dtype=bool), v, result)
        return result

    def call(self, name: str, args: list):
        """Call the user function ``name`` with already evaluated arguments.

        Parameters
        ----------
        name : str
            Name of the function (global or of the model).
        args : list
            Its arguments, evaluated (numbers or numpy arrays).

        Returns
        -------
        numpy.ndarray or float
        """
        fdef = self.functions[name]
        if len(args) != len(fdef.args):
            raise ANNarchyException(
                f"Function '{name}' takes {len(fdef.args)} arguments, got {len(args)}."
            )
        return self._value(fdef.expr, dict(zip(fdef.args, args, strict=True)))


def _apply(name: str, args: list):
    if name == "erf":
        from scipy.special import erf

        return erf(*args)
    if len(args) == 1 and _UNARY.get(name) is not None:
        return _UNARY[name](args[0])
    if name in _NARY:
        return _NARY[name](*args)
    raise ANNarchyException(f"The function '{name}' cannot be evaluated from Python.")


def numpy_function(fdef, functions: Mapping[str, object] | None = None) -> Callable:
    """A Python callable evaluating the user function ``fdef`` on lists or 1D arrays.

    Parameters
    ----------
    fdef : FunctionDef
        The function to evaluate.
    functions : Mapping[str, FunctionDef], optional
        Other user functions it may call.

    Returns
    -------
    callable
        ``f(*arrays) -> numpy.ndarray``.
    """
    known = dict(functions or {})
    known[fdef.name] = fdef
    evaluator = FunctionEvaluator(known)

    def call(*args):
        arrays = [np.asarray(a, dtype=float) for a in args]
        out = evaluator.call(fdef.name, arrays)
        shape = np.broadcast_shapes(*(a.shape for a in arrays)) if arrays else ()
        return np.broadcast_to(np.asarray(out, dtype=float), shape).copy()

    call.__name__ = fdef.name
    call.__doc__ = f"{fdef.name}({', '.join(fdef.args)}) = {fdef.expr}"
    return call
