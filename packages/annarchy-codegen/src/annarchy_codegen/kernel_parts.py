"""Pieces of kernel contexts that do not depend on the target language.

Model declarations (the pointers and read-only values a neuron or synapse kernel declares), the
delay prologue of a synapse kernel, the post-synaptic potential of a weighted sum and the lines of
spike events (``pre_spike``, ``post_spike``, ``pre_axon_spike``, event-driven integration).
What differs between backends is their C dialect (``annarchy_codegen.dialect``, carried by the
plans: type names, restrict spelling) and how one event statement is printed (CUDA: atomics).
"""

from __future__ import annotations

from collections.abc import Callable

from ANNarchy.errors import InvalidConfiguration
from annarchy_parser.ir import Assign

from .model_info import expr_symbols, post_refs, pre_refs
from .symbols import PtrDecl, ValueDecl, constant_decls, gop_decls, own_pointers

#: how a spiking projection's pre-synaptic spikes are delayed (comment of the kernel)
DELAY_TEXTS = {
    "none": "at the previous step",
    "uniform": "a uniform delay ago",
    "nonuniform": "each synapse's delay ago",
}


def neuron_model_values(plan, pop, neuron):
    """Pointers and read-only values every neuron kernel of ``pop`` declares."""
    real = pop.dialect.real
    pointers = own_pointers(pop)
    pointers += [PtrDecl(real, f"S_{t}", s.slot) for t, s in pop.sums.items()]
    pointers += [
        PtrDecl(s.ctype, f"L_{n}", s.slot) for n, s in pop.internal.items() if s.role != "fr"
    ]
    gptrs, gvalues = gop_decls(pop, [(g.op, g.variable) for g in neuron.global_ops])
    values = constant_decls(plan, neuron.constants) + gvalues
    return pointers + gptrs, values


def synapse_model_decls(plan, proj, syn, post_sums: bool = False):
    """Pointers and values of a synapse kernel: own, connectivity, pre/post, globals, constants.

    ``post_sums``: also point ``PostS_t`` at the weighted sums of the post-synaptic population.
    """
    pre, post = plan.pop(proj.ir.pre), plan.pop(proj.ir.post)
    real = proj.dialect.real
    pointers = own_pointers(proj)
    pointers += [PtrDecl(s.ctype, f"C_{n}", s.slot) for n, s in proj.conn.items()]
    values = constant_decls(plan, syn.constants)
    used = {"Pre": set(pre_refs(syn)), "Post": set(post_refs(syn))}
    if proj.spiking or post.spiking:  # spikes or continuous transmission into conductances
        used["Post"].update(f"g_{t}" for t in proj.ir.targets)
    for side, pop in (("Pre", pre), ("Post", post)):
        _neighbour_decls(pointers, values, side, pop, used[side])
        every = side == "Post" and post_sums
        sums = [t for t in pop.sums if every or f"_sum_{t}" in used[side]]  # pre/post.sum(t)
        pointers += [PtrDecl(real, f"{side}S_{t}", pop.sums[t].slot) for t in sums]
    for name in proj.pre_refs_delayed:
        pointers.append(PtrDecl(pre.hist[name].ctype, f"H_{name}", pre.hist[name].slot))
    for gop in syn.global_ops:
        pop = pre if gop.side == "pre" else post
        slot = pop.gops[(gop.op, gop.variable)]
        cname = f"O{gop.side}_{gop.op}_{gop.variable}"
        pointers.append(PtrDecl(real, f"P{cname}", slot.slot))
        values.append(ValueDecl(real, cname, f"(*P{cname})"))
    return pointers, values


def _neighbour_decls(pointers: list, values: list, side: str, pop, used: set[str]) -> None:
    """``Pre_x``/``PreP_x``+``PreG_x`` (or ``Post...``) of the attributes used, and internals."""
    for name, slot in pop.attrs.items():
        if name not in used:
            continue
        if slot.extent == "scalar":
            pointers.append(PtrDecl(slot.ctype, f"{side}P_{name}", slot.slot))
            values.append(ValueDecl(slot.ctype, f"{side}G_{name}", f"(*{side}P_{name})"))
        else:
            pointers.append(PtrDecl(slot.ctype, f"{side}_{name}", slot.slot))
    for name, slot in pop.internal.items():
        pointers.append(PtrDecl(slot.ctype, f"{side}_{name}", slot.slot))


def delay_prologue(plan, proj, kernel: str) -> tuple[list[str], list[str]]:
    """(lines before the loops, lines per synapse) selecting the delayed pre-synaptic values.

    ``kernel`` 'psp' reads the values of step ``step - d``, 'update' (after the neuron
    update) those of step ``step - d + 1``.
    """
    if not proj.pre_refs_delayed:
        return [], []
    pre = plan.pop(proj.ir.pre)
    int64, restrict = proj.dialect.int64, proj.dialect.restrict
    extra = "" if kernel == "psp" else " + 1"
    head = [f"const {int64} depth = I[{pre.int_depth}];"]
    if proj.delay == "uniform":
        head.append(f"const {int64} _hs = (step - I[{proj.int_delay}]{extra} + depth) % depth;")
        for name in proj.pre_refs_delayed:
            ctype = pre.hist[name].ctype
            head.append(f"const {ctype}* {restrict} Hd_{name} = H_{name} + _hs * npre;")
        return head, []
    return head, [f"const {int64} _hs = (step - C_delays[k]{extra} + depth) % depth;"]


def global_op_operands(pop) -> tuple[list[PtrDecl], list[tuple[str, str]]]:
    """(pointers ``L_var`` and result ``R_op_var``, the (op, var) pairs) of a population's
    reductions (``validate()`` checked that each reduces a local attribute)."""
    pointers, pairs = [], []
    for (op, var), slot in pop.gops.items():
        attr = pop.attrs[var]
        assert attr.extent != "scalar", f"{op}({var}) reduces a global attribute"
        pointers.append(PtrDecl(attr.ctype, f"L_{var}", attr.slot))
        pointers.append(PtrDecl(pop.dialect.real, f"R_{op}_{var}", slot.slot))
        pairs.append((op, var))
    return list({p.cname: p for p in pointers}.values()), pairs


def psp_expression(syn, printer, operations) -> str:
    """The printed post-synaptic potential of a rate-coded synapse (default ``w * pre.r``).

    Raises ``InvalidConfiguration`` when the synapse's operation is not a key of
    ``operations`` (``validate()`` refused random draws in psp).
    """
    assert not expr_symbols(syn.psp) & {d.name for d in syn.random}, "random draw in psp"
    if syn.psp is not None:
        psp = printer.expr(syn.psp)
    else:
        import sympy as sp

        psp = printer.expr(sp.Symbol("w") * sp.Symbol("pre.r"))
    if syn.operation not in operations:
        raise InvalidConfiguration(f"Synapse '{syn.name}': unknown operation '{syn.operation}'.")
    return psp


def guarded(lines: list[str], condition: str | None) -> list[str]:
    """``if (condition) { line }`` around each line (unchanged when ``condition`` is None)."""
    if condition is None:
        return lines
    return [f"if ({condition}) {{ {line} }}" for line in lines]


def neuron_lines(printer, stmts, conductances: set[str]) -> list[str]:
    """Local statements; those of non-conductance variables are frozen while refractory
    (by a select, not a branch: the loop stays vectorisable)."""
    out = []
    for stmt in stmts:
        frozen = not (isinstance(stmt, Assign) and stmt.temp) and stmt.target not in conductances
        if frozen:
            out += printer.statements_unless([stmt], "_refractory")
        else:
            out += printer.statements([stmt])
    return out


def _print_statement(printer, stmt) -> list[str]:
    return printer.statements([stmt])


def event_statements(
    stmts,
    targets,
    printer_for: Callable[[str], object],
    pre: bool,
    print_statement: Callable[[object, object], list[str]] = _print_statement,
) -> list[str]:
    """C lines of ``pre_spike``/``post_spike``/``pre_axon_spike`` statements.

    ``g_target`` statements are repeated for every target of the projection (printed by
    ``printer_for(target)``); assignments to ``w`` only happen while learning is enabled;
    ``unless_post`` statements (``pre`` events) are skipped when the post-synaptic neuron spiked
    at the previous step. ``print_statement(printer, stmt)`` prints one statement.
    """
    out = []
    printers = {t: printer_for(t) for t in targets}
    main = printers[targets[0]]
    for stmt in stmts:
        if stmt.target in ("g_target", "post.g_target"):
            for target in targets:
                out += print_statement(printers[target], stmt)
            continue
        condition = []
        if stmt.target == "w":
            condition.append("learn")
        if pre and getattr(stmt, "unless_post", False):
            condition.append("Post__last[post] != step - 1")
        out += guarded(print_statement(main, stmt), " && ".join(condition) or None)
    return out


def event_driven_lines(syn, printer_for: Callable[[], object]) -> list[str]:
    """Catch up event-driven variables over ``_elapsed``, then stamp the synapse's event."""
    if not syn.event_driven:
        return []
    return printer_for().statements(syn.event_driven) + ["L__last_event[k] = step;"]


def has_axon_statements(plan, proj) -> bool:
    """Whether ``proj`` runs ``pre_axon_spike`` statements (its pre-synaptic neurons emit
    axonal spikes; ``validate()`` refused them with synaptic delays)."""
    syn, pre = proj.ir.synapse, plan.pop(proj.ir.pre)
    if not syn.pre_axon_spike or pre.int_naxon < 0:
        return False
    assert proj.delay == "none", "pre_axon_spike with synaptic delays"
    return True


def check_spiking_pre(plan, proj) -> None:
    """A spiking synapse needs a spiking pre-synaptic population (``validate()`` checked)."""
    assert plan.pop(proj.ir.pre).spiking, f"spiking synapse of '{proj.ir.name}' after rates"


def check_spike_condition(neuron) -> None:
    """A spiking neuron needs a spike condition (``validate()`` checked)."""
    assert neuron.spike is not None, f"spiking neuron '{neuron.name}' without spike condition"
