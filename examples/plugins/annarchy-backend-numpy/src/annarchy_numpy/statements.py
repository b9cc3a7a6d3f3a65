"""Execute IR statements on numpy arrays, one statement at a time over every element.

A kernel of a code-generating backend loops over elements and runs the statements for each; here
each statement runs over all elements at once. That gives the same values because an element's
statements only read its own values, values shared by all elements (parameters, pre/post
neurons) and values no statement of the kernel writes; several elements writing the same cell
(``g_target += w`` of synapses with the same post-synaptic neuron) accumulate in element order
with ``numpy.ufunc.at``.

Expressions are evaluated by the core's ``FunctionEvaluator`` (a walk over the expression
tree, never ``eval`` of user text).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from annarchy_parser.ir import Assign, Bound

#: how ``target op value`` combines, for unindexed targets
_COMBINE = {
    "=": lambda old, value: value,
    "+=": np.add,
    "-=": np.subtract,
    "*=": np.multiply,
    "/=": np.divide,
}
#: the unbuffered ufunc of each operation, for indexed targets (repeated indices accumulate)
_AT = {"+=": np.add, "-=": np.subtract, "*=": np.multiply, "/=": np.divide}


class Env(dict):
    """The values of the symbols of a kernel: a value, or a function returning it (called at
    every read, so that it sees what earlier statements wrote)."""

    def __getitem__(self, name):
        value = dict.__getitem__(self, name)
        return value() if callable(value) else value


class Slot:
    """Where a statement writes: ``array`` (every element), or ``array[index]``."""

    def __init__(self, array: np.ndarray, index: np.ndarray | None = None):
        if index is not None and array.ndim == 0:
            array, index = array.reshape(1), np.zeros(len(index), dtype=np.intp)
        self.array = array
        self.index = index

    def read(self):
        return self.array if self.index is None else self.array[self.index]

    def write(self, op: str, value, mask=None) -> None:
        """``target op value`` where ``mask`` holds (every element when None)."""
        if self.index is None:
            old = self.array
            new = _COMBINE[op](old, value)
            if mask is not None:
                new = np.where(mask, new, old)
            self.array[...] = new
            return
        value = np.broadcast_to(value, self.index.shape)
        index = self.index
        if mask is not None:
            mask = np.broadcast_to(mask, index.shape)
            index, value = index[mask], value[mask]
        if op == "=":
            self.array[index] = value
        else:
            _AT[op].at(self.array, index, value)


def _temp_value(stmt: Assign, value):
    if stmt.ctype == "int":
        return np.trunc(value)
    if stmt.ctype == "bool":
        return np.asarray(value, dtype=bool)
    return value


def execute(
    stmts,
    evaluate: Callable,
    env: Env,
    slot_of: Callable[[str], Slot],
    mask=None,
    masked: Callable[[object], bool] | None = None,
) -> None:
    """Run ``stmts`` in order.

    Parameters
    ----------
    stmts : sequence of Assign or Bound
        The statements.
    evaluate : callable
        ``evaluate(expr, env)``, a ``FunctionEvaluator``.
    env : Env
        Symbol values; temporaries are added to it.
    slot_of : callable
        The :class:`Slot` of a target name.
    mask : array of bool, optional
        Elements that statements for which ``masked(stmt)`` holds may change.
    masked : callable, optional
        Which statements ``mask`` applies to (default: all).
    """
    for stmt in stmts:
        when = mask if (mask is not None and (masked is None or masked(stmt))) else None
        if isinstance(stmt, Assign):
            value = evaluate(stmt.expr, env)
            if stmt.temp:
                env[stmt.target] = _temp_value(stmt, value)
            else:
                slot_of(stmt.target).write(stmt.op, value, when)
        elif isinstance(stmt, Bound):
            slot = slot_of(stmt.target)
            for bound, outside in ((stmt.min, np.less), (stmt.max, np.greater)):
                if bound is not None:
                    limit = evaluate(bound, env)
                    current = slot.read()
                    slot.write("=", np.where(outside(current, limit), limit, current), when)
