"""Population kernels: the neuron update (rate-coded, or spiking with spike emission, reset and
refractory period), the delay rings and the global operations."""

from __future__ import annotations

import numpy as np
from annarchy_parser.ir import Assign

from .state import PopState
from .statements import Env, Slot, execute


def neuron_env(sim, pop: PopState, step: int) -> Env:
    """Symbols of a neuron kernel: time, constants, attributes, sums, global operations."""
    env = Env(sim.constants)
    env["t"], env["dt"] = step * sim.dt, sim.dt
    env.update(pop.arrays)
    for gop in pop.ir.neuron.global_ops:
        env[gop.name] = pop.gops[(gop.op, gop.variable)]
    if pop.spiking:
        last = pop.arrays["_last"]
        env["t_last"] = lambda: last * sim.dt
    return env


def update(sim, pop: PopState, step: int) -> None:
    """One step of ``pop``: global statements, then local ones (spiking: then the spikes)."""
    neuron = pop.ir.neuron
    evaluate = sim.evaluator(neuron)
    env = neuron_env(sim, pop, step)

    def slot_of(name: str) -> Slot:
        return Slot(pop.arrays[name])

    sim.draw(pop.owner, neuron, "global", 0, env)
    execute(neuron.updates.global_, evaluate, env, slot_of)
    sim.draw(pop.owner, neuron, "local", np.arange(pop.n, dtype=np.uint64), env)
    if not pop.spiking:
        execute(neuron.updates.local, evaluate, env, slot_of)
        return
    refr = pop.arrays["_refr"]
    refractory = refr > 0
    conductances = {f"g_{t}" for t in neuron.targets}

    def frozen(stmt) -> bool:  # while refractory, only temporaries and conductances change
        return not (isinstance(stmt, Assign) and stmt.temp) and stmt.target not in conductances

    execute(neuron.updates.local, evaluate, env, slot_of, ~refractory, frozen)
    for target in pop.targets:  # conductances the model does not use last one step
        if target not in neuron.targets:
            pop.arrays[f"g_{target}"][...] = 0.0
    spike = np.broadcast_to(np.asarray(evaluate(neuron.spike, env), dtype=bool), (pop.n,))
    emit = ~refractory & spike
    refr -= refractory.astype(refr.dtype)
    if emit.any():
        execute(neuron.reset, evaluate, env, slot_of, emit)
    ranks = np.flatnonzero(emit)
    pop.arrays["_last"][ranks] = step
    period = np.broadcast_to(pop.arrays[pop.refractory], (pop.n,))
    refr[ranks] = np.trunc(period[ranks] / sim.dt)
    pop.spiked = ranks
    pop.spike_ring[step % pop.depth] = ranks


def store_history(pop: PopState, step: int) -> None:
    """This step's values of the delayed variables into their rings."""
    for var, ring in pop.hist.items():
        ring[step % pop.depth] = pop.arrays[var]


def _reduce(op: str, x: np.ndarray) -> float:
    if op == "mean":
        return float(np.sum(x) / len(x)) if len(x) else 0.0
    if op == "max":
        return float(np.max(x)) if len(x) else -np.inf
    if op == "min":
        return float(np.min(x)) if len(x) else np.inf
    if op == "norm1":
        return float(np.sum(np.abs(x)))
    return float(np.sqrt(np.sum(x * x)))  # norm2


def global_ops(pop: PopState) -> None:
    """The reductions (mean, max, min, norm1, norm2) the next step's equations read."""
    for (op, var), cell in pop.gops.items():
        cell[...] = _reduce(op, np.asarray(pop.arrays[var], dtype=float))
