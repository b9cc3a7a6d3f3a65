"""C/C++/CUDA printers of IR expressions and statements.

`CPrinter` extends sympy's C99 code printer: every symbol goes through the mapping
given by the backend (a symbol missing from it raises `UnmappedSymbolError`, so nothing
unmapped reaches the generated code), numbers are printed as floating-point literals with
full precision, and the built-ins of `annarchy_parser.functions` are printed as calls of
the helpers defined in `C_HELPERS` (C++) and `CUDA_HELPERS` (CUDA device code).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import sympy as sp
from sympy.codegen.ast import float32, real
from sympy.core.function import AppliedUndef
from sympy.printing.c import C99CodePrinter

from .errors import ParserError
from .functions import c_function_name, clip, ite, modulo, neg, pos, power, round_
from .ir import Assign, Bound, Statement

_HELPER_NAMES = {
    pos: "ann_pos",
    neg: "ann_neg",
    clip: "ann_clip",
    modulo: "ann_modulo",
    power: "ann_power",
}


def number(value: bool | int | float) -> sp.Basic:
    """A Python number as a sympy number, built directly (never through ``sympify``)."""
    if isinstance(value, bool):
        return sp.true if value else sp.false
    if isinstance(value, int):
        return sp.Integer(value)
    return sp.Float(value)


class UnmappedSymbolError(ParserError, KeyError):
    """A symbol of an expression has no entry in the printer's mapping."""

    def __str__(self) -> str:  # KeyError would quote the message
        return Exception.__str__(self)


class CPrinter(C99CodePrinter):
    """Print IR expressions and statements as C/C++ (or CUDA) code.

    Parameters
    ----------
    symbols : Mapping[str, str]
        IR symbol name -> C expression (``{"v": "v[i]", "pre.r": "pre_r[j]"}``).
        Temporaries declared by ``Assign(temp=True)`` in `statements` are added.
    float_type : str
        'double' or 'float' (f-suffixed literals and float math functions).

    Examples
    --------
    >>> import sympy as sp
    >>> CPrinter({"v": "v[i]", "tau": "tau"}).expr(-sp.Symbol("v") / sp.Symbol("tau"))
    '-v[i]/tau'
    """

    def __init__(self, symbols: Mapping[str, str], float_type: str = "double"):
        if float_type not in ("double", "float"):
            raise ValueError(f"float_type must be 'double' or 'float', got {float_type!r}")
        settings: dict = {"allow_unknown_functions": True}
        if float_type == "float":
            settings["type_aliases"] = {real: float32}
        super().__init__(settings)
        self.symbols = dict(symbols)
        self.float_type = float_type
        self._suffix = "f" if float_type == "float" else ""
        self._temps: set[str] = set()

    # -- public API ---------------------------------------------------------------------
    def expr(self, expr: sp.Basic) -> str:
        """The C expression of an IR expression."""
        return self._print(number(expr) if isinstance(expr, (int, float, bool)) else expr)

    def statements(self, stmts: Iterable[Statement]) -> list[str]:
        """One C statement per line: assignments, temporaries' declarations and bounds."""
        lines: list[str] = []
        for stmt in stmts:
            if isinstance(stmt, Assign):
                lines.append(self._assign(stmt))
            elif isinstance(stmt, Bound):
                lines += self._bound(stmt)
            else:
                raise TypeError(f"not an IR statement: {stmt!r}")
        return lines

    def statements_unless(self, stmts: Iterable[Statement], hold: str) -> list[str]:
        """Like `statements`, but each target keeps its value where the C condition ``hold``
        is true, without a branch (``x = hold ? x : (x + dx);``) so that loops over elements
        still vectorise; temporaries are declared as usual."""
        lines: list[str] = []
        for stmt in stmts:
            if isinstance(stmt, Assign) and stmt.temp:
                lines.append(self._assign(stmt))
            elif isinstance(stmt, Assign):
                target, value = self._name(stmt.target), self.expr(stmt.expr)
                if stmt.op != "=":
                    value = f"{target} {stmt.op[0]} ({value})"
                lines.append(f"{target} = ({hold}) ? {target} : ({value});")
            elif isinstance(stmt, Bound):
                target = self._name(stmt.target)
                for limit, cmp in ((stmt.min, "<"), (stmt.max, ">")):
                    if limit is not None:
                        value = self.expr(limit)
                        lines.append(
                            f"{target} = (!({hold}) && {target} {cmp} {value}) ? ({value}) : {target};"
                        )
            else:
                raise TypeError(f"not an IR statement: {stmt!r}")
        return lines

    # -- statements ---------------------------------------------------------------------
    def _assign(self, stmt: Assign) -> str:
        value = self.expr(stmt.expr)
        if stmt.temp:
            self._temps.add(stmt.target)
            ctype = self.float_type if stmt.ctype == "double" else stmt.ctype
            return f"{ctype} {stmt.target} = {value};"
        return f"{self._name(stmt.target)} {stmt.op} {value};"

    def _bound(self, stmt: Bound) -> list[str]:
        target = self._name(stmt.target)
        out = []
        if stmt.min is not None:
            low = self.expr(stmt.min)
            out.append(f"if ({target} < {low}) {target} = {low};")
        if stmt.max is not None:
            high = self.expr(stmt.max)
            out.append(f"if ({target} > {high}) {target} = {high};")
        return out

    def _name(self, name: str) -> str:
        if name in self._temps:
            return name
        try:
            return self.symbols[name]
        except KeyError:
            raise UnmappedSymbolError(
                f"the symbol '{name}' has no C name: add it to the printer's mapping",
                token=name,
            ) from None

    # -- atoms --------------------------------------------------------------------------
    def _print_Symbol(self, expr: sp.Symbol) -> str:
        return self._name(expr.name)

    def _print_Dummy(self, expr: sp.Dummy) -> str:
        raise UnmappedSymbolError(f"internal symbol '{expr}' cannot be printed", token=str(expr))

    def _literal(self, value: float) -> str:
        if math.isnan(value):
            return "NAN"
        if math.isinf(value):
            return "INFINITY" if value > 0 else "-INFINITY"
        text = repr(float(value))
        if "." not in text and "e" not in text:
            text += ".0"
        return text + self._suffix

    def _print_Float(self, expr: sp.Float) -> str:
        return self._literal(float(expr))

    def _print_Integer(self, expr: sp.Integer) -> str:
        return self._literal(float(int(expr)))

    def _print_Rational(self, expr: sp.Rational) -> str:
        return self._literal(float(expr))  # correctly rounded, like the C division

    def parenthesize(self, item, level, strict=False) -> str:
        if isinstance(item, sp.Rational) and not item.is_Integer and item > 0:
            return self._print(item)  # printed as one literal
        return super().parenthesize(item, level, strict)

    def _print_Half(self, expr) -> str:
        return self._print_Rational(expr)

    def _print_Zero(self, expr) -> str:
        return self._literal(0.0)

    def _print_One(self, expr) -> str:
        return self._literal(1.0)

    def _print_NegativeOne(self, expr) -> str:
        return self._literal(-1.0)

    def _print_Pi(self, expr) -> str:
        return self._literal(math.pi)

    def _print_Exp1(self, expr) -> str:
        return self._literal(math.e)

    def _print_Infinity(self, expr) -> str:
        return self._literal(math.inf)

    def _print_NegativeInfinity(self, expr) -> str:
        return self._literal(-math.inf)

    def _print_NaN(self, expr) -> str:
        return "NAN"

    def _print_ImaginaryUnit(self, expr) -> str:
        raise ParserError("complex numbers cannot be printed as C code")

    def _print_BooleanTrue(self, expr) -> str:
        return "true"

    def _print_BooleanFalse(self, expr) -> str:
        return "false"

    # -- functions ----------------------------------------------------------------------
    def _args(self, expr: sp.Basic) -> str:
        return ", ".join(self._print(a) for a in expr.args)

    def _print_ite(self, expr: ite) -> str:
        cond, then, other = (self._print(a) for a in expr.args)
        return f"(({cond}) ? ({then}) : ({other}))"

    def _print_round_(self, expr: round_) -> str:
        return f"round{self._suffix}({self._args(expr)})"

    def _print_Function(self, expr: sp.Function) -> str:
        helper = _HELPER_NAMES.get(type(expr))
        if helper is not None:
            return f"{helper}({self._args(expr)})"
        if isinstance(expr, AppliedUndef):  # a user function, behind its prefix
            return f"{c_function_name(expr.func.__name__)}({self._args(expr)})"
        return super()._print_Function(expr)

    def emptyPrinter(self, expr) -> str:  # noqa: N802 - sympy's name
        raise ParserError(f"cannot print '{expr}' ({type(expr).__name__}) as C code")


_HELPERS_BODY = """
ANN_QUALIFIER double ann_pos(double x) { return x > 0.0 ? x : 0.0; }
ANN_QUALIFIER float ann_pos(float x) { return x > 0.0f ? x : 0.0f; }
ANN_QUALIFIER double ann_neg(double x) { return x < 0.0 ? x : 0.0; }
ANN_QUALIFIER float ann_neg(float x) { return x < 0.0f ? x : 0.0f; }
ANN_QUALIFIER double ann_clip(double x, double a, double b) { return x < a ? a : (x > b ? b : x); }
ANN_QUALIFIER float ann_clip(float x, float a, float b) { return x < a ? a : (x > b ? b : x); }
// modulo: remainder of the truncated operands (C's % on integers), NaN (like fmod) when the
// truncated divisor is 0 or an operand is not finite: it never traps.
ANN_QUALIFIER double ann_modulo(double a, double b) {
    double d = trunc(b);
    return d == 0.0 ? (double)NAN : fmod(trunc(a), d) + 0.0;
}
ANN_QUALIFIER float ann_modulo(float a, float b) {
    float d = truncf(b);
    return d == 0.0f ? (float)NAN : fmodf(truncf(a), d) + 0.0f;
}
// integer (or mixed) operands: computed in double precision, like the generated code's numbers
template <typename A, typename B> ANN_QUALIFIER double ann_modulo(A a, B b) {
    return ann_modulo((double)a, (double)b);
}
// power: repeated multiplication for small natural exponents (0 to 8), pow() otherwise.
ANN_QUALIFIER double ann_power(double x, double n) {
    if (!(n >= 0.0 && n <= 8.0 && n == trunc(n))) return pow(x, n);
    double res = 1.0;
    for (int k = 0; k < (int)n; k++) res *= x;
    return res;
}
ANN_QUALIFIER float ann_power(float x, float n) {
    if (!(n >= 0.0f && n <= 8.0f && n == truncf(n))) return powf(x, n);
    float res = 1.0f;
    for (int k = 0; k < (int)n; k++) res *= x;
    return res;
}
template <typename A, typename B> ANN_QUALIFIER double ann_power(A x, B n) {
    return ann_power((double)x, (double)n);
}
"""

C_HELPERS = (
    "// Built-in functions of the ANNarchy equation language (C++).\n"
    "#ifndef ANN_PARSER_HELPERS_CPP\n#define ANN_PARSER_HELPERS_CPP\n#include <cmath>\n"
    "#undef ANN_QUALIFIER\n#define ANN_QUALIFIER inline\n" + _HELPERS_BODY + "#endif\n"
)
"""C++ source defining the helpers printed by `CPrinter` (``ann_pos``, ``ann_clip``...)."""

CUDA_HELPERS = (
    "// Built-in functions of the ANNarchy equation language (CUDA device code).\n"
    "#ifndef ANN_PARSER_HELPERS_CUDA\n#define ANN_PARSER_HELPERS_CUDA\n"
    "#undef ANN_QUALIFIER\n#define ANN_QUALIFIER __device__ inline\n" + _HELPERS_BODY + "#endif\n"
)
"""CUDA source defining the same helpers as ``__device__`` functions (NVRTC-compatible)."""
