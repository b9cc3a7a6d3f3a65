"""Projection kernels: weighted sums (rate-coded, and continuous transmission of spiking
synapses), propagation of pre-synaptic spikes (``pre_spike``), the continuous synapse update
and post-synaptic events (``post_spike``).

A kernel acts on a set of synapses ``ks`` (indices in CSR order; None: all of them): the
symbols of the synapse model read its own arrays at ``ks``, ``pre.x`` at their pre-synaptic
ranks (through the delay ring when the projection is delayed), ``post.x`` at their
post-synaptic ranks.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from .state import ProjState
from .statements import Env, Slot, execute

_DEFAULT_PSP = sp.Symbol("w") * sp.Symbol("pre.r")


class Synapses:
    """Where the symbols of the synapses ``ks`` of ``proj`` live, for one kernel.

    ``section`` is 'global', 'semiglobal' (one element per row) or 'local' (one per synapse);
    ``shift`` is 0 before the neuron update (weighted sums) and 1 after it (delayed reads);
    ``evt`` the step of the event being processed (event-driven integration).
    """

    def __init__(self, sim, proj: ProjState, step: int, section: str, ks=None, shift=0, evt=0):
        self.sim, self.proj, self.step = sim, proj, step
        self.section, self.ks, self.shift, self.evt = section, ks, shift, evt
        if section == "semiglobal":
            self.rows, self.post = None, proj.post_ranks
        elif section == "local":
            self.rows = proj.rows if ks is None else proj.rows[ks]
            self.post = proj.post_of if ks is None else proj.post_of[ks]
        else:
            self.rows = self.post = None
        self.pre = (
            (proj.pre_ranks if ks is None else proj.pre_ranks[ks])
            if self.rows is not None
            else None
        )

    def _own(self, array: np.ndarray, locality: str):
        if locality == "global" or self.section == "global":
            return array
        if locality == "semiglobal":
            return array if self.rows is None else (lambda: array[self.rows])
        return array if self.ks is None else (lambda: array[self.ks])

    def _pre_value(self, name: str, array: np.ndarray):
        proj = self.proj
        if name not in proj.delayed_refs:
            return lambda: array[self.pre]
        ring, depth = proj.pre.hist[name], proj.pre.depth
        if proj.delay == "uniform":
            return lambda: ring[(self.step - proj.uniform_delay + self.shift) % depth][self.pre]
        delays = proj.delays if self.ks is None else proj.delays[self.ks]
        return lambda: ring[(self.step - delays + self.shift) % depth, self.pre]

    def env(self, dt: float | None = None) -> Env:
        """The symbols of the kernel (``dt``: the time step of a continuous update)."""
        sim, proj = self.sim, self.proj
        syn = proj.ir.synapse
        env = Env(sim.constants)
        env["t"], env["dt"] = self.step * sim.dt, sim.dt if dt is None else dt
        for attr in syn.attributes:
            env[attr.name] = self._own(proj.arrays[attr.name], attr.locality)
        for side, pop, index in (("pre", proj.pre, self.pre), ("post", proj.post, self.post)):
            for name, array in pop.arrays.items():
                if array.ndim == 0:
                    env[f"{side}.{name}"] = array
                elif side == "pre" and self.pre is not None:
                    env[f"pre.{name}"] = self._pre_value(name, array)
                elif side == "post" and index is not None:
                    env[f"post.{name}"] = lambda a=array: a[self.post]
        for gop in syn.global_ops:
            pop = proj.pre if gop.side == "pre" else proj.post
            env[gop.name] = pop.gops[(gop.op, gop.variable)]
        if proj.spiking and self.pre is not None:
            self._spike_symbols(env)
        return env

    def _spike_symbols(self, env: Env) -> None:
        proj, dt = self.proj, self.sim.dt
        pre_last, post_last = proj.pre.arrays["_last"], proj.post.arrays["_last"]
        env["t_pre"] = env["pre.t_last"] = lambda: pre_last[self.pre] * dt
        env["t_post"] = env["post.t_last"] = lambda: post_last[self.post] * dt
        if "_last_event" in proj.arrays:
            last = proj.arrays["_last_event"]
            env["_elapsed"] = lambda: (self.evt - last[self.ks]) * dt
        self.target_symbols(env, proj.ir.targets[0])

    def target_symbols(self, env: Env, target: str) -> None:
        """``g_target`` stands for the conductance ``g_<target>`` of the post-synaptic neuron."""
        g = self.proj.post.arrays[f"g_{target}"]
        env["g_target"] = env["post.g_target"] = lambda: g[self.post]

    def slot(self, name: str, target: str | None = None) -> Slot:
        """Where a statement of the kernel writes ``name``."""
        proj = self.proj
        if name in ("g_target", "post.g_target"):
            return Slot(proj.post.arrays[f"g_{target or proj.ir.targets[0]}"], self.post)
        if name.startswith("post."):
            return Slot(proj.post.arrays[name[5:]], self.post)
        if name.startswith("pre."):
            return Slot(proj.pre.arrays[name[4:]], self.pre)
        array = proj.arrays[name]
        if array.ndim == 0:
            count = None if self.section == "global" else len(self.post)
            return Slot(array, None if count is None else np.zeros(count, dtype=np.intp))
        if self.section == "local" and array.shape[0] == proj.n_rows and name in _semiglobal(proj):
            return Slot(array, self.rows)
        if self.section == "local" and self.ks is not None:
            return Slot(array, self.ks)
        return Slot(array)


def _semiglobal(proj: ProjState) -> set[str]:
    return {a.name for a in proj.ir.synapse.attributes if a.locality == "semiglobal"}


def weighted_sum(sim, proj: ProjState, step: int) -> None:
    """Add the post-synaptic potentials of every row to its target (``operation``: sum, mean,
    max or min of the row)."""
    syn = proj.ir.synapse
    synapses = Synapses(sim, proj, step, "local")
    psp = syn.psp if syn.psp is not None else _DEFAULT_PSP
    values = np.broadcast_to(sim.evaluator(syn)(psp, synapses.env()), (proj.nnz,))
    values = np.asarray(values, dtype=float)
    if syn.operation in ("sum", "mean"):
        acc = np.zeros(proj.n_rows)
        np.add.at(acc, proj.rows, values)
        if syn.operation == "mean":
            acc = acc / proj.row_sizes
    else:
        fill = -np.inf if syn.operation == "max" else np.inf
        acc = np.full(proj.n_rows, fill)
        (np.maximum if syn.operation == "max" else np.minimum).at(acc, proj.rows, values)
    post = proj.post
    prefix = "g_" if (proj.spiking or post.spiking) else "_sum_"
    for target in proj.ir.targets:
        post.arrays[prefix + target][proj.post_ranks] += acc


def _events(sim, proj: ProjState, stmts, ks, step: int, evt: int, pre_events: bool) -> None:
    """Event-driven catch-up, then ``stmts`` (``pre_spike``/``post_spike``) for synapses ``ks``."""
    syn = proj.ir.synapse
    evaluate = sim.evaluator(syn)
    synapses = Synapses(sim, proj, step, "local", ks, shift=1, evt=evt)
    if syn.event_driven:
        execute(syn.event_driven, evaluate, synapses.env(), synapses.slot)
        proj.arrays["_last_event"][ks] = step
    env = synapses.env()
    for stmt in stmts:
        if stmt.target in ("g_target", "post.g_target"):
            for target in proj.ir.targets:
                local = Env(env)
                synapses.target_symbols(local, target)
                execute([stmt], evaluate, local, lambda n, t=target: synapses.slot(n, t))
            continue
        if stmt.target == "w" and not proj.learn:
            continue
        mask = None
        if pre_events and getattr(stmt, "unless_post", False):
            mask = proj.post.arrays["_last"][synapses.post] != step - 1
        execute([stmt], evaluate, env, synapses.slot, mask)


def propagate(sim, proj: ProjState, step: int) -> None:
    """``pre_spike`` for the synapses whose pre-synaptic spike arrives at this step."""
    pre = proj.pre
    if proj.delay == "nonuniform":
        groups = [(pre.spike_ring[(step - d) % pre.depth], d) for d in range(1, pre.depth + 1)]
    else:
        lag = proj.uniform_delay if proj.delay == "uniform" else 1
        groups = [(pre.spike_ring[(step - lag) % pre.depth], None)]
    for spikes, delay in groups:
        if not len(spikes):
            continue
        ks = proj.synapses_of_pre(spikes)
        if delay is not None:
            ks = ks[proj.delays[ks] == delay]
        if len(ks):
            _events(sim, proj, proj.ir.synapse.pre_spike, ks, step, step - 1, True)


def post_events(sim, proj: ProjState, step: int) -> None:
    """``post_spike`` for the synapses of the post-synaptic neurons that spiked at this step."""
    ks = proj.synapses_of_post(proj.post.spiked)
    if len(ks):
        _events(sim, proj, proj.ir.synapse.post_spike, ks, step, step, False)


def learn(sim, proj: ProjState, step: int) -> None:
    """The continuous update: global, semiglobal (per row), then local (per synapse)
    statements, at the steps of the learning schedule, with ``dt * period`` as time step."""
    if not proj.learn or (step - proj.offset) % proj.period:
        return
    updates = proj.ir.synapse.updates
    evaluate = sim.evaluator(proj.ir.synapse)
    dt = sim.dt * proj.period
    for section, stmts in (
        ("global", updates.global_),
        ("semiglobal", updates.semiglobal),
        ("local", updates.local),
    ):
        if stmts:
            synapses = Synapses(sim, proj, step, section, shift=1)
            env = synapses.env(dt)
            sim.draw(proj.owner, proj.ir.synapse, section, _draw_index(proj, section), env)
            execute(stmts, evaluate, env, synapses.slot)


def _draw_index(proj: ProjState, section: str):
    """The key of each element in a draw: 0, the post-synaptic rank of a row, or
    ``post << 32 | pre`` of a synapse."""
    if section == "global":
        return 0
    if section == "semiglobal":
        return proj.post_ranks.astype(np.uint64)
    return (proj.post_of.astype(np.uint64) << np.uint64(32)) | proj.pre_ranks.astype(np.uint64)
