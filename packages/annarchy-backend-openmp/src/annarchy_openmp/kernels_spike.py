"""Template contexts of the spiking kernels: neuron update with spike emission, propagation of
pre-synaptic spikes (``pre_spike``), post-synaptic events (``post_spike``).

On a thread team (``threads.py``) the spiking kernels share their work by ranges of neurons
(``ann_share`` in ``network.cpp.j2``): each thread updates the neurons of its range, emits their
spikes after those of the threads before it, and adds the spikes that reach the neurons of its
range, in the order of one thread. This needs every event statement to write only what belongs
to its own element (`owned_targets`); other models keep the emission or the propagation
on one thread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp
from annarchy_codegen import kernel_parts as parts
from annarchy_codegen.kernel_parts import DELAY_TEXTS, neuron_lines
from annarchy_codegen.names import c_comment

from .event_cache import cached_decays
from .kernels import make_printer, neuron_model_values, synapse_model_decls
from .layout import NetPlan, PopPlan, ProjPlan
from .random_draws import NEURON_INDEX, draw_lines, neuron_local_draws
from .reciprocals import hoist
from .symbols import (
    PtrDecl,
    ValueDecl,
    neuron_symbols,
    scalar_copies,
    synapse_symbols,
    writable_scalars,
)


@dataclass(frozen=True)
class SpikingNeuronUpdate:
    fn: str
    comment: str
    pointers: list[PtrDecl]
    values: list[ValueDecl]
    size: int
    global_lines: list[str]
    local_values: list[ValueDecl]
    local_lines: list[str]
    draw_lines: list[str]
    spike: str
    reset_lines: list[str]
    refractory: str
    nspikes: int
    ring: bool
    depth: int
    axon_spike: str | None
    axon_reset_lines: list[str]
    naxon: int
    enabled: int
    template: str = "neuron_spike.cpp.j2"
    work: str = ""  # C expression: the elements its loops share among threads
    shared_emission: bool = False  # each thread of a team emits the spikes of its range
    #: with ``shared_emission`` and no axonal spikes: the team version ends without a barrier,
    #: each thread's spikes in its range of ``_emit``; `SpikeMerge` joins them later
    deferred: bool = False
    team_slot: int = 0  # the thread's count of its spikes: ann_team[thread * stride + team_slot]


@dataclass(frozen=True)
class SpikeMerge:
    """The spikes of a deferred team update (`SpikingNeuronUpdate.deferred`), each thread's in
    its own range of ``_emit``, joined in rank order into the population's list of the step
    (one thread, once every thread has emitted; also the ring of delayed spikes)."""

    fn: str
    comment: str
    pointers: list[PtrDecl]
    values: list[ValueDecl]
    size: int
    nspikes: int
    ring: bool
    depth: int
    enabled: int
    team_slot: int
    template: str = "spike_merge.cpp.j2"


def spike_merge(update: SpikingNeuronUpdate) -> SpikeMerge:
    """The merge of the spikes of ``update``'s team version (``update.deferred``)."""
    return SpikeMerge(
        fn=f"{update.fn}_merge",
        comment=c_comment(update.fn),
        pointers=update.pointers,
        values=[],
        size=update.size,
        nspikes=update.nspikes,
        ring=update.ring,
        depth=update.depth,
        enabled=update.enabled,
        team_slot=update.team_slot,
    )


@dataclass(frozen=True)
class Propagation:
    fn: str
    comment: str
    pointers: list[PtrDecl]
    values: list[ValueDecl]
    local_values: list[ValueDecl]
    learn: int
    npre: int
    delay: str
    delay_text: str
    delay_index: int
    depth: int
    pre_nspikes: int
    cache_lines: list[str]
    event_lines: list[str]
    spike_lines: list[str]
    pre_naxon: int
    axon_lines: list[str]
    pending: int = -1  # I[] index of the number of spikes in flight queued (per-synapse delays)
    since: int = -1  # I[] index of the first emission step the current delays apply to
    npost: int = -1  # I index of the post-synaptic population's size
    template: str = "propagate.cpp.j2"
    #: C expression of the post-synaptic neurons a team shares ("": the propagation stays on one
    #: thread); the team version ends without a barrier (``Call.grouped``)
    work: str = ""
    #: whether the post-synaptic population's update may start on a thread as soon as that
    #: thread's share is processed: the kernel reads no neuron attribute that the update writes
    #: before its first barrier, other than those of the thread's own post-synaptic neurons
    update_may_follow: bool = False
    #: whether the events read per-synapse data (index ``k`` or ``r``): the spike loop then
    #: fetches the synapse indices of later spikes too, not only their post-synaptic ranks
    per_synapse: bool = False


@dataclass(frozen=True)
class PostEvents:
    fn: str
    comment: str
    pointers: list[PtrDecl]
    values: list[ValueDecl]
    local_values: list[ValueDecl]
    learn: int
    post_nspikes: int
    cache_lines: list[str]
    event_lines: list[str]
    spike_lines: list[str]
    template: str = "post_events.cpp.j2"


def owned_targets(stmts, attributes, localities: tuple[str, ...]) -> bool:
    """Whether ``stmts`` (reset, ``pre_spike``...) write only temporaries, the post-synaptic
    conductance and attributes of one of ``localities``: the element's own data, which a thread
    sharing the elements by ranges owns (a global variable written per element is not)."""
    locality = {a.name: a.locality for a in attributes}
    for stmt in stmts:
        target = stmt.target
        if getattr(stmt, "temp", False) or target == "post.g_target":
            continue
        if locality.get(target) not in localities:
            return False
    return True


def neuron_update(plan: NetPlan, pop: PopPlan) -> SpikingNeuronUpdate:
    """The update of a spiking population: equations, spike condition, reset, refractoriness."""
    neuron = pop.ir.neuron
    parts.check_spike_condition(neuron)
    pointers, values = neuron_model_values(plan, pop, neuron)
    gprinter = make_printer(neuron_symbols(pop, "global"))
    lsymbols = neuron_symbols(pop, "local")
    local_stmts, reciprocals = hoist(neuron.updates.local, lsymbols)
    lprinter = make_printer(lsymbols)
    uids = plan.draw_uids
    global_lines = draw_lines(neuron.random, "global", uids, pop.owner, NEURON_INDEX, gprinter)
    global_lines += gprinter.statements(neuron.updates.global_)
    fill, local_lines = neuron_local_draws(neuron.random, uids, pop.owner, lprinter)
    conductances = {f"g_{t}" for t in neuron.targets}
    local_lines += neuron_lines(lprinter, local_stmts, conductances)
    # conductances the model does not use still receive spikes: they last one step
    local_lines += [f"L_g_{t}[i] = 0.0;" for t in pop.targets if t not in neuron.targets]
    spike = lprinter.expr(neuron.spike)
    events = (*neuron.reset, *neuron.axon_reset)
    rprinter = make_printer(writable_scalars(lsymbols, pop, events))
    reset_lines = rprinter.statements(neuron.reset)
    refractory = lprinter.expr(sp.Symbol(pop.refractory))
    axon = None if neuron.axon_spike is None else lprinter.expr(neuron.axon_spike)
    shared_emission = owned_targets(events, neuron.attributes, ("local",))
    return SpikingNeuronUpdate(
        fn=f"update_{pop.owner}",
        comment=c_comment(f"{pop.owner}"),
        pointers=pointers,
        values=values,
        size=pop.int_size,
        global_lines=global_lines,
        local_values=scalar_copies(pop) + reciprocals,
        local_lines=local_lines,
        draw_lines=fill,
        spike=spike,
        reset_lines=reset_lines,
        refractory=refractory,
        nspikes=pop.int_nspikes,
        ring="_ring" in pop.internal,
        depth=pop.int_depth,
        axon_spike=axon,
        axon_reset_lines=rprinter.statements(neuron.axon_reset),
        naxon=pop.int_naxon,
        enabled=pop.int_enabled,
        work=f"I[{pop.int_size}]",
        shared_emission=shared_emission,
        deferred=shared_emission and axon is None,
        team_slot=team_slot(plan, pop),
    )


def team_slot(plan: NetPlan, pop: PopPlan) -> int:
    """Which of a thread's cells of ``ann_team`` counts the spikes it emitted for ``pop``."""
    return [p.owner for p in plan.pops if p.spiking].index(pop.owner)


def team_stamp(plan: NetPlan) -> int:
    """The cell of ``ann_team`` where a thread notes when it ended a step (``ann_balance``):
    after the counts of the spiking populations."""
    return sum(p.spiking for p in plan.pops)


def team_stride(plan: NetPlan) -> int:
    """Cells of ``ann_team`` per thread: one per spiking population and the stamp, whole cache
    lines."""
    return 8 * -(-(team_stamp(plan) + 1) // 8)


def event_statements(plan: NetPlan, proj: ProjPlan, stmts, pre: bool) -> list[str]:
    """C lines of ``pre_spike``/``post_spike`` statements (see ``kernel_parts``)."""

    def printer_for(target):
        symbols = synapse_symbols(plan, proj, "local", target)
        return make_printer(writable_scalars(symbols, proj, stmts))

    return parts.event_statements(stmts, proj.ir.targets, printer_for, pre)


def event_driven_lines(plan: NetPlan, proj: ProjPlan) -> tuple[list[str], list[str]]:
    """(declarations, lines per synapse): catch up event-driven variables over ``_elapsed``,
    with the decay factors cached per elapsed time (``event_cache``), then stamp the event."""
    syn = proj.ir.synapse
    if not syn.event_driven:
        return [], []
    symbols = synapse_symbols(plan, proj, "local")
    decls, refresh, stmts = cached_decays(syn.event_driven, symbols, make_printer)
    lines = make_printer(symbols).statements(stmts) + ["L__last_event[k] = step;"]
    return decls, refresh + lines


def axon_lines(plan: NetPlan, proj: ProjPlan) -> list[str]:
    """``pre_axon_spike`` statements, run for the axonal spikes of the previous step."""
    if not parts.has_axon_statements(plan, proj):
        return []
    return event_statements(plan, proj, proj.ir.synapse.pre_axon_spike, pre=True)


#: arrays of a spiking population that its update writes only after its first barrier
EMITTED = {"Pre__spiked", "Pre__last", "Pre__ring", "Pre__ring_n", "Pre__axon_spiked"}


def propagate(plan: NetPlan, proj: ProjPlan) -> Propagation:
    """Process the spikes that reach ``proj`` at this step (``pre_spike`` per synapse)."""
    syn = proj.ir.synapse
    pre = plan.pop(proj.ir.pre)
    parts.check_spiking_pre(plan, proj)
    pointers, values = synapse_model_decls(plan, proj, syn)
    cache_lines, event_lines = event_driven_lines(plan, proj)
    spike_lines = event_statements(plan, proj, syn.pre_spike, pre=True)
    axons = axon_lines(plan, proj)
    post = plan.pop(proj.ir.post)
    statements = (*syn.event_driven, *syn.pre_spike, *syn.pre_axon_spike)
    owned = owned_targets(statements, syn.attributes, ("local", "semiglobal"))
    code = "\n".join([*cache_lines, *event_lines, *spike_lines, *axons])
    reads_update = pre.owner == post.owner and bool(set(re.findall(r"\bPre_\w+", code)) - EMITTED)
    return Propagation(
        fn=f"propagate_{proj.owner}",
        comment=c_comment(f"{proj.owner}"),
        pointers=pointers,
        values=values,
        local_values=scalar_copies(proj),
        learn=proj.int_learn,
        npre=proj.int_npre,
        delay=proj.delay,
        delay_text=DELAY_TEXTS[proj.delay],
        delay_index=proj.int_delay,
        depth=pre.int_depth,
        pre_nspikes=pre.int_nspikes,
        cache_lines=cache_lines,
        event_lines=event_lines,
        spike_lines=spike_lines,
        pre_naxon=pre.int_naxon,
        axon_lines=axons,
        pending=proj.int_pending,
        since=proj.int_since,
        npost=post.int_size,
        work=f"I[{post.int_size}]" if owned else "",
        update_may_follow=owned and not reads_update,
        per_synapse=proj.delay == "nonuniform" or bool(re.search(r"\[(k|r)\]", code)),
    )


def post_events(plan: NetPlan, proj: ProjPlan) -> PostEvents | None:
    """``post_spike`` statements for the synapses of the neurons that spiked (None: nothing)."""
    syn = proj.ir.synapse
    if not syn.post_spike:
        return None
    post = plan.pop(proj.ir.post)
    pointers, values = synapse_model_decls(plan, proj, syn)
    events = event_driven_lines(plan, proj)
    return PostEvents(
        fn=f"post_events_{proj.owner}",
        comment=c_comment(f"{proj.owner}"),
        pointers=pointers,
        values=values,
        local_values=scalar_copies(proj),
        learn=proj.int_learn,
        post_nspikes=post.int_nspikes,
        cache_lines=events[0],
        event_lines=events[1],
        spike_lines=event_statements(plan, proj, syn.post_spike, pre=False),
    )
