"""C names of arrays in kernels, and the mappings IR name -> CUDA expression given to the printer.

Naming: ``L_x`` local array of the kernel's owner, ``P_x`` pointer to one of its scalars,
``G_x`` a read-only copy of a scalar, ``S_x`` the weighted sum of target x, ``O_x`` a global
operation, ``K_x`` a constant, ``Pre_x`` / ``Post_x`` arrays of the pre/post population
(``PreG_x`` / ``PostG_x`` their scalars), ``H_x`` a history ring, ``C_x`` connectivity arrays.
Indices: ``i`` (neuron), ``r`` (row), ``post`` (its rank), ``k`` (synapse), ``j`` (pre rank).
"""

from __future__ import annotations

from dataclasses import dataclass

from annarchy_parser.ir import Assign, NeuronIR, SynapseIR

from .layout import REAL, NetPlan, PopPlan, ProjPlan


@dataclass(frozen=True)
class PtrDecl:
    """``ctype* __restrict__ cname = (ctype*)S[slot];``"""

    ctype: str
    cname: str
    slot: int


@dataclass(frozen=True)
class ValueDecl:
    """``const ctype cname = expr;``"""

    ctype: str
    cname: str
    expr: str


def temporaries(stmts) -> dict[str, str]:
    return {s.target: s.target for s in stmts if isinstance(s, Assign) and s.temp}


def constant_decls(plan: NetPlan, names) -> list[ValueDecl]:
    return [
        ValueDecl(REAL, f"K_{n}", f"({REAL})D[{plan.constant_index(n)}]") for n in sorted(names)
    ]


def common_symbols(model: NeuronIR | SynapseIR) -> dict[str, str]:
    symbols = {"t": "t", "dt": "dt"}
    symbols.update({c: f"K_{c}" for c in model.constants})
    symbols.update({d.name: d.name for d in model.random})
    return symbols


def own_pointers(owner: PopPlan | ProjPlan) -> list[PtrDecl]:
    out = []
    for name, slot in owner.attrs.items():
        prefix = "P_" if slot.extent == "scalar" else "L_"
        out.append(PtrDecl(slot.ctype, prefix + name, slot.slot))
    return out


def scalar_copies(owner: PopPlan | ProjPlan) -> list[ValueDecl]:
    return [
        ValueDecl(slot.ctype, f"G_{name}", f"(*P_{name})")
        for name, slot in owner.attrs.items()
        if slot.extent == "scalar"
    ]


def neuron_symbols(pop: PopPlan, section: str) -> dict[str, str]:
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
        symbols["t_last"] = f"(({REAL})L__last[i] * dt)"
    stmts = (*neuron.updates.global_, *neuron.updates.local, *neuron.reset)
    symbols.update(temporaries(stmts))
    return symbols


def gop_decls(pop: PopPlan, gops) -> tuple[list[PtrDecl], list[ValueDecl]]:
    ptrs, values = [], []
    for op, var in sorted(set(gops)):
        slot = pop.gops[(op, var)]
        ptrs.append(PtrDecl(REAL, f"PO_{pop.owner}_{op}_{var}", slot.slot))
        values.append(ValueDecl(REAL, f"O_{op}_{var}", f"(*PO_{pop.owner}_{op}_{var})"))
    return ptrs, values


def pre_value(proj: ProjPlan, name: str) -> str:
    """CUDA expression of ``pre.name`` for synapse ``k`` (pre rank ``j``), delayed if needed."""
    if name in proj.pre_refs_delayed:
        if proj.delay == "uniform":
            return f"Hd_{name}[j]"
        return f"H_{name}[_hs * npre + j]"
    return f"Pre_{name}[j]"


def synapse_symbols(
    plan: NetPlan, proj: ProjPlan, section: str, target: str | None = None
) -> dict[str, str]:
    """Mapping for a synapse kernel; ``section``: 'global', 'semiglobal' (row ``r``) or 'local'
    (synapse ``k``); ``target``: what ``g_target`` stands for (spiking; default the first)."""
    syn = proj.ir.synapse
    pre, post = plan.pop(proj.ir.pre), plan.pop(proj.ir.post)
    symbols = common_symbols(syn)
    for name, slot in proj.attrs.items():
        if slot.extent == "scalar":
            symbols[name] = f"(*P_{name})" if section == "global" else f"G_{name}"
        elif slot.extent == "rows" and section != "global":
            symbols[name] = f"L_{name}[r]"
        elif section == "local":
            symbols[name] = f"L_{name}[k]"
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


def _spike_symbols(proj: ProjPlan, target: str | None) -> dict[str, str]:
    out = {
        "t_pre": f"(({REAL})Pre__last[j] * dt)",
        "t_post": f"(({REAL})Post__last[post] * dt)",
        "pre.t_last": f"(({REAL})Pre__last[j] * dt)",
        "post.t_last": f"(({REAL})Post__last[post] * dt)",
        "_elapsed": f"(({REAL})(_evt - L__last_event[k]) * dt)",
    }
    target = target or proj.ir.targets[0]
    out["g_target"] = f"Post_g_{target}[post]"
    out["post.g_target"] = out["g_target"]
    return out
