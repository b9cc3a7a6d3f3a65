"""Event-driven decays computed once per distinct elapsed time.

The catch-up of an event-driven trace multiplies it by ``exp(-elapsed / tau)``. Within one call
of the post-synaptic events most synapses of a dendrite share the same elapsed time (their last
event was the previous spike of the same neuron), so the factors are kept for the last elapsed
time seen and recomputed only when it changes. The factor is the same C expression evaluated on
the same integer number of steps: results are bit-identical to computing it every time.
"""

from __future__ import annotations

import dataclasses

import sympy as sp
from annarchy_parser.ir import Assign

from .reciprocals import invariant

ELAPSED = sp.Symbol("_elapsed")


def _invariant(expr: sp.Basic, symbols: dict[str, str]) -> bool:
    return all(s == ELAPSED or invariant(symbols.get(s.name, "")) for s in expr.free_symbols)


def cached_decays(stmts, symbols: dict[str, str], printer_for):
    """(declarations before the loops, lines per synapse, ``stmts`` using the cached factors).

    ``symbols`` is the synapse's local mapping; ``printer_for(symbols)`` returns a printer.
    Nothing is cached (empty declarations) when no factor qualifies.
    """
    factors: dict[sp.Basic, sp.Symbol] = {}

    def rewrite(expr):
        repl = {}
        for node in sp.preorder_traversal(expr):
            if isinstance(node, sp.exp) and node.has(ELAPSED) and _invariant(node, symbols):
                repl[node] = factors.setdefault(node, sp.Symbol(f"_cd{len(factors)}"))
        return expr.xreplace(repl) if repl else expr

    out = [
        dataclasses.replace(s, expr=rewrite(s.expr)) if isinstance(s, Assign) else s for s in stmts
    ]
    if not factors:
        return [], [], list(stmts)
    names = [f.name for f in factors.values()]
    local = dict(symbols, _elapsed="((double)(_ce) * dt)")
    local.update({n: n for n in names})
    printer = printer_for(local)
    decls = ["int64_t _ce = -1;"] + [f"double {n} = 0.0;" for n in names]
    refresh = " ".join(f"{f.name} = {printer.expr(node)};" for node, f in factors.items())
    per_synapse = [
        "if (_evt - L__last_event[k] != _ce) {",
        f"    _ce = _evt - L__last_event[k]; {refresh}",
        "}",
    ]
    for n in names:
        symbols[n] = n
    return decls, per_synapse, out
