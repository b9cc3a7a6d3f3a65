"""A minimal stand-in for ``annarchy_parser.printers`` while the parser's printer is not there.

Only used by the tests (see ``conftest.py``): it follows the documented interface
``CPrinter(symbols, float_type).expr(e) / .statements(stmts)`` and ``C_HELPERS``.
"""

from __future__ import annotations

import sympy as sp
from annarchy_parser.ir import Assign, Bound
from sympy.printing.c import C99CodePrinter

C_HELPERS = """
static inline double pos(double x) { return x > 0.0 ? x : 0.0; }
static inline double positive(double x) { return x > 0.0 ? x : 0.0; }
static inline double neg(double x) { return x < 0.0 ? x : 0.0; }
static inline double negative(double x) { return x < 0.0 ? x : 0.0; }
static inline double clip(double x, double a, double b) { return x < a ? a : (x > b ? b : x); }
static inline double ite(bool c, double a, double b) { return c ? a : b; }
static inline double modulo(double a, double b) { return fmod(a, b); }
"""


class _Printer(C99CodePrinter):
    def __init__(self, symbols):
        super().__init__({"allow_unknown_functions": True})
        self._symbols = symbols

    def _print_Symbol(self, expr):
        try:
            return self._symbols[expr.name]
        except KeyError:
            raise KeyError(f"symbol '{expr.name}' has no C mapping") from None

    def _print_Function(self, expr):
        name = type(expr).__name__
        if name in ("pos", "neg", "clip", "ite", "modulo", "positive", "negative") or (
            not hasattr(sp, name)
        ):
            return f"{name}({', '.join(self._print(a) for a in expr.args)})"
        return super()._print_Function(expr)

    def _print_BooleanTrue(self, expr):
        return "true"

    def _print_BooleanFalse(self, expr):
        return "false"


class CPrinter:
    def __init__(self, symbols, float_type: str = "double"):
        self._printer = _Printer(dict(symbols))
        self.symbols = dict(symbols)
        self.float_type = float_type

    def expr(self, e) -> str:
        return self._printer.doprint(sp.sympify(e))

    def statements(self, stmts) -> list[str]:
        lines = []
        for st in stmts:
            if isinstance(st, Assign):
                value = self.expr(st.expr)
                if st.temp:
                    lines.append(f"{st.ctype} {st.target} = {value};")
                else:
                    lines.append(f"{self.symbols[st.target]} {st.op} {value};")
            elif isinstance(st, Bound):
                target = self.symbols[st.target]
                if st.min is not None:
                    lines.append(f"if ({target} < {self.expr(st.min)}) {target} = {self.expr(st.min)};")
                if st.max is not None:
                    lines.append(f"if ({target} > {self.expr(st.max)}) {target} = {self.expr(st.max)};")
        return lines
