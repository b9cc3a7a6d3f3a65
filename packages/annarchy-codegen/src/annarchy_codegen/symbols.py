"""C names of arrays in kernels, and the mappings IR name -> C expression given to the printer.

Naming (prefixes keep user names away from C keywords and from each other):

``L_x`` local array of the kernel's owner, ``P_x`` pointer to one of its scalars, ``G_x`` a
read-only copy of a scalar, ``S_x`` the weighted sum of target x, ``O_x`` a global operation,
``K_x`` a constant, ``Pre_x`` / ``Post_x`` arrays of the pre/post population (``PreG_x`` /
``PostG_x`` for their scalars), ``H_x`` a history ring, ``C_x`` connectivity arrays.
Loop indices: ``i`` (neuron), ``r`` (row), ``post`` (its rank), ``k`` (synapse), ``j`` (pre rank).

The plans (``NetPlan``, ``PopPlan``, ``ProjPlan``) are the backend's layout objects, read by
attribute only: ``attrs``/``sums``/``gops`` map names to slots with ``slot``, ``ctype`` and
``extent``, and ``dialect`` (``annarchy_codegen.dialect.CDialect``: the type of floating-point
state is ``dialect.real``, ``double`` or a typedef).
"""

from __future__ import annotations

from dataclasses import dataclass

from annarchy_parser.ir import Assign


@dataclass(frozen=True)
class PtrDecl:
    """``ctype* restrict cname = (ctype*)S[slot];`` (``restrict`` False: without the qualifier,
    for a pointer that shares its slot with another one of the kernel)."""

    ctype: str
    cname: str
    slot: int
    restrict: bool = True


@dataclass(frozen=True)
class ValueDecl:
    """``const ctype cname = expr;``"""

    ctype: str
    cname: str
    expr: str


def temporaries(stmts) -> dict[str, str]:
    """Temporary variables of ``stmts``, mapped to themselves (locals of the C code)."""
    return {s.target: s.target for s in stmts if isinstance(s, Assign) and s.temp}


def constant_decls(plan, names) -> list[ValueDecl]:
    """``K_x`` copies of the constants ``names`` from the double table ``D``."""
    out = []
    for name in sorted(names):
        cell = f"D[{plan.constant_index(name)}]"
        out.append(ValueDecl(plan.dialect.real, f"K_{name}", plan.dialect.to_real(cell)))
    return out


def common_symbols(model) -> dict[str, str]:
    """Time, step size, constants and random draws of a neuron or synapse model."""
    symbols = {"t": "t", "dt": "dt"}
    symbols.update({c: f"K_{c}" for c in model.constants})
    symbols.update({d.name: d.name for d in model.random})
    return symbols


#: C name of the time step of the continuous synapse update: ``dt`` times the learning period
#: of ``Projection.enable_learning(period=...)`` (declared by the update kernels)
LEARN_DT = "ann_learn_dt"


def learning_symbols(symbols: dict[str, str]) -> dict[str, str]:
    """``symbols`` of a continuous synapse update: ``dt`` is the learning time step."""
    return {**symbols, "dt": LEARN_DT}


def own_pointers(owner) -> list[PtrDecl]:
    """Pointers to every attribute of the owner: ``L_x`` (arrays) or ``P_x`` (scalars)."""
    out = []
    for name, slot in owner.attrs.items():
        prefix = "P_" if slot.extent == "scalar" else "L_"
        out.append(PtrDecl(slot.ctype, prefix + name, slot.slot))
    return out


def firing_rate_pointers(pop, spikes: str) -> list[PtrDecl]:
    """Arrays of the firing-rate kernel of ``pop``: ``r``, the array telling which neurons
    spiked (``spikes``: the backend's), the window's bits and counts, and its rate factor."""
    names = (spikes, "_fr_bits", "_fr_count")
    slots = [pop.attrs["r"], *(pop.internal[n] for n in names)]
    pointers = [PtrDecl(slot.ctype, f"L_{slot.name}", slot.slot) for slot in slots]
    rate = pop.internal["_fr_rate"]
    return [*pointers, PtrDecl(rate.ctype, "P__fr_rate", rate.slot)]


def scalar_copies(owner) -> list[ValueDecl]:
    """Read-only copies ``G_x`` of the owner's scalar attributes."""
    return [
        ValueDecl(slot.ctype, f"G_{name}", f"(*P_{name})")
        for name, slot in owner.attrs.items()
        if slot.extent == "scalar"
    ]


def writable_scalars(symbols: dict[str, str], owner, stmts) -> dict[str, str]:
    """``symbols`` where the scalar (global) attributes of ``owner`` that ``stmts`` assign are
    read and written through their pointer ``(*P_x)`` instead of the read-only copy ``G_x``:
    event statements (reset, ``pre_spike``...) run once per event, in order, and each sees the
    value the previous one left, as in the reference."""
    out = dict(symbols)
    for stmt in stmts:
        slot = owner.attrs.get(stmt.target)
        if slot is not None and slot.extent == "scalar" and not getattr(stmt, "temp", False):
            out[stmt.target] = f"(*P_{stmt.target})"
    return out


def neuron_symbols(pop, section: str) -> dict[str, str]:
    """Mapping for a neuron kernel; ``section`` is 'global' or 'local' (index ``i``)."""
    neuron = pop.ir.neuron
    symbols = common_symbols(neuron)
    for name, slot in pop.attrs.items():
        if slot.extent == "scalar":
            symbols[name] = f"(*P_{name})" if section == "global" else f"G_{name}"
        elif section == "local":
            symbols[name] = f"L_{name}[i]"
    for target in pop.sums:
        symbols[f"_sum_{target}"] = f"S_{target}[i]"
    for gop in neuron.global_ops:
        symbols[gop.name] = f"O_{gop.op}_{gop.variable}"
    if pop.spiking:
        symbols["t_last"] = f"(({pop.dialect.real})L__last[i] * dt)"
    stmts = (*neuron.updates.global_, *neuron.updates.local, *neuron.reset)
    symbols.update(temporaries(stmts))
    return symbols


def gop_decls(pop, gops) -> tuple[list[PtrDecl], list[ValueDecl]]:
    """Read-only copies ``O_op_var`` of the global operations ``gops`` of population ``pop``."""
    ptrs, values, real = [], [], pop.dialect.real
    for op, var in sorted(set(gops)):
        slot = pop.gops[(op, var)]
        ptrs.append(PtrDecl(real, f"PO_{pop.owner}_{op}_{var}", slot.slot))
        values.append(ValueDecl(real, f"O_{op}_{var}", f"(*PO_{pop.owner}_{op}_{var})"))
    return ptrs, values


def pre_value(proj, name: str) -> str:
    """C expression of ``pre.name`` for synapse ``k`` (pre rank ``j``), delayed if needed."""
    if name in proj.pre_refs_delayed:
        if proj.delay == "uniform":
            return f"Hd_{name}[j]"
        return f"H_{name}[_hs * npre + j]"
    return f"Pre_{name}[j]"


def synapse_symbols(plan, proj, section: str, target: str | None = None) -> dict[str, str]:
    """Mapping for a synapse kernel.

    ``section``: 'global', 'semiglobal' (row ``r``) or 'local' (synapse ``k``, pre rank ``j``);
    ``target``: spiking synapses, the target ``g_target`` stands for (default: the first).
    """
    syn = proj.ir.synapse
    symbols = common_symbols(syn)
    _own_symbols(symbols, proj, section)
    _neighbour_symbols(symbols, plan, proj, section)
    for gop in syn.global_ops:
        symbols[gop.name] = f"O{gop.side}_{gop.op}_{gop.variable}"
    if proj.spiking:
        symbols.update(_spike_symbols(proj, target))
    stmts = (
        *syn.updates.global_,
        *syn.updates.semiglobal,
        *syn.updates.local,
        *syn.pre_spike,
        *syn.post_spike,
        *syn.event_driven,
    )
    symbols.update(temporaries(stmts))
    return symbols


def _own_symbols(symbols: dict[str, str], proj, section: str) -> None:
    for name, slot in proj.attrs.items():
        if slot.extent == "scalar":
            symbols[name] = f"(*P_{name})" if section == "global" else f"G_{name}"
        elif slot.extent == "rows" and section != "global":
            symbols[name] = f"L_{name}[r]"
        elif section == "local":
            symbols[name] = f"L_{name}[k]"


def _neighbour_symbols(symbols: dict[str, str], plan, proj, section: str) -> None:
    """``pre.x``, ``post.x`` and ``post._sum_t`` of a synapse kernel."""
    pre, post = plan.pop(proj.ir.pre), plan.pop(proj.ir.post)
    for name, slot in pre.attrs.items():
        if slot.extent == "scalar":
            symbols[f"pre.{name}"] = f"PreG_{name}"
        elif section == "local":
            symbols[f"pre.{name}"] = pre_value(proj, name)
    for name, slot in post.attrs.items():
        if slot.extent == "scalar":
            symbols[f"post.{name}"] = f"PostG_{name}"
        elif section != "global":
            symbols[f"post.{name}"] = f"Post_{name}[post]"
    for target in post.sums:
        symbols[f"post._sum_{target}"] = f"PostS_{target}[post]"
    if section == "local":  # pre.sum(t): the weighted sum the pre-synaptic neuron j receives
        for target in pre.sums:
            symbols[f"pre._sum_{target}"] = f"PreS_{target}[j]"


def _spike_symbols(proj, target: str | None) -> dict[str, str]:
    """Spiking synapses: spike times, time since the last event (``_evt`` is the step of the
    event being processed), and the post-synaptic conductance of ``target``."""
    real = proj.dialect.real
    out = {
        "t_pre": f"(({real})Pre__last[j] * dt)",
        "t_post": f"(({real})Post__last[post] * dt)",
        "pre.t_last": f"(({real})Pre__last[j] * dt)",
        "post.t_last": f"(({real})Post__last[post] * dt)",
        "_elapsed": f"(({real})(_evt - L__last_event[k]) * dt)",
    }
    target = target or proj.ir.targets[0]
    out["g_target"] = f"Post_g_{target}[post]"
    out["post.g_target"] = out["g_target"]
    return out
