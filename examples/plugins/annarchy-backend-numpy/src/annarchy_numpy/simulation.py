"""The state of a network and its step, in the order of the openmp backend's generated code:

1. zero the weighted sums of rate-coded populations;
2. per projection: spike propagation (spiking synapses), then the weighted sum (rate-coded
   synapses, or continuous transmission ``psp`` of spiking ones);
3. record what is recorded right after the inputs (conductances of spiking populations);
4. per population: the neuron update (and spike emission), then its delay rings;
5. global operations of every population;
6. continuous synapse updates, then post-synaptic events (``post_spike``);
7. record the rest.
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from ANNarchy.plugin import FunctionEvaluator, NetworkIR

from . import neurons, synapses
from .draws import Draws, seed_value
from .state import PopState, ProjState, history_depths


def _pre_refs(syn) -> set[str]:
    """Attributes of the pre-synaptic neuron a synapse reads (``pre.x``)."""
    exprs = [syn.psp if syn.psp is not None else sp.Symbol("pre.r")]
    updates = syn.updates
    for stmt in (*updates.global_, *updates.semiglobal, *updates.local):
        exprs += [getattr(stmt, n, None) for n in ("expr", "min", "max")]
    names = {s.name for e in exprs if e is not None for s in getattr(e, "free_symbols", ())}
    return {n[4:] for n in names if n.startswith("pre.")} | set(syn.pre_refs)


def _global_ops(net: NetworkIR) -> dict[int, set[tuple[str, str]]]:
    ops: dict[int, set[tuple[str, str]]] = {p.id: set() for p in net.populations}
    for pop in net.populations:
        ops[pop.id].update((g.op, g.variable) for g in pop.neuron.global_ops)
    for proj in net.projections:
        for g in proj.synapse.global_ops:
            ops[proj.pre if g.side == "pre" else proj.post].add((g.op, g.variable))
    return ops


def _draw_uids(net: NetworkIR) -> dict[tuple[str, str], int]:
    """The number of each random draw: populations, then projections, in the models' order."""
    uids = {}
    for item in (*net.populations, *net.projections):
        model = getattr(item, "neuron", None) or item.synapse
        for draw in model.random:
            uids[(item.owner, draw.name)] = len(uids)
    return uids


class Simulation:
    """The populations and projections of ``net`` with their arrays, and :meth:`step`."""

    def __init__(self, net: NetworkIR):
        self.net = net
        self.dt = float(net.dt)
        self.constants = {name: float(v) for name, v in net.constants.items()}
        self._evaluators: dict[int, FunctionEvaluator] = {}
        self.seed = seed_value(net.seed)
        self.draws = Draws(self.seed, 0)
        self.uids = _draw_uids(net)
        depths = history_depths(net)
        by_id = {p.id: p for p in net.populations}
        targets = {p.id: set() for p in net.populations}
        hist = {p.id: set() for p in net.populations}
        for proj in net.projections:
            targets[proj.post].update(proj.targets)
            if proj.synapse.kind == "rate" and (proj.uniform_delay > 1 or proj.uniform_delay < 0):
                hist[proj.pre].update(self._delayed(proj, by_id[proj.pre]))
        self.pops = {
            p.id: PopState(p, targets[p.id], depths[p.id], hist[p.id]) for p in net.populations
        }
        for pid, ops in _global_ops(net).items():
            for key in sorted(ops):
                self.pops[pid].gops[key] = np.zeros(())
        self.projs = []
        for proj in net.projections:
            state = ProjState(proj, self.pops[proj.pre], self.pops[proj.post])
            if proj.synapse.kind == "rate" and state.delay != "none":
                state.delayed_refs = tuple(sorted(self._delayed(proj, by_id[proj.pre])))
            self.projs.append(state)

    @staticmethod
    def _delayed(proj, pre) -> set[str]:
        local = {a.name for a in pre.neuron.attributes if a.locality == "local"}
        return _pre_refs(proj.synapse) & local

    def evaluator(self, model) -> FunctionEvaluator:
        """The expression evaluator of a neuron or synapse model (its functions and the
        network's)."""
        key = id(model)
        if key not in self._evaluators:
            functions = {f.name: f for f in (*self.net.functions, *model.functions)}
            self._evaluators[key] = FunctionEvaluator(functions)
        return self._evaluators[key]

    def draw(self, owner: str, model, locality: str, index, env) -> None:
        """Put the draws of ``model`` of ``locality`` for the elements ``index`` into ``env``."""
        from .draws import draw_value

        evaluate = self.evaluator(model)
        for draw in model.random:
            if draw.locality == locality:
                uid = self.uids[(owner, draw.name)]
                env[draw.name] = draw_value(self.draws, draw, uid, index, evaluate, env)

    def owner(self, owner: str) -> PopState | ProjState:
        for item in (*self.pops.values(), *self.projs):
            if item.owner == owner:
                return item
        from ANNarchy.errors import InvalidConfiguration

        raise InvalidConfiguration(f"Unknown owner '{owner}' (expected 'pop<k>' or 'proj<k>').")

    def step(self, step: int, record) -> None:
        """Simulate step ``step``; ``record(step, phase)`` records (phase 0 after the inputs,
        1 at the end)."""
        self.draws = Draws(self.seed, step)
        with np.errstate(all="ignore"):  # as C: inf and NaN, no trap
            for pop in self.pops.values():
                if not pop.spiking and pop.enabled:  # a disabled population keeps its sums
                    for target in pop.targets:
                        pop.arrays[f"_sum_{target}"][...] = 0.0
            active = [proj for proj in self.projs if proj.post.enabled]
            for proj in active:
                if proj.spiking:
                    synapses.propagate(self, proj, step)
                if not proj.spiking or proj.ir.synapse.psp is not None:
                    synapses.weighted_sum(self, proj, step)
            record(step, 0)
            for pop in self.pops.values():
                if pop.enabled:
                    neurons.update(self, pop, step)
                    neurons.store_history(pop, step)
                elif pop.spiking:  # no update, no spike (spikes in flight arrive)
                    pop.spiked = pop.spike_ring[step % pop.depth] = np.zeros(0, dtype=np.int64)
            for pop in self.pops.values():
                if pop.enabled:
                    neurons.global_ops(pop)
            for proj in active:
                synapses.learn(self, proj, step)
            for proj in active:
                if proj.spiking and proj.ir.synapse.post_spike:
                    synapses.post_events(self, proj, step)
            record(step, 1)
