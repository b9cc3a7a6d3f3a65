"""Small queries on the model IR that the layout and the kernels of every backend share."""

from __future__ import annotations

import sympy as sp
from ANNarchy.plugin import NetworkIR
from annarchy_parser.ir import Assign, Bound, NeuronIR, SynapseIR


def _free(expr) -> set:
    """Free symbols of an IR expression (IR numbers such as a refractory period have none)."""
    return getattr(expr, "free_symbols", set())


def statement_symbols(stmts) -> set[str]:
    """Names of every symbol read or written by ``stmts``."""
    names: set[str] = set()
    for stmt in stmts:
        names.add(stmt.target)
        exprs = [stmt.expr] if isinstance(stmt, Assign) else [stmt.min, stmt.max]
        for expr in exprs:
            if expr is not None:
                names.update(s.name for s in _free(expr))
    return names


def expr_symbols(expr) -> set[str]:
    if expr is None:
        return set()
    return {s.name for s in _free(expr)}


def synapse_statements(syn: SynapseIR) -> tuple:
    u = syn.updates
    return (
        *u.global_,
        *u.semiglobal,
        *u.local,
        *syn.pre_spike,
        *syn.post_spike,
        *syn.event_driven,
        *syn.pre_axon_spike,
    )


def synapse_symbols(syn: SynapseIR) -> set[str]:
    names = statement_symbols(synapse_statements(syn)) | expr_symbols(syn.psp)
    for draw in syn.random:
        for arg in draw.args:
            names |= expr_symbols(arg)
    return names


def pre_refs(syn: SynapseIR) -> tuple[str, ...]:
    """Attributes of the pre-synaptic neuron referenced as ``pre.x``."""
    found = {n[4:] for n in synapse_symbols(syn) if n.startswith("pre.")}
    found.update(syn.pre_refs)
    if syn.kind == "rate" and syn.psp is None:
        found.add("r")
    return tuple(sorted(found))


def post_refs(syn: SynapseIR) -> tuple[str, ...]:
    found = {n[5:] for n in synapse_symbols(syn) if n.startswith("post.")}
    found.update(syn.post_refs)
    found.discard("g_target")
    return tuple(sorted(found))


def delayed_pre_refs(syn: SynapseIR) -> tuple[str, ...]:
    """Pre-synaptic attributes read through the delay history (all ``pre.x`` of a rate synapse)."""
    return pre_refs(syn)


def population_global_ops(net: NetworkIR) -> dict[int, set[tuple[str, str]]]:
    """(op, variable) reductions to compute per population, from neurons and synapses."""
    ops: dict[int, set[tuple[str, str]]] = {p.id: set() for p in net.populations}
    for pop in net.populations:
        for gop in pop.neuron.global_ops:
            ops[pop.id].add((gop.op, gop.variable))
    for proj in net.projections:
        for gop in proj.synapse.global_ops:
            side = proj.pre if gop.side == "pre" else proj.post
            ops[side].add((gop.op, gop.variable))
    return ops


def refractory_attribute(neuron: NeuronIR) -> str:
    """The attribute holding a spiking neuron's refractory period (ms)."""
    if isinstance(neuron.refractory, sp.Symbol):
        return neuron.refractory.name
    return "refractory"


def needs_spike_events(syn: SynapseIR) -> bool:
    """Whether synapses keep the step of their last event (event-driven integration)."""
    return bool(syn.event_driven)


def local_attribute_names(model: NeuronIR | SynapseIR, locality: str) -> list[str]:
    return [a.name for a in model.attributes if a.locality == locality]


def is_statement(stmt) -> bool:
    return isinstance(stmt, (Assign, Bound))
