"""Divisions by loop-invariant values (``x / tau``) become multiplications by a reciprocal
computed once per kernel call (``const double R_tau = 1.0 / G_tau;``).

A division costs about ten times a multiplication and does not pipeline; the element loops of
neurons and synapses divide by parameters at every step. The reciprocal is written into the
source (rather than asking the compiler for ``-freciprocal-math``) so the vectorised and the
scalar iterations of a loop compute the same thing, and results do not depend on the number of
threads. Values differ from a true division by at most one rounding.
"""

from __future__ import annotations

import dataclasses

import sympy as sp
from annarchy_parser.ir import Assign

from .symbols import ValueDecl

#: prefixes of the C names of values that do not change inside an element loop
INVARIANT_PREFIXES = ("G_", "K_", "PreG_", "PostG_")


def invariant(cname: str) -> bool:
    """Whether the C name ``cname`` stands for a value constant during an element loop."""
    return cname == "dt" or cname.startswith(INVARIANT_PREFIXES)


def hoist(stmts, symbols: dict[str, str]) -> tuple[list, list[ValueDecl]]:
    """(``stmts`` with ``1 / p`` replaced by a symbol ``_inv_p`` for every loop-invariant ``p``,
    the declarations of those reciprocals). ``symbols`` (IR name -> C) gains the new names."""
    found: dict[str, sp.Symbol] = {}

    def rewrite(expr):
        repl = {}
        for node in sp.preorder_traversal(expr):
            if (
                isinstance(node, sp.Pow)
                and node.exp == -1
                and isinstance(node.base, sp.Symbol)
                and invariant(symbols.get(node.base.name, ""))
            ):
                name = f"_inv_{node.base.name}".replace(".", "_")
                repl[node] = found.setdefault(node.base.name, sp.Symbol(name))
        return expr.xreplace(repl) if repl else expr

    out = [
        dataclasses.replace(s, expr=rewrite(s.expr)) if isinstance(s, Assign) else s for s in stmts
    ]
    decls = []
    for base, symbol in found.items():
        cname = f"R{symbol.name}"
        symbols[symbol.name] = cname
        decls.append(ValueDecl("double", cname, f"1.0 / {symbols[base]}"))
    return out, decls
