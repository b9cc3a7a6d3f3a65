"""Template contexts of the rate-coded kernels (and the parts spiking kernels share).

Each function builds one small typed context from the plan; ``codegen`` renders it with the
template named in the context. Equations reach CUDA only through the parser's printer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annarchy_codegen import kernel_parts as parts
from annarchy_codegen.names import c_comment
from annarchy_codegen.symbols import LEARN_DT, learning_symbols
from annarchy_parser.ir import NeuronIR, SynapseIR

from .layout import REAL, NetPlan, PopPlan, ProjPlan
from .random_draws import NEURON_INDEX, SYNAPSE_INDEX, draw_lines
from .symbols import PtrDecl, ValueDecl, neuron_symbols, scalar_copies, synapse_symbols


@dataclass(frozen=True)
class Launch:
    """How the host launches a kernel.

    ``kind``: 'single' (one thread), 'threads' (one per element), 'warps' (one warp per row),
    'blocks' (one block per pending spike, grid-stride), 'reduce' (one block); ``count``: index
    in the integer table of the number of elements (-1 for 'single' and 'reduce').
    """

    kind: str
    count: int = -1


@dataclass(frozen=True)
class Kernel:
    """What every kernel context has: its name, comment, declarations and launch."""

    fn: str
    comment: str
    pointers: list[PtrDecl]
    values: list[ValueDecl]
    launch: Launch
    template: str


@dataclass(frozen=True)
class NeuronUpdate(Kernel):
    size: int = 0
    local_values: list[ValueDecl] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class WeightedSum(Kernel):
    rows: int = 0
    npre: int = 0
    prologue: list[str] = field(default_factory=list)
    synapse_lines: list[str] = field(default_factory=list)
    psp: str = ""
    op: str = "sum"
    init: str = "0"
    accumulate: str = ""
    combine: str = ""
    result: str = ""
    neutral: str = "0"
    targets: list[str] = field(default_factory=list)
    masked: bool = False
    dense: bool = False


@dataclass(frozen=True)
class SynapseUpdate(Kernel):
    rows: int = 0
    npre: int = 0
    learn: int = 0
    period: int = 0
    offset: int = 0
    learn_dt: str = LEARN_DT
    dense: bool = False
    masked: bool = False
    local_values: list[ValueDecl] = field(default_factory=list)
    prologue: list[str] = field(default_factory=list)
    row_lines: list[str] = field(default_factory=list)
    synapse_lines: list[str] = field(default_factory=list)
    local_lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class GopLine:
    array: str
    init: str
    accumulate: str
    combine: str
    result: str
    final: str


@dataclass(frozen=True)
class GlobalOps(Kernel):
    size: int = 0
    ops: list[GopLine] = field(default_factory=list)


@dataclass(frozen=True)
class Ring:
    ring: str
    array: str


@dataclass(frozen=True)
class History(Kernel):
    size: int = 0
    depth: int = 0
    rings: list[Ring] = field(default_factory=list)


@dataclass(frozen=True)
class ZeroSums(Kernel):
    size: int = 0
    arrays: list[str] = field(default_factory=list)


#: (init, accumulate, combine of a partial result ``o``, result) of each post-synaptic operation
SUM_OPERATIONS = {
    "sum": ("0.0", "acc += _psp;", "acc += o;", "acc"),
    "mean": (
        "0.0",
        "acc += _psp;",
        "acc += o;",
        f"acc / ({REAL})(C_row_ptr[r + 1] - C_row_ptr[r])",
    ),
    "max": ("-ANN_INF", "acc = _psp > acc ? _psp : acc;", "acc = o > acc ? o : acc;", "acc"),
    "min": ("ANN_INF", "acc = _psp < acc ? _psp : acc;", "acc = o < acc ? o : acc;", "acc"),
}
#: neutral element of each operation (masked cells of dense storage)
NEUTRAL = {"sum": "0.0", "mean": "0.0", "max": "-ANN_INF", "min": "ANN_INF"}

#: (init, accumulate x, combine o, final) of each global operation over x[0..n), in double
GLOBAL_OPERATIONS = {
    "mean": ("0.0", "acc += x;", "acc += o;", "n > 0 ? acc / (double)n : 0.0"),
    "max": ("-ANN_INF", "acc = x > acc ? x : acc;", "acc = o > acc ? o : acc;", "acc"),
    "min": ("ANN_INF", "acc = x < acc ? x : acc;", "acc = o < acc ? o : acc;", "acc"),
    "norm1": ("0.0", "acc += fabs(x);", "acc += o;", "acc"),
    "norm2": ("0.0", "acc += x * x;", "acc += o;", "sqrt(acc)"),
}


def make_printer(symbols: dict[str, str], precision: str):
    """The parser's CUDA printer over ``symbols`` in the network's precision."""
    from annarchy_parser.printers import CPrinter

    return CPrinter(symbols, precision)


def zero_sums(plan: NetPlan, pop: PopPlan) -> ZeroSums | None:
    """Zero the weighted sums of a rate-coded population (first thing of a step)."""
    if not pop.sums:
        return None
    pointers = [PtrDecl(REAL, f"S_{t}", s.slot) for t, s in pop.sums.items()]
    return ZeroSums(
        fn=f"zero_sums_{pop.owner}",
        comment=c_comment(pop.owner),
        pointers=pointers,
        values=[],
        launch=Launch("threads", pop.int_size),
        template="zero_sums.cu.j2",
        size=pop.int_size,
        arrays=[p.cname for p in pointers],
    )


def neuron_model_values(plan: NetPlan, pop: PopPlan, neuron: NeuronIR):
    """Pointers and read-only values every neuron kernel of ``pop`` declares."""
    return parts.neuron_model_values(plan, pop, neuron)


def neuron_global(plan: NetPlan, pop: PopPlan) -> NeuronUpdate | None:
    """The global statements of a neuron (one thread), None when there are none."""
    neuron = pop.ir.neuron
    printer = make_printer(neuron_symbols(pop, "global"), plan.precision)
    uids = plan.draw_uids
    lines = draw_lines(neuron.random, "global", uids, pop.owner, NEURON_INDEX, printer)
    lines += printer.statements(neuron.updates.global_)
    if not lines:
        return None
    pointers, values = neuron_model_values(plan, pop, neuron)
    return NeuronUpdate(
        fn=f"update_{pop.owner}_global",
        comment=c_comment(f"{pop.owner}: global statements"),
        pointers=pointers,
        values=values,
        launch=Launch("single"),
        template="neuron_global.cu.j2",
        size=pop.int_size,
        lines=lines,
    )


def neuron_update(plan: NetPlan, pop: PopPlan) -> NeuronUpdate | None:
    """The local statements of a rate-coded neuron (one thread per neuron)."""
    neuron = pop.ir.neuron
    printer = make_printer(neuron_symbols(pop, "local"), plan.precision)
    uids = plan.draw_uids
    lines = draw_lines(neuron.random, "local", uids, pop.owner, NEURON_INDEX, printer)
    lines += printer.statements(neuron.updates.local)
    if not lines:
        return None
    pointers, values = neuron_model_values(plan, pop, neuron)
    return NeuronUpdate(
        fn=f"update_{pop.owner}",
        comment=c_comment(f"{pop.owner}"),
        pointers=pointers,
        values=values,
        launch=Launch("threads", pop.int_size),
        template="neuron_update.cu.j2",
        size=pop.int_size,
        local_values=scalar_copies(pop),
        lines=lines,
    )


def global_ops(pop: PopPlan) -> GlobalOps:
    """Reductions (min, max, mean, norms) over the population's variables: one block."""
    pointers, pairs = parts.global_op_operands(pop)
    ops = []
    for op, var in pairs:
        init, acc, combine, final = GLOBAL_OPERATIONS[op]
        ops.append(GopLine(f"L_{var}", init, acc, combine, f"R_{op}_{var}", final))
    return GlobalOps(
        fn=f"global_ops_{pop.owner}",
        comment=c_comment(pop.owner),
        pointers=pointers,
        values=[],
        launch=Launch("reduce"),
        template="global_ops.cu.j2",
        size=pop.int_size,
        ops=ops,
    )


def history(pop: PopPlan) -> History:
    pointers, rings = [], []
    for var, slot in pop.hist.items():
        attr = pop.attrs[var]
        pointers.append(PtrDecl(attr.ctype, f"L_{var}", attr.slot))
        pointers.append(PtrDecl(slot.ctype, f"H_{var}", slot.slot))
        rings.append(Ring(f"H_{var}", f"L_{var}"))
    return History(
        fn=f"history_{pop.owner}",
        comment=c_comment(pop.owner),
        pointers=pointers,
        values=[],
        launch=Launch("threads", pop.int_size),
        template="history.cu.j2",
        size=pop.int_size,
        depth=pop.int_depth,
        rings=rings,
    )


def synapse_model_decls(plan: NetPlan, proj: ProjPlan, syn: SynapseIR):
    """Pointers and values of a synapse kernel (with ``PostS_t``, the post's weighted sums)."""
    return parts.synapse_model_decls(plan, proj, syn, post_sums=True)


def delay_prologue(plan: NetPlan, proj: ProjPlan, kernel: str) -> tuple[list[str], list[str]]:
    """(lines before the loops, lines per synapse) selecting the delayed pre-synaptic values:
    'psp' reads those of step ``step - d``, 'update' those of ``step - d + 1``."""
    return parts.delay_prologue(plan, proj, kernel)


def weighted_sum(plan: NetPlan, proj: ProjPlan) -> WeightedSum:
    """The rate-coded weighted sum of ``proj`` into its targets: one warp per row."""
    syn = proj.ir.synapse
    post = plan.pop(proj.ir.post)
    pointers, values = synapse_model_decls(plan, proj, syn)
    if proj.spiking or post.spiking:  # continuous transmission into the conductances g_target
        targets = [f"Post_g_{t}" for t in proj.ir.targets]
    else:
        names = [t for t in proj.ir.targets if t in post.sums]
        pointers += [PtrDecl(REAL, f"T_{t}", post.sums[t].slot) for t in names]
        targets = [f"T_{t}" for t in names]
    values += scalar_copies(proj)
    printer = make_printer(synapse_symbols(plan, proj, "local"), plan.precision)
    psp = parts.psp_expression(syn, printer, SUM_OPERATIONS)
    op = syn.operation
    init, acc, combine, result = SUM_OPERATIONS[op]
    prologue, per_synapse = delay_prologue(plan, proj, "psp")
    return WeightedSum(
        fn=f"sum_{proj.owner}",
        comment=c_comment(f"{proj.owner}"),
        pointers=pointers,
        values=values,
        launch=Launch("warps", proj.int_rows),
        template="weighted_sum.cu.j2",
        rows=proj.int_rows,
        npre=proj.int_npre,
        prologue=prologue,
        synapse_lines=per_synapse,
        psp=psp,
        op=op,
        init=init,
        accumulate=acc,
        combine=combine,
        result=result,
        neutral=NEUTRAL[op],
        targets=targets,
        masked=proj.masked,
        dense=proj.fmt == "dense",
    )


def synapse_global(plan: NetPlan, proj: ProjPlan) -> SynapseUpdate | None:
    """The global statements of a synapse (one thread), None when there are none."""
    syn = proj.ir.synapse
    symbols = learning_symbols(synapse_symbols(plan, proj, "global"))
    printer = make_printer(symbols, plan.precision)
    lines = draw_lines(syn.random, "global", plan.draw_uids, proj.owner, SYNAPSE_INDEX, printer)
    lines += printer.statements(syn.updates.global_)
    if not lines:
        return None
    pointers, values = synapse_model_decls(plan, proj, syn)
    return SynapseUpdate(
        fn=f"learn_{proj.owner}_global",
        comment=c_comment(f"{proj.owner}: global statements"),
        pointers=pointers,
        values=values,
        launch=Launch("single"),
        template="synapse_global.cu.j2",
        learn=proj.int_learn,
        period=proj.int_learn_period,
        offset=proj.int_learn_offset,
        local_lines=lines,
    )


def synapse_update(plan: NetPlan, proj: ProjPlan) -> SynapseUpdate | None:
    """Semiglobal then local statements of ``proj``: one warp per row (None: nothing to do)."""
    syn = proj.ir.synapse
    uids, owner = plan.draw_uids, proj.owner
    lines = {}
    for section, stmts in (("semiglobal", syn.updates.semiglobal), ("local", syn.updates.local)):
        symbols = learning_symbols(synapse_symbols(plan, proj, section))
        printer = make_printer(symbols, plan.precision)
        lines[section] = draw_lines(syn.random, section, uids, owner, SYNAPSE_INDEX, printer)
        lines[section] += printer.statements(stmts)
    if not (lines["semiglobal"] or lines["local"]):
        return None
    pointers, values = synapse_model_decls(plan, proj, syn)
    prologue, per_synapse = delay_prologue(plan, proj, "update")
    return SynapseUpdate(
        fn=f"learn_{proj.owner}",
        comment=c_comment(f"{proj.owner}"),
        pointers=pointers,
        values=values,
        launch=Launch("warps", proj.int_rows),
        template="synapse_update.cu.j2",
        rows=proj.int_rows,
        npre=proj.int_npre,
        learn=proj.int_learn,
        period=proj.int_learn_period,
        offset=proj.int_learn_offset,
        dense=proj.fmt == "dense",
        masked=proj.masked,
        local_values=scalar_copies(proj),
        prologue=prologue,
        row_lines=lines["semiglobal"],
        synapse_lines=per_synapse,
        local_lines=lines["local"],
    )
