"""Test-only numerical evaluator of IR statements (sympy substitution, no code generation)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import sympy as sp
from annarchy_parser.ir import Assign, Bound, FunctionDef, Statement


def inline_functions(expr: sp.Basic, functions: Iterable[FunctionDef] = ()) -> sp.Basic:
    """Replace calls of user functions by their bodies (functions may call each other)."""
    functions = list(functions)
    for _ in range(len(functions) + 1):
        before = expr
        for f in functions:
            lam = sp.Lambda(tuple(sp.Symbol(a) for a in f.args), f.expr)
            expr = expr.replace(sp.Function(f.name), lam)
        if expr == before:
            break
    return expr


def value(expr: sp.Basic, env: Mapping[str, float], functions: Iterable[FunctionDef] = ()) -> float:
    """Numerical value of ``expr`` with every symbol taken from ``env`` (KeyError if missing)."""
    expr = inline_functions(sp.sympify(expr), functions)
    subs = {s: sp.Float(env[s.name], 30) for s in expr.free_symbols}
    result = expr.xreplace(subs)
    if result is sp.true:
        return 1.0
    if result is sp.false:
        return 0.0
    return float(result)


def run(
    statements: Iterable[Statement],
    state: dict[str, float],
    functions: Iterable[FunctionDef] = (),
) -> dict[str, float]:
    """Execute statements in order on ``state`` (modified in place and returned)."""
    temps: dict[str, float] = {}
    for stmt in statements:
        env = {**state, **temps}
        if isinstance(stmt, Assign):
            v = value(stmt.expr, env, functions)
            if stmt.temp:
                temps[stmt.target] = v
                continue
            old = state[stmt.target]
            state[stmt.target] = {
                "=": v,
                "+=": old + v,
                "-=": old - v,
                "*=": old * v,
                "/=": old / v if v else float("nan"),
            }[stmt.op]
        elif isinstance(stmt, Bound):
            if stmt.min is not None:
                state[stmt.target] = max(state[stmt.target], value(stmt.min, env, functions))
            if stmt.max is not None:
                state[stmt.target] = min(state[stmt.target], value(stmt.max, env, functions))
    return state
