"""Transformations of a parsed IR that need network-level knowledge."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import sympy as sp

from .ir import Assign, Bound, NeuronIR, Statement, Updates

SUM_ALL = sp.Symbol("_sum")


def _statements(stmts: Iterable[Statement], mapping: dict) -> tuple[Statement, ...]:
    out: list[Statement] = []
    for s in stmts:
        if isinstance(s, Assign):
            out.append(replace(s, expr=s.expr.xreplace(mapping)))
        elif isinstance(s, Bound):
            low = None if s.min is None else s.min.xreplace(mapping)
            high = None if s.max is None else s.max.xreplace(mapping)
            out.append(replace(s, min=low, max=high))
        else:  # pragma: no cover - the IR only has these two
            out.append(s)
    return tuple(out)


def uses_sum_all(ir: NeuronIR) -> bool:
    """Whether the neuron uses ``sum()`` (all targets) in its updates."""
    u = ir.updates
    for stmt in u.global_ + u.semiglobal + u.local:
        if isinstance(stmt, Assign) and SUM_ALL in stmt.expr.free_symbols:
            return True
    return False


def expand_sum_all(ir: NeuronIR, targets: Iterable[str]) -> NeuronIR:
    """Replace ``sum()`` (symbol ``_sum``) by the sum of ``_sum_<target>`` over ``targets``.

    ``sum()`` sums the inputs of every target reaching the population, which only the network
    knows; the core calls this once the projections are known.

    Parameters
    ----------
    ir : NeuronIR
        A rate-coded neuron, possibly using ``sum()``.
    targets : iterable of str
        The targets of all projections reaching the population.

    Returns
    -------
    NeuronIR
        A copy with ``_sum`` replaced (0 when there is no target) and ``targets`` extended.
    """
    targets = list(dict.fromkeys(targets))
    total = sp.Add(*(sp.Symbol(f"_sum_{t}") for t in targets))
    mapping = {SUM_ALL: total}
    u = ir.updates
    updates = Updates(
        _statements(u.global_, mapping),
        _statements(u.semiglobal, mapping),
        _statements(u.local, mapping),
    )
    merged = tuple(dict.fromkeys(tuple(ir.targets) + tuple(targets)))
    return replace(ir, updates=updates, targets=merged)
