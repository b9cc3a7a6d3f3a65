"""Template contexts of the rate-coded kernels (and the parts spiking kernels share).

Each function builds one small typed context from the plan; ``codegen`` renders it with the
template of its kind. Equations reach C only through the parser's printer, with the mappings of
``symbols``.
"""

from __future__ import annotations

from dataclasses import dataclass

from annarchy_codegen.kernel_parts import (
    delay_prologue,
    global_op_operands,
    neuron_model_values,
    psp_expression,
    synapse_model_decls,
)
from annarchy_codegen.names import c_comment
from annarchy_codegen.symbols import LEARN_DT, learning_symbols

from .layout import NetPlan, PopPlan, ProjPlan
from .random_draws import NEURON_INDEX, SYNAPSE_INDEX, draw_lines, neuron_local_draws
from .reciprocals import hoist
from .symbols import PtrDecl, ValueDecl, neuron_symbols, scalar_copies, synapse_symbols


def make_printer(symbols: dict[str, str]):
    """The parser's C printer over ``symbols`` (imported lazily: it is the parser's)."""
    from annarchy_parser.printers import CPrinter

    return CPrinter(symbols, "double")


@dataclass(frozen=True)
class NeuronUpdate:
    fn: str
    comment: str
    pointers: list[PtrDecl]
    values: list[ValueDecl]
    size: int
    global_lines: list[str]
    local_values: list[ValueDecl]
    local_lines: list[str]
    draw_lines: list[str]
    template: str = "neuron_update.cpp.j2"
    work: str = ""  # C expression: the elements its loops share among threads


@dataclass(frozen=True)
class WeightedSum:
    fn: str
    comment: str
    pointers: list[PtrDecl]
    values: list[ValueDecl]
    rows: int
    npre: int
    prologue: list[str]
    synapse_lines: list[str]
    psp: str
    op: str
    init: str
    simd: str
    accumulate: str
    result: str
    neutral: str
    targets: list[str]
    masked: bool
    template: str
    work: str = ""


@dataclass(frozen=True)
class SynapseUpdate:
    fn: str
    comment: str
    pointers: list[PtrDecl]
    values: list[ValueDecl]
    rows: int
    npre: int
    learn: int
    period: int
    offset: int
    fmt: str
    masked: bool
    global_lines: list[str]
    local_values: list[ValueDecl]
    prologue: list[str]
    row_lines: list[str]
    synapse_lines: list[str]
    local_lines: list[str]
    template: str = "synapse_update.cpp.j2"
    learn_dt: str = LEARN_DT
    work: str = ""


@dataclass(frozen=True)
class GopLine:
    array: str
    init: str
    reduction: str
    accumulate: str
    result: str
    final: str


@dataclass(frozen=True)
class GlobalOps:
    fn: str
    comment: str
    pointers: list[PtrDecl]
    values: list[ValueDecl]
    size: int
    ops: list[GopLine]
    template: str = "global_ops.cpp.j2"


@dataclass(frozen=True)
class Ring:
    ring: str
    array: str
    ctype: str


@dataclass(frozen=True)
class History:
    fn: str
    comment: str
    pointers: list[PtrDecl]
    values: list[ValueDecl]
    size: int
    depth: int
    rings: list[Ring]
    template: str = "history.cpp.j2"


# (init, simd reduction, accumulate, result, neutral) of each post-synaptic operation
SUM_OPERATIONS = {
    "sum": ("0.0", "+", "acc += _psp;", "acc", "0.0"),
    "mean": ("0.0", "+", "acc += _psp;", "acc / (double)(C_row_ptr[r + 1] - C_row_ptr[r])", "0.0"),
    "max": ("-INFINITY", "max", "acc = _psp > acc ? _psp : acc;", "acc", "-INFINITY"),
    "min": ("INFINITY", "min", "acc = _psp < acc ? _psp : acc;", "acc", "INFINITY"),
}

# (init, reduction, accumulate, final) of each global operation over x[0..n)
GLOBAL_OPERATIONS = {
    "mean": ("0.0", "+", "acc += x;", "n > 0 ? acc / (double)n : 0.0"),
    "max": ("-INFINITY", "max", "acc = x > acc ? x : acc;", "acc"),
    "min": ("INFINITY", "min", "acc = x < acc ? x : acc;", "acc"),
    "norm1": ("0.0", "+", "acc += fabs(x);", "acc"),
    "norm2": ("0.0", "+", "acc += x * x;", "sqrt(acc)"),
}


@dataclass(frozen=True)
class ZeroSums:
    fn: str
    comment: str
    pointers: list[PtrDecl]
    values: list[ValueDecl]
    arrays: list[tuple[str, int, int]]  # (C name, I index of the size, of the enabled flag)
    template: str = "zero_sums.cpp.j2"


def zero_sums(plan: NetPlan) -> ZeroSums | None:
    """Zero the weighted sums of every rate-coded population (first thing of a step)."""
    pointers, arrays = [], []
    for pop in plan.pops:
        for target, slot in pop.sums.items():
            cname = f"S_{pop.owner}_{target}"
            pointers.append(PtrDecl("double", cname, slot.slot))
            arrays.append((cname, pop.int_size, pop.int_enabled))
    if not arrays:
        return None
    return ZeroSums(
        fn="zero_sums",
        comment="all rate-coded populations",
        pointers=pointers,
        values=[],
        arrays=arrays,
    )


def neuron_update(plan: NetPlan, pop: PopPlan) -> NeuronUpdate:
    """The rate-coded neuron update of ``pop``."""
    neuron = pop.ir.neuron
    pointers, values = neuron_model_values(plan, pop, neuron)
    gprinter = make_printer(neuron_symbols(pop, "global"))
    lsymbols = neuron_symbols(pop, "local")
    local_stmts, reciprocals = hoist(neuron.updates.local, lsymbols)
    lprinter = make_printer(lsymbols)
    global_lines = draw_lines(
        neuron.random, "global", plan.draw_uids, pop.owner, NEURON_INDEX, gprinter
    )
    global_lines += gprinter.statements(neuron.updates.global_)
    fill, local_lines = neuron_local_draws(neuron.random, plan.draw_uids, pop.owner, lprinter)
    local_lines += lprinter.statements(local_stmts)
    return NeuronUpdate(
        fn=f"update_{pop.owner}",
        comment=c_comment(f"{pop.owner}"),
        pointers=pointers,
        values=values,
        size=pop.int_size,
        global_lines=global_lines,
        local_values=scalar_copies(pop) + reciprocals,
        local_lines=local_lines,
        draw_lines=fill,
        work=f"I[{pop.int_size}]",
    )


def global_ops(pop: PopPlan) -> GlobalOps:
    pointers, pairs = global_op_operands(pop)
    ops = []
    for op, var in pairs:
        init, red, acc, final = GLOBAL_OPERATIONS[op]
        ops.append(GopLine(f"L_{var}", init, red, acc, f"R_{op}_{var}", final))
    return GlobalOps(
        fn=f"global_ops_{pop.owner}",
        comment=c_comment(pop.owner),
        pointers=pointers,
        values=[],
        size=pop.int_size,
        ops=ops,
    )


def history(pop: PopPlan) -> History:
    pointers, rings = [], []
    for var, slot in pop.hist.items():
        attr = pop.attrs[var]
        pointers.append(PtrDecl(attr.ctype, f"L_{var}", attr.slot))
        pointers.append(PtrDecl(slot.ctype, f"H_{var}", slot.slot))
        rings.append(Ring(f"H_{var}", f"L_{var}", slot.ctype))
    return History(
        fn=f"history_{pop.owner}",
        comment=c_comment(pop.owner),
        pointers=pointers,
        values=[],
        size=pop.int_size,
        depth=pop.int_depth,
        rings=rings,
    )


def weighted_sum(plan: NetPlan, proj: ProjPlan) -> WeightedSum:
    """The rate-coded weighted sum of ``proj`` into its targets."""
    syn = proj.ir.synapse
    post = plan.pop(proj.ir.post)
    pointers, values = synapse_model_decls(plan, proj, syn)
    if proj.spiking or post.spiking:  # the sum adds to the conductances g_target
        targets = [f"Post_g_{t}" for t in proj.ir.targets]
    else:
        used = [t for t in proj.ir.targets if t in post.sums]
        targets = [f"T_{t}" for t in used]
        pointers += [PtrDecl("double", f"T_{t}", post.sums[t].slot) for t in used]
    values += scalar_copies(proj)
    printer = make_printer(synapse_symbols(plan, proj, "local"))
    psp = psp_expression(syn, printer, SUM_OPERATIONS)
    op = syn.operation
    init, red, acc, result, neutral = SUM_OPERATIONS[op]
    prologue, per_synapse = delay_prologue(plan, proj, "psp")
    simd = "" if per_synapse else f"#pragma omp simd reduction({red}:acc)"
    template = "sum_dense.cpp.j2" if proj.fmt == "dense" else "sum_csr.cpp.j2"
    return WeightedSum(
        fn=f"sum_{proj.owner}",
        comment=c_comment(f"{proj.owner}"),
        pointers=pointers,
        values=values,
        rows=proj.int_rows,
        npre=proj.int_npre,
        prologue=prologue,
        synapse_lines=per_synapse,
        psp=psp,
        op=op,
        init=init,
        simd=simd,
        accumulate=acc,
        result=result,
        neutral=neutral,
        targets=targets,
        masked=proj.masked,
        template=template,
        work=synapse_work(proj),
    )


def synapse_update(plan: NetPlan, proj: ProjPlan) -> SynapseUpdate | None:
    """The continuous update of ``proj`` (None when the synapse has no equations)."""
    syn = proj.ir.synapse
    updates = syn.updates
    if not (updates.global_ or updates.semiglobal or updates.local):
        return None
    pointers, values = synapse_model_decls(plan, proj, syn)
    uids, owner = plan.draw_uids, proj.owner
    lines, reciprocals = {}, []
    for section in ("global", "semiglobal", "local"):
        symbols = learning_symbols(synapse_symbols(plan, proj, section))
        stmts = {
            "global": updates.global_,
            "semiglobal": updates.semiglobal,
            "local": updates.local,
        }[section]
        if section == "local":  # the loop over every synapse
            stmts, reciprocals = hoist(stmts, symbols)
        printer = make_printer(symbols)
        lines[section] = draw_lines(syn.random, section, uids, owner, SYNAPSE_INDEX, printer)
        lines[section] += printer.statements(stmts)
    prologue, per_synapse = delay_prologue(plan, proj, "update")
    return SynapseUpdate(
        fn=f"learn_{proj.owner}",
        comment=c_comment(f"{proj.owner}"),
        pointers=pointers,
        values=values,
        rows=proj.int_rows,
        npre=proj.int_npre,
        learn=proj.int_learn,
        period=proj.int_learn_period,
        offset=proj.int_learn_offset,
        fmt=proj.fmt,
        masked=proj.masked,
        global_lines=lines["global"],
        local_values=scalar_copies(proj) + reciprocals,
        prologue=prologue,
        row_lines=lines["semiglobal"],
        synapse_lines=per_synapse,
        local_lines=lines["local"],
        work=synapse_work(proj),
    )


def synapse_work(proj: ProjPlan) -> str:
    """C expression of the synapses a loop over the rows of ``proj`` visits."""
    if proj.fmt == "dense":
        return f"I[{proj.int_rows}] * I[{proj.int_npre}]"
    return f"I[{proj.int_nnz}]"
