"""The ``creating``/``pruning`` conditions of a synapse, checked periodically from Python.

``proj.start_pruning(period)`` / ``start_creating(period)`` make the condition be checked at the
end of every step ``s`` with ``s % period == 0`` (the period counts from step 0, not from the
call, as the reference: started at step 8 with a period of 3 steps, the first check is at the
end of step 9). Pruning is checked first, then creating, with the values the step just computed.

Why Python and not the generated code: the conditions run rarely (a period of many steps is the
intended use) and they change the connectivity, which is data owned by core; evaluating them
with numpy over the runtime's arrays keeps the generated code independent of structural
plasticity (no recompilation when it is switched on). The native loop is interrupted only at
the steps where a condition is due (``advance``).
"""

from __future__ import annotations

import numpy as np

from .evaluate import FunctionEvaluator
from .functions import global_functions
from .structural import (
    StructuralError,
    edit,
    new_delays,
    new_synapse_values,
    require,
    row_of_synapses,
)
from .values import dtype_of
from .view import base_population

KINDS = ("pruning", "creating")


def periods(proj) -> dict[str, int]:
    """The active rules of ``proj``: kind -> period in steps."""
    return proj.__dict__.setdefault("_structural_periods", {})


def start(proj, kind: str, period=None) -> None:
    """Check the ``kind`` condition every ``period`` ms (default: every step)."""
    require(proj, f"start_{kind}()")
    rule = getattr(proj._ir, kind, None) if proj._ir is not None else None
    if rule is None:
        raise StructuralError(
            f"Projection '{proj.name}': the synapse '{proj.synapse_type.name}' defines no "
            f"'{kind}' condition; pass {kind}=ann.{kind[:-3].capitalize()}ing(...) to the "
            "Synapse."
        )
    dt = proj._net.dt
    steps = 1 if period is None else int(round(float(period) / dt))
    if steps < 1:
        raise StructuralError(
            f"Projection '{proj.name}': start_{kind}() needs a period of at least dt "
            f"({dt} ms), got {period}."
        )
    if kind == "creating":
        new_delays(proj, rule.d, 1)
    periods(proj)[kind] = steps


def stop(proj, kind: str) -> None:
    """Stop checking the ``kind`` condition."""
    periods(proj).pop(kind, None)


# --------------------------------------------------------------------------- the loop
def _due(net) -> list[tuple[object, str, int]]:
    return [
        (proj, kind, steps)
        for proj in net._projections
        for kind, steps in sorted(periods(proj).items(), key=lambda kv: KINDS.index(kv[0]))
    ]


def advance(net, nsteps: int, run=None) -> int:
    """Run ``nsteps`` steps, stopping after each step where a structural rule is due.

    ``run(n)`` runs at most ``n`` steps and returns ``(steps run, stopped)`` (default:
    ``runtime.run``, all of them, never stopped); ``stopped`` (a stop condition was met) ends
    the advance there. Returns the number of steps run.
    """
    runtime = net._runtime
    if run is None:

        def run(n: int) -> tuple[int, bool]:
            runtime.run(n)
            return n, False

    start, end = runtime.step, runtime.step + int(nsteps)
    while runtime.step < end:
        rules = _due(net)
        now = runtime.step
        if not rules:
            run(end - now)
            break
        due_at = min(now + (-now) % steps for _, _, steps in rules)
        stop_at = min(due_at + 1, end)
        done, stopped = run(stop_at - now)
        if now + done == due_at + 1:
            for proj, kind, steps in rules:
                if due_at % steps == 0:
                    apply(proj, kind, due_at)
        if stopped:
            break
    return runtime.step - start


def apply(proj, kind: str, step: int) -> None:
    """Check the ``kind`` condition of ``proj`` once, with the values at the end of ``step``."""
    if kind == "pruning":
        _prune(proj, step)
    else:
        _create(proj, step)


# --------------------------------------------------------------------------- conditions
def _draw(proj, rule, mask: np.ndarray) -> np.ndarray:
    if rule.proba < 1.0 and mask.any():
        mask = mask & (proj._net.default_rng.random(mask.size) < rule.proba)
    return mask


def _prune(proj, step: int) -> None:
    rule = proj._ir.pruning
    csr = proj._csr()
    if csr.nnz == 0:
        return
    rows = row_of_synapses(csr)
    pres = np.asarray(csr.pre_ranks, dtype=np.int64)
    drop = _draw(proj, rule, _condition(proj, rule, "pruning", step, rows, pres, True))
    if drop.any():
        empty = {
            a.name: np.zeros(0, dtype=dtype_of(a))
            for a in proj._attributes.values()
            if a.locality == "local"
        }
        none = np.zeros(0, np.int64)
        edit(proj, drop, none, none, empty, np.zeros(0))


def _candidates(proj) -> tuple[np.ndarray, np.ndarray]:
    """Every (row, pre rank) pair of the existing dendrites that has no synapse yet."""
    csr = proj._csr()
    pre_size = base_population(proj.pre).size
    pre_all = np.unique(np.asarray(proj.pre.ranks, dtype=np.int64))
    rows = np.repeat(np.arange(csr.n_rows, dtype=np.int64), pre_all.size)
    pres = np.tile(pre_all, csr.n_rows)
    existing = row_of_synapses(csr) * pre_size + np.asarray(csr.pre_ranks, np.int64)
    free = ~np.isin(rows * pre_size + pres, existing)
    return rows[free], pres[free]


def _create(proj, step: int) -> None:
    rule = proj._ir.creating
    rows, pres = _candidates(proj)
    if rows.size == 0:
        return
    made = _draw(proj, rule, _condition(proj, rule, "creating", step, rows, pres, False))
    if not made.any():
        return
    rows, pres = rows[made], pres[made]
    count = rows.size
    values = new_synapse_values(proj, rule.w, count)
    edit(proj, None, rows, pres, values, new_delays(proj, rule.d, count))


def _condition(proj, rule, kind, step, rows, pres, existing: bool) -> np.ndarray:
    env = _environment(proj, rule, kind, step, rows, pres, existing)
    functions = {f.name: f for f in (*global_functions(), *proj._ir.functions)}
    value = FunctionEvaluator(functions)(rule.condition, env)
    return np.broadcast_to(np.asarray(value, dtype=bool), rows.shape).copy()


def _environment(proj, rule, kind, step, rows, pres, existing: bool) -> dict:
    net = proj._net
    env: dict[str, object] = {"t": step * net.dt, "dt": net.dt}
    env.update({name: c.value for name, c in net._all_constants().items()})
    post_ranks = np.asarray(proj._csr().post_ranks, dtype=np.int64)[rows]
    sides = {"pre.": (base_population(proj.pre), pres), "post.": (base_population(proj.post), None)}
    for sym in rule.condition.free_symbols:
        name = sym.name
        prefix = name[: name.find(".") + 1]
        if prefix in sides:
            pop, ranks = sides[prefix]
            env[name] = _side_values(
                pop, name[len(prefix) :], post_ranks if ranks is None else ranks
            )
        elif name in proj._attributes:
            env[name] = _own_values(proj, name, rows, existing)
        elif name not in env:
            raise StructuralError(
                f"Projection '{proj.name}': the {kind} condition '{rule.condition}' uses "
                f"'{name}', which is neither a pre./post. attribute, a synaptic attribute nor "
                "a constant."
            )
    return env


def _side_values(pop, name: str, ranks: np.ndarray):
    attr = pop._attribute(name)
    values = pop._read(name)
    return values if attr.locality != "local" else np.asarray(values)[ranks]


def _own_values(proj, name: str, rows: np.ndarray, existing: bool):
    attr = proj._attributes[name]
    values = proj._read(name)
    if attr.locality == "global":
        return values
    if attr.locality == "semiglobal":
        return np.asarray(values)[rows]
    if not existing:  # the parser refuses this already; kept as a guard
        raise StructuralError(f"Projection '{proj.name}': '{name}' does not exist yet.")
    return values


class StructuralMixin:
    """``Projection`` methods starting and stopping the ``creating``/``pruning`` rules."""

    def start_pruning(self, period=None) -> None:
        """Check the synapse's ``pruning`` condition every ``period`` ms (default: dt).

        Needs ``net.config(structural_plasticity=True)`` and a synapse defined with
        ``pruning=``. The condition is checked at the end of the steps that are multiples of
        the period; a synapse meeting it is removed with probability ``proba``.

        Parameters
        ----------
        period : float, optional
            Interval in ms between two checks (default: dt).
        """
        start(self, "pruning", period)

    def stop_pruning(self) -> None:
        """Stop checking the pruning condition."""
        stop(self, "pruning")

    def start_creating(self, period=None) -> None:
        """Check the synapse's ``creating`` condition every ``period`` ms (default: dt).

        Needs ``net.config(structural_plasticity=True)`` and a synapse defined with
        ``creating=``. Every unconnected (pre, post) pair of the existing dendrites meeting the
        condition gets a synapse with probability ``proba``, weight ``w`` and delay ``d``.

        Parameters
        ----------
        period : float, optional
            Interval in ms between two checks (default: dt).
        """
        start(self, "creating", period)

    def stop_creating(self) -> None:
        """Stop checking the creating condition."""
        stop(self, "creating")
