"""Template contexts of the spiking kernels: neuron update with spike emission, propagation of
pre-synaptic spikes (``pre_spike``), post-synaptic events (``post_spike``).

Threads of one event kernel handle different synapses, so statements that write a neuron
variable (``g_target += w``, ``post.x += ...``, ``pre.x -= ...``) become atomic additions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp
from ANNarchy.errors import BackendCapabilityError
from annarchy_codegen import kernel_parts as parts
from annarchy_codegen.kernel_parts import DELAY_TEXTS, neuron_lines
from annarchy_codegen.names import c_comment
from annarchy_parser.ir import Assign

from .kernels import Kernel, Launch, make_printer, neuron_model_values, synapse_model_decls
from .layout import DIALECT, NetPlan, PopPlan, ProjPlan
from .random_draws import NEURON_INDEX, draw_lines
from .symbols import PtrDecl, ValueDecl, neuron_symbols, scalar_copies, synapse_symbols


@dataclass(frozen=True)
class SpikingNeuronUpdate(Kernel):
    size: int = 0
    local_values: list[ValueDecl] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    spike: str = "false"
    reset_lines: list[str] = field(default_factory=list)
    refractory: str = "0.0"
    nspikes: int = 0
    ring: bool = False
    depth: int = 0
    axon_spike: str = ""
    axon_reset_lines: list[str] = field(default_factory=list)
    naxon: int = -1


@dataclass(frozen=True)
class SpikeCounters(Kernel):
    counters: list[int] = field(default_factory=list)  # I indices of the spike counts
    rings: list[tuple[str, int]] = field(default_factory=list)  # (ring count array, depth index)


@dataclass(frozen=True)
class Propagation(Kernel):
    local_values: list[ValueDecl] = field(default_factory=list)
    learn: int = 0
    npre: int = 0
    delay: str = "none"
    delay_text: str = ""
    delay_index: int = 0
    depth: int = 0
    pre_nspikes: int = 0
    event_lines: list[str] = field(default_factory=list)
    spike_lines: list[str] = field(default_factory=list)
    pending: int = -1  # I[] index of the number of spikes in flight queued (per-synapse delays)
    since: int = -1  # I[] index of the first emission step the current delays apply to


@dataclass(frozen=True)
class PostEvents(Kernel):
    local_values: list[ValueDecl] = field(default_factory=list)
    learn: int = 0
    post_nspikes: int = 0
    event_lines: list[str] = field(default_factory=list)
    spike_lines: list[str] = field(default_factory=list)


def spike_counters(plan: NetPlan) -> SpikeCounters | None:
    """Zero the spike counts (and this step's ring count) before the neurons emit."""
    pops = [p for p in plan.pops if p.spiking]
    if not pops:
        return None
    pointers = [
        PtrDecl(p.internal["_ring_n"].ctype, f"RN_{p.owner}", p.internal["_ring_n"].slot)
        for p in pops
        if "_ring" in p.internal
    ]
    return SpikeCounters(
        fn="reset_spike_counters",
        comment="spiking populations",
        pointers=pointers,
        values=[],
        launch=Launch("single"),
        template="spike_counters.cu.j2",
        counters=[p.int_nspikes for p in pops] + [p.int_naxon for p in pops if p.int_naxon >= 0],
        rings=[(f"RN_{p.owner}", p.int_depth) for p in pops if "_ring" in p.internal],
    )


def neuron_update(plan: NetPlan, pop: PopPlan) -> SpikingNeuronUpdate:
    """Equations, spike condition, reset and refractoriness of a spiking population."""
    neuron = pop.ir.neuron
    parts.check_spike_condition(neuron)
    pointers, values = neuron_model_values(plan, pop, neuron)
    refuse_global_writes(pop, (*neuron.reset, *neuron.axon_reset), "reset")
    printer = make_printer(neuron_symbols(pop, "local"), plan.precision)
    lines = draw_lines(neuron.random, "local", plan.draw_uids, pop.owner, NEURON_INDEX, printer)
    lines += neuron_lines(printer, neuron.updates.local, {f"g_{t}" for t in neuron.targets})
    # conductances the model does not use still receive spikes: they last one step
    lines += [f"L_g_{t}[i] = 0.0;" for t in pop.targets if t not in neuron.targets]
    return SpikingNeuronUpdate(
        fn=f"update_{pop.owner}",
        comment=c_comment(f"{pop.owner}"),
        pointers=pointers,
        values=values,
        launch=Launch("threads", pop.int_size),
        template="neuron_spike.cu.j2",
        size=pop.int_size,
        local_values=scalar_copies(pop),
        lines=lines,
        spike=printer.expr(neuron.spike),
        reset_lines=printer.statements(neuron.reset),
        refractory=printer.expr(sp.Symbol(pop.refractory)),
        nspikes=pop.int_nspikes,
        ring="_ring" in pop.internal,
        depth=pop.int_depth,
        axon_spike="" if neuron.axon_spike is None else printer.expr(neuron.axon_spike),
        axon_reset_lines=printer.statements(neuron.axon_reset),
        naxon=pop.int_naxon,
    )


def refuse_global_writes(owner, stmts, what: str) -> None:
    """A clear error for event statements that assign a global variable: one GPU thread per
    event would race on it (the openmp backend runs such statements in order)."""
    for stmt in stmts:
        slot = owner.attrs.get(stmt.target)
        if slot is not None and slot.extent == "scalar" and not getattr(stmt, "temp", False):
            raise BackendCapabilityError(
                f"{owner.owner}: the {what} assigns the global variable '{stmt.target}', which "
                "the CUDA backend cannot update once per event (its events run in parallel). "
                "Use the openmp backend, or make the variable local or semiglobal."
            )


def _shared_target(name: str) -> bool:
    """Whether a statement target is a neuron variable that several synapses may write."""
    return name in ("g_target", "post.g_target") or name.startswith(("pre.", "post."))


def _atomic(printer, stmt: Assign) -> list[str]:
    """``atomicAdd`` for += / -= on neuron variables; other statements as printed."""
    if not isinstance(stmt, Assign) or stmt.temp or stmt.op not in ("+=", "-="):
        return printer.statements([stmt])
    target = printer.symbols[stmt.target]
    value = printer.expr(stmt.expr)
    sign = "-" if stmt.op == "-=" else ""
    return [DIALECT.add(target, f"{sign}({value})")]


def _event_statement(printer, stmt) -> list[str]:
    return _atomic(printer, stmt) if _shared_target(stmt.target) else printer.statements([stmt])


def event_statements(plan: NetPlan, proj: ProjPlan, stmts, pre: bool) -> list[str]:
    """CUDA lines of ``pre_spike``/``post_spike`` statements (see ``kernel_parts``), with
    atomic additions on neuron variables."""

    refuse_global_writes(proj, stmts, "pre_spike" if pre else "post_spike")

    def printer_for(target):
        return make_printer(synapse_symbols(plan, proj, "local", target), plan.precision)

    return parts.event_statements(stmts, proj.ir.targets, printer_for, pre, _event_statement)


def event_driven_lines(plan: NetPlan, proj: ProjPlan) -> list[str]:
    """Catch up event-driven variables over ``_elapsed``, then stamp the synapse's event."""
    return parts.event_driven_lines(
        proj.ir.synapse,
        lambda: make_printer(synapse_symbols(plan, proj, "local"), plan.precision),
    )


@dataclass(frozen=True)
class AxonPropagation(Kernel):
    local_values: list[ValueDecl] = field(default_factory=list)
    learn: int = 0
    pre_naxon: int = 0
    lines: list[str] = field(default_factory=list)


def axon_propagate(plan: NetPlan, proj: ProjPlan) -> AxonPropagation | None:
    """``pre_axon_spike`` statements for the axonal spikes of the previous step (a kernel of its
    own, after the spikes', so that a synapse sees both in the CPU backend's order)."""
    syn, pre = proj.ir.synapse, plan.pop(proj.ir.pre)
    if not parts.has_axon_statements(plan, proj):
        return None
    pointers, values = synapse_model_decls(plan, proj, syn)
    return AxonPropagation(
        fn=f"propagate_axon_{proj.owner}",
        comment=c_comment(f"{proj.owner}"),
        pointers=pointers,
        values=values,
        launch=Launch("blocks", proj.int_npre),
        template="propagate_axon.cu.j2",
        local_values=scalar_copies(proj),
        learn=proj.int_learn,
        pre_naxon=pre.int_naxon,
        lines=event_statements(plan, proj, syn.pre_axon_spike, pre=True),
    )


def propagate(plan: NetPlan, proj: ProjPlan) -> Propagation:
    """Process the spikes reaching ``proj`` at this step: one block per spike."""
    syn = proj.ir.synapse
    pre = plan.pop(proj.ir.pre)
    parts.check_spiking_pre(plan, proj)
    pointers, values = synapse_model_decls(plan, proj, syn)
    return Propagation(
        fn=f"propagate_{proj.owner}",
        comment=c_comment(f"{proj.owner}"),
        pointers=pointers,
        values=values,
        launch=Launch("blocks", proj.int_npre),
        template="propagate.cu.j2",
        local_values=scalar_copies(proj),
        learn=proj.int_learn,
        npre=proj.int_npre,
        delay=proj.delay,
        delay_text=DELAY_TEXTS[proj.delay],
        delay_index=proj.int_delay,
        depth=pre.int_depth,
        pre_nspikes=pre.int_nspikes,
        event_lines=event_driven_lines(plan, proj),
        spike_lines=event_statements(plan, proj, syn.pre_spike, pre=True),
        pending=proj.int_pending,
        since=proj.int_since,
    )


def post_events(plan: NetPlan, proj: ProjPlan) -> PostEvents | None:
    """``post_spike`` statements for the synapses of the neurons that spiked (None: nothing)."""
    syn = proj.ir.synapse
    if not syn.post_spike:
        return None
    post = plan.pop(proj.ir.post)
    pointers, values = synapse_model_decls(plan, proj, syn)
    return PostEvents(
        fn=f"post_events_{proj.owner}",
        comment=c_comment(f"{proj.owner}"),
        pointers=pointers,
        values=values,
        launch=Launch("blocks", post.int_size),
        template="post_events.cu.j2",
        local_values=scalar_copies(proj),
        learn=proj.int_learn,
        post_nspikes=post.int_nspikes,
        event_lines=event_driven_lines(plan, proj),
        spike_lines=event_statements(plan, proj, syn.post_spike, pre=False),
    )
