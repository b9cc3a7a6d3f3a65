"""The device data layout of a network: which arrays exist, and their slot in the pointer table.

A pure function of the network *structure* (models, populations, projections, storage and delay
kinds, precision), never of sizes or values: the generated kernels refer to arrays by slot, so
they are identical for an unchanged structure. The runtime allocates the arrays (CuPy) from the
same layout and uploads their device addresses as the table ``S``.

``S[0]`` is an ``int64`` array of integers (seed, sizes, spike counts, flags), ``S[1]`` a
``double`` array (``dt``, constants); every other slot is one state or connectivity array.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from ANNarchy.codegen.model_info import (
    delayed_pre_refs,
    needs_spike_events,
    population_global_ops,
    refractory_attribute,
)
from ANNarchy.core.network_ir import NetworkIR, PopulationIR, ProjectionIR
from ANNarchy.errors import InvalidConfiguration

#: C type of floating-point state (a typedef of the generated source: float or double)
REAL = "ann_real"
#: IR ctype -> C element type
ATTR_TYPES = {"double": REAL, "int": "int", "bool": "bool"}
#: C element type -> numpy dtype (``ann_real`` depends on the precision)
C_DTYPES = {
    "int": np.int32,
    "long long": np.int64,
    "unsigned char": np.uint8,
    "bool": np.bool_,
    "double": np.float64,
}
#: formats of the spec stored as CSR on the GPU (identical results by construction)
SPARSE_FORMATS = (
    "csr",
    "lil",
    "ell",
    "ellr",
    "sell",
    "bsr",
    "hyb",
    "coo",
    "dia",
    "csr_scalar",
    "csr_vector",
)
#: 'auto' stores a rate-coded projection densely from this density on (masked when not full)
DENSE_DENSITY = 0.9

SLOT_INTS, SLOT_REALS = 0, 1
FIRST_SLOT = 2
INT_RESERVED, INT_SEED = 0, 1
FIRST_INT = 2
REAL_DT = 0


@dataclass(frozen=True)
class ArraySlot:
    """One device array; ``extent`` names its length symbolically ('scalar', 'size', 'rows',
    'rows+1', 'nnz', 'dense', 'npre+1', 'npost', 'hist' = depth * size, 'depth')."""

    slot: int
    owner: str
    name: str
    ctype: str
    extent: str
    role: str  # 'attr' | 'sum' | 'conn' | 'hist' | 'gop' | 'spike' | 'special' | 'special_state'

    def dtype(self, precision: str):
        if self.ctype == REAL:
            return np.float32 if precision == "float" else np.float64
        return C_DTYPES[self.ctype]


@dataclass(frozen=True)
class PopPlan:
    ir: PopulationIR
    owner: str
    spiking: bool
    attrs: dict[str, ArraySlot]
    sums: dict[str, ArraySlot]
    hist: dict[str, ArraySlot]
    gops: dict[tuple[str, str], ArraySlot]
    internal: dict[str, ArraySlot]
    int_size: int
    int_depth: int
    int_nspikes: int
    refractory: str | None = None
    targets: tuple[str, ...] = ()
    int_naxon: int = -1  # number of axonal spikes of the last step (-1: no axon_spike)
    int_stop: int = -1  # flag written by the stop condition's kernel (-1: no stop condition)
    special: object = None  # ANNarchy.codegen.special_code.SpecialPlan of a plugin's code


@dataclass(frozen=True)
class ProjPlan:
    ir: ProjectionIR
    owner: str
    fmt: str  # 'csr' | 'dense'
    masked: bool
    delay: str  # 'none' | 'uniform' | 'nonuniform'
    spiking: bool
    attrs: dict[str, ArraySlot]
    conn: dict[str, ArraySlot]
    int_rows: int
    int_nnz: int
    int_npre: int
    int_delay: int
    int_learn: int
    pre_refs_delayed: tuple[str, ...] = ()
    special: object = None  # ANNarchy.codegen.special_code.SpecialPlan of a plugin's code


@dataclass(frozen=True)
class NetPlan:
    pops: tuple[PopPlan, ...]
    projs: tuple[ProjPlan, ...]
    slots: tuple[ArraySlot, ...]
    n_ints: int
    constants: tuple[str, ...]  # D[1 + k]
    precision: str = "double"
    draw_uids: dict[tuple[str, str], int] = field(default_factory=dict)

    def pop(self, pid: int) -> PopPlan:
        for pop in self.pops:
            if pop.ir.id == pid:
                return pop
        raise InvalidConfiguration(f"No population with id {pid}.")

    def owner(self, owner: str) -> PopPlan | ProjPlan:
        for item in (*self.pops, *self.projs):
            if item.owner == owner:
                return item
        raise InvalidConfiguration(f"Unknown owner '{owner}' (expected 'pop<k>' or 'proj<k>').")

    def constant_index(self, name: str) -> int:
        return 1 + self.constants.index(name)


class _Builder:
    """Hands out slot and integer indices in a deterministic order."""

    def __init__(self) -> None:
        self.slots: list[ArraySlot] = []
        self.n_ints = FIRST_INT

    def array(self, owner: str, name: str, ctype: str, extent: str, role: str) -> ArraySlot:
        slot = ArraySlot(FIRST_SLOT + len(self.slots), owner, name, ctype, extent, role)
        self.slots.append(slot)
        return slot

    def int(self) -> int:
        self.n_ints += 1
        return self.n_ints - 1


def choose_format(proj: ProjectionIR, pre_size: int) -> tuple[str, bool]:
    """('dense' | 'csr', masked): dense when asked or (with 'auto') when rows are nearly full;
    spiking and non-uniformly delayed projections always use CSR."""
    fmt = proj.storage_format.lower()
    if fmt not in ("auto", "dense", *SPARSE_FORMATS):
        raise InvalidConfiguration(
            f"Projection '{proj.name}': unknown storage_format '{proj.storage_format}'."
        )
    csr = proj.connectivity
    cells = csr.n_rows * pre_size
    full = cells > 0 and csr.nnz == cells
    if proj.synapse.kind == "spike" or proj.uniform_delay < 0 or cells == 0:
        return "csr", False
    if fmt == "dense" or (fmt == "auto" and csr.nnz >= DENSE_DENSITY * cells):
        return "dense", not full
    return "csr", False


def _spike_arrays(b: _Builder, pop: PopulationIR, attrs: dict, targets, ring: bool):
    owner = pop.owner
    for target in targets:
        if f"g_{target}" not in attrs:
            attrs[f"g_{target}"] = b.array(owner, f"g_{target}", REAL, "size", "attr")
    refr = refractory_attribute(pop.neuron)
    if refr not in attrs:
        attrs[refr] = b.array(owner, refr, REAL, "size", "attr")
    internal = {
        "_spiked": b.array(owner, "_spiked", "int", "size", "spike"),
        "_refr": b.array(owner, "_refr", "int", "size", "spike"),
        "_last": b.array(owner, "_last", "long long", "size", "spike"),
    }
    if pop.neuron.axon_spike is not None:
        internal["_axon_spiked"] = b.array(owner, "_axon_spiked", "int", "size", "spike")
    if ring:
        internal["_ring"] = b.array(owner, "_ring", "int", "hist", "spike")
        internal["_ring_n"] = b.array(owner, "_ring_n", "long long", "depth", "spike")
    return internal, refr


def _pop_plan(b: _Builder, pop: PopulationIR, hist_vars, gops, ring: bool, targets) -> PopPlan:
    owner, neuron = pop.owner, pop.neuron
    spiking = neuron.kind == "spike"
    all_targets = tuple(sorted(set(neuron.targets) | targets))
    attrs = {}
    for attr in neuron.attributes:
        extent = "size" if attr.locality == "local" else "scalar"
        attrs[attr.name] = b.array(owner, attr.name, ATTR_TYPES[attr.ctype], extent, "attr")
    refr, internal, sums = None, {}, {}
    if spiking:
        internal, refr = _spike_arrays(b, pop, attrs, all_targets, ring)
    else:
        for target in all_targets:  # incoming targets the model does not read: pop.sum(t)
            sums[target] = b.array(owner, f"_sum_{target}", REAL, "size", "sum")
    hist = {
        v: b.array(owner, f"_hist_{v}", attrs[v].ctype, "hist", "hist") for v in sorted(hist_vars)
    }
    gop_slots = {
        (op, var): b.array(owner, f"_{op}_{var}", REAL, "scalar", "gop") for op, var in sorted(gops)
    }
    return PopPlan(
        ir=pop,
        owner=owner,
        spiking=spiking,
        attrs=attrs,
        sums=sums,
        hist=hist,
        gops=gop_slots,
        internal=internal,
        int_size=b.int(),
        int_depth=b.int(),
        int_nspikes=b.int(),
        refractory=refr,
        targets=all_targets,
        int_naxon=b.int() if "_axon_spiked" in internal else -1,
        int_stop=b.int() if getattr(pop, "stop_condition", None) is not None else -1,
        special=_special(b, pop),
    )


def _special(b: _Builder, item: PopulationIR | ProjectionIR):
    """Slots of the arrays of the special code ``item`` carries (None without)."""
    from .special import plan_special  # special.py imports this module

    return plan_special(b, item)


def delay_kind(proj: ProjectionIR) -> str:
    if proj.uniform_delay < 0:
        return "nonuniform"
    return "uniform" if proj.uniform_delay > 1 else "none"


def _delayed_refs(proj: ProjectionIR, pre: PopulationIR) -> tuple[str, ...]:
    if delay_kind(proj) == "none" or proj.synapse.kind != "rate":
        return ()
    local = {a.name for a in pre.neuron.attributes if a.locality == "local"}
    return tuple(n for n in delayed_pre_refs(proj.synapse) if n in local)


def _proj_plan(b: _Builder, proj: ProjectionIR, pre: PopulationIR) -> ProjPlan:
    owner = proj.owner
    fmt, masked = choose_format(proj, pre.size)
    local_extent = "dense" if fmt == "dense" else "nnz"
    attrs = {}
    for attr in proj.synapse.attributes:
        extent = {"local": local_extent, "semiglobal": "rows", "global": "scalar"}[attr.locality]
        attrs[attr.name] = b.array(owner, attr.name, ATTR_TYPES[attr.ctype], extent, "attr")
    conn = {
        "post_ranks": b.array(owner, "post_ranks", "int", "rows", "conn"),
        "row_ptr": b.array(owner, "row_ptr", "long long", "rows+1", "conn"),
        "pre_ranks": b.array(owner, "pre_ranks", "int", "nnz", "conn"),
    }
    delay = delay_kind(proj)
    if delay == "nonuniform":
        conn["delays"] = b.array(owner, "delays", "int", "nnz", "conn")
    if masked:
        conn["mask"] = b.array(owner, "mask", "unsigned char", "dense", "conn")
    spiking = proj.synapse.kind == "spike"
    if spiking:
        conn["pre_ptr"] = b.array(owner, "pre_ptr", "long long", "npre+1", "conn")
        conn["pre_syn"] = b.array(owner, "pre_syn", "long long", "nnz", "conn")
        conn["syn_row"] = b.array(owner, "syn_row", "int", "nnz", "conn")
        conn["post_row"] = b.array(owner, "post_row", "int", "npost", "conn")
        if needs_spike_events(proj.synapse):
            attrs["_last_event"] = b.array(owner, "_last_event", "long long", "nnz", "spike")
    return ProjPlan(
        ir=proj,
        owner=owner,
        fmt=fmt,
        masked=masked,
        delay=delay,
        spiking=spiking,
        attrs=attrs,
        conn=conn,
        int_rows=b.int(),
        int_nnz=b.int(),
        int_npre=b.int(),
        int_delay=b.int(),
        int_learn=b.int(),
        pre_refs_delayed=_delayed_refs(proj, pre),
        special=_special(b, proj),
    )


def _constants(net: NetworkIR) -> tuple[str, ...]:
    names = set(net.constants)
    for pop in net.populations:
        names.update(pop.neuron.constants)
    for proj in net.projections:
        names.update(proj.synapse.constants)
    return tuple(sorted(names))


def _draw_uids(net: NetworkIR) -> dict[tuple[str, str], int]:
    """Draw uids in the same order as the CPU backend, so seeded draws are identical."""
    uids = {}
    for pop in net.populations:
        for draw in pop.neuron.random:
            uids[(pop.owner, draw.name)] = len(uids)
    for proj in net.projections:
        for draw in proj.synapse.random:
            uids[(proj.owner, draw.name)] = len(uids)
    if len(uids) >= 1 << 16:
        raise InvalidConfiguration("More than 65535 random draws in equations.")
    return uids


def precision_of(net: NetworkIR) -> str:
    precision = net.options.get("precision", "double")
    if precision not in ("float", "double"):
        raise InvalidConfiguration(f"precision must be 'float' or 'double', not {precision!r}.")
    return precision


def build_plan(net: NetworkIR) -> NetPlan:
    """The layout of ``net``: depends on its structure only."""
    hist_vars: dict[int, set[str]] = {p.id: set() for p in net.populations}
    gops = population_global_ops(net)
    pops_by_id = {p.id: p for p in net.populations}
    targets: dict[int, set[str]] = {p.id: set() for p in net.populations}
    rings = set()
    for proj in net.projections:
        hist_vars[proj.pre].update(_delayed_refs(proj, pops_by_id[proj.pre]))
        targets[proj.post].update(proj.targets)
        if proj.synapse.kind == "spike" and delay_kind(proj) != "none":
            rings.add(proj.pre)
    b = _Builder()
    pops = tuple(
        _pop_plan(b, p, hist_vars[p.id], gops[p.id], p.id in rings, targets[p.id])
        for p in net.populations
    )
    projs = tuple(_proj_plan(b, pr, pops_by_id[pr.pre]) for pr in net.projections)
    return NetPlan(
        pops=pops,
        projs=projs,
        slots=tuple(b.slots),
        n_ints=b.n_ints,
        constants=_constants(net),
        precision=precision_of(net),
        draw_uids=_draw_uids(net),
    )
