"""Built-in functions of the equation language, as sympy ``Function`` classes and tables.

The built-ins that C has no direct counterpart for (``pos``, ``neg``, ``clip``, ``modulo``,
``power``, ``ite``) are sympy functions defined here. They evaluate when all their arguments
are numbers, so substituting numbers into an IR expression gives a number; otherwise they stay
symbolic and the printers turn them into calls of the helpers of ``printers.C_HELPERS``.

The tables map the names a user may call in an equation to a builder of the sympy expression
and the accepted argument counts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import sympy as sp


def _all_numbers(*args: sp.Basic) -> bool:
    return all(getattr(a, "is_Number", False) for a in args)


def _truncated(value: sp.Basic) -> float:
    """A sympy number as a float truncated toward 0 (NaN when it has no real value)."""
    try:
        f = float(value)
    except (TypeError, ValueError):
        return math.nan
    return float(math.trunc(f)) if math.isfinite(f) else f


class pos(sp.Function):
    """Positive part: ``x`` if ``x > 0`` else ``0``."""

    nargs = 1

    @classmethod
    def eval(cls, x):
        if _all_numbers(x):
            return x if x > 0 else sp.Integer(0)
        return None


class neg(sp.Function):
    """Negative part: ``x`` if ``x < 0`` else ``0``."""

    nargs = 1

    @classmethod
    def eval(cls, x):
        if _all_numbers(x):
            return x if x < 0 else sp.Integer(0)
        return None


class clip(sp.Function):
    """``x`` saturated into ``[a, b]``."""

    nargs = 3

    @classmethod
    def eval(cls, x, a, b):
        if _all_numbers(x, a, b):
            if x < a:
                return a
            return b if x > b else x
        return None


class modulo(sp.Function):
    """Remainder of the truncated operands (C semantics: ``long(a) % long(b)``).

    Like the floating-point remainder ``fmod``, it is NaN when the truncated divisor is 0 or an
    operand is not finite (it never traps).
    """

    nargs = 2

    @classmethod
    def eval(cls, a, b):
        if _all_numbers(a, b):
            fa, fb = _truncated(a), _truncated(b)
            if fb == 0 or math.isnan(fa) or math.isnan(fb) or math.isinf(fa):
                return sp.nan
            if math.isinf(fb):
                return sp.Integer(int(fa))
            ia, ib = int(fa), int(fb)
            rem = abs(ia) % abs(ib)
            return sp.Integer(rem if ia >= 0 else -rem)
        return None


# exponents up to this one are computed by repeated multiplication (beyond: pow())
POWER_MULTIPLY_MAX = 8


class power(sp.Function):
    """``x`` to the power ``n``: repeated multiplication for a natural ``n`` up to
    `POWER_MULTIPLY_MAX`, the math library's ``pow`` otherwise."""

    nargs = 2

    @classmethod
    def eval(cls, x, n):
        if not _all_numbers(x, n):
            return None
        fn = float(n)
        if 0 <= fn <= POWER_MULTIPLY_MAX and fn == int(fn):
            return x ** int(fn)
        try:
            return sp.Float(math.pow(float(x), fn))
        except OverflowError:
            return sp.oo
        except ValueError:
            return sp.nan


class ite(sp.Function):
    """If-then-else: ``ite(cond, a, b)`` is ``a`` when ``cond`` holds, ``b`` otherwise."""

    nargs = 3

    @classmethod
    def eval(cls, cond, a, b):
        if cond is sp.true:
            return a
        if cond is sp.false:
            return b
        if getattr(cond, "is_Number", False):
            return a if cond != 0 else b
        return None

    def _eval_derivative(self, s):
        cond, a, b = self.args
        return ite(cond, sp.diff(a, s), sp.diff(b, s))


class round_(sp.Function):
    """Round half away from zero (C ``round``)."""

    nargs = 1

    @classmethod
    def eval(cls, x):
        if _all_numbers(x):
            v = float(x)
            r = int(abs(v) + 0.5)
            return sp.Integer(r if v >= 0 else -r)
        return None


Builder = Callable[..., sp.Basic]

# name -> (builder, allowed argument counts)
FUNCTIONS: dict[str, tuple[Builder, tuple[int, ...]]] = {
    "pos": (pos, (1,)),
    "positive": (pos, (1,)),
    "neg": (neg, (1,)),
    "negative": (neg, (1,)),
    "clip": (clip, (3,)),
    "modulo": (modulo, (2,)),
    "power": (power, (2,)),
    "ite": (ite, (3,)),
    "exp": (sp.exp, (1,)),
    "log": (sp.log, (1,)),
    "ln": (sp.log, (1,)),
    "log10": (lambda x: sp.log(x, 10), (1,)),
    "log2": (lambda x: sp.log(x, 2), (1,)),
    "sqrt": (sp.sqrt, (1,)),
    "sin": (sp.sin, (1,)),
    "cos": (sp.cos, (1,)),
    "tan": (sp.tan, (1,)),
    "asin": (sp.asin, (1,)),
    "acos": (sp.acos, (1,)),
    "atan": (sp.atan, (1,)),
    "atan2": (sp.atan2, (2,)),
    "sinh": (sp.sinh, (1,)),
    "cosh": (sp.cosh, (1,)),
    "tanh": (sp.tanh, (1,)),
    "fabs": (sp.Abs, (1,)),
    "abs": (sp.Abs, (1,)),
    "pow": (sp.Pow, (2,)),
    "floor": (sp.floor, (1,)),
    "ceil": (sp.ceiling, (1,)),
    "round": (round_, (1,)),
    "sign": (sp.sign, (1,)),
    "fmod": (sp.Mod, (2,)),
    "fmin": (sp.Min, (2,)),
    "fmax": (sp.Max, (2,)),
}

# Calls with a meaning of their own, handled by the model builder (not plain functions).
SPECIAL_CALLS = ("sum", "mean", "min", "max", "norm1", "norm2")
GLOBAL_OPS = ("mean", "min", "max", "norm1", "norm2")

# Random distributions usable in equations: name -> allowed argument counts.
DISTRIBUTIONS: dict[str, tuple[int, ...]] = {
    "Uniform": (2,),
    "DiscreteUniform": (2,),
    "Normal": (2, 3, 4),
    "LogNormal": (2, 3, 4),
    "Exponential": (1, 2, 3),
    "Gamma": (1, 2, 3, 4),
    "Binomial": (2,),
}

# Names with a fixed meaning: they cannot be used as attribute or function names.
CONSTANT_NAMES: dict[str, sp.Basic] = {
    "pi": sp.pi,
    "True": sp.true,
    "False": sp.false,
    "true": sp.true,
    "false": sp.false,
}
_USER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


def is_user_name(name: object) -> bool:
    """Whether ``name`` may name something the user declares (attribute, target, constant,
    function): ASCII letters, digits and ``_``, starting with a letter. Generated code uses
    such a name only behind a prefix (``L_v``, ``S_exc``, ``K_tau``, ``ann_fn_f``), and names
    starting with ``_`` stay free for the parser's and the backends' own symbols.

    Examples
    --------
    >>> is_user_name("g_exc"), is_user_name("in"), is_user_name("_x"), is_user_name("é")
    (True, True, False, False)
    """
    return isinstance(name, str) and _USER_NAME.match(name) is not None


USER_FUNCTION_PREFIX = "ann_fn_"
"""Prefix of the C name of a user function (``f`` -> ``ann_fn_f``): no user function can
collide with a C/C++ name (``int``, ``rand``, ``printf``, macros) or a generated one."""


def c_function_name(name: str) -> str:
    """The C name of the user function ``name`` (see `USER_FUNCTION_PREFIX`)."""
    return USER_FUNCTION_PREFIX + name


RESERVED_NAMES = frozenset(
    set(FUNCTIONS)
    | set(SPECIAL_CALLS)
    | set(DISTRIBUTIONS)
    | set(CONSTANT_NAMES)
    | {"t", "dt", "pre", "post", "if", "else", "and", "or", "not", "is", "in", "g_target"}
)
