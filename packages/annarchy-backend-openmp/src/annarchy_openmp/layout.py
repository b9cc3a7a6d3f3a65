"""The data layout of a network: which arrays exist, in which slot of the pointer table.

The layout is a pure function of the network *structure* (models, populations, projections and
their storage choice), never of sizes or values, so the generated code (which refers to slots by
index) is byte-identical for an unchanged structure. The runtime allocates the arrays (numpy) from
the same layout and hands their addresses to the library.

Every kernel receives ``void** S``: ``S[0]`` is an ``int64`` array of integers (step, sizes...),
``S[1]`` a ``double`` array (``dt``, constants), ``S[2]`` the recorder table, and every other slot
one state or connectivity array.
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

#: IR ctype -> (C element type, numpy dtype)
ATTR_TYPES = {
    "double": ("double", np.float64),
    "int": ("int32_t", np.int32),
    "bool": ("bool", np.bool_),
}
#: C element type -> numpy dtype, for internal arrays
C_DTYPES = {
    "double": np.float64,
    "int32_t": np.int32,
    "int64_t": np.int64,
    "uint8_t": np.uint8,
    "bool": np.bool_,
}
#: formats of the spec that are stored as CSR (identical results by construction)
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
#: 'auto' stores a projection densely from this density on (masked when not full)
DENSE_DENSITY = 0.9

SLOT_INTS, SLOT_REALS, SLOT_RECORDERS = 0, 1, 2
INT_STEP, INT_SEED, INT_THREADS, INT_CHANNELS = 0, 1, 2, 3
REAL_DT = 0


@dataclass(frozen=True)
class ArraySlot:
    """One array handed to the library.

    ``extent`` names its length symbolically: 'scalar', 'size', 'rows', 'rows+1', 'nnz',
    'dense' (n_rows * n_pre), 'npre+1', 'npost', 'hist' (depth * size), 'depth'.
    """

    slot: int
    owner: str
    name: str
    ctype: str
    extent: str
    role: str  # 'attr' | 'sum' | 'conn' | 'hist' | 'gop' | 'spike'

    @property
    def dtype(self):
        return C_DTYPES[self.ctype]


@dataclass(frozen=True)
class PopPlan:
    ir: PopulationIR
    owner: str
    spiking: bool
    attrs: dict[str, ArraySlot]
    sums: dict[str, ArraySlot]  # target -> _sum_target (rate) ; spiking: empty
    hist: dict[str, ArraySlot]  # variable -> ring buffer of past values
    gops: dict[tuple[str, str], ArraySlot]  # (op, variable) -> scalar
    internal: dict[str, ArraySlot]  # spiking: _spiked, _refr, t_last...
    int_size: int
    int_depth: int
    int_nspikes: int
    refractory: str | None = None  # attribute holding the refractory period (ms)
    targets: tuple[str, ...] = ()  # targets of the model and of the incoming projections
    int_naxon: int = -1  # number of axonal spikes of the last step (-1: no axon_spike)
    special: object = None  # special.SpecialPlan: arrays of a plugin's native code


@dataclass(frozen=True)
class ProjPlan:
    ir: ProjectionIR
    owner: str
    fmt: str  # 'csr' | 'dense'
    masked: bool  # dense storage of a projection that is not full
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
    special: object = None  # special.SpecialPlan: arrays of a plugin's native code


@dataclass(frozen=True)
class NetPlan:
    pops: tuple[PopPlan, ...]
    projs: tuple[ProjPlan, ...]
    slots: tuple[ArraySlot, ...]
    n_ints: int
    constants: tuple[str, ...]  # D[1 + k]
    draw_uids: dict[tuple[str, str], int] = field(default_factory=dict)  # (owner, draw) -> uid

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
        self.n_ints = INT_CHANNELS + 1

    def array(self, owner: str, name: str, ctype: str, extent: str, role: str) -> ArraySlot:
        slot = ArraySlot(3 + len(self.slots), owner, name, ctype, extent, role)
        self.slots.append(slot)
        return slot

    def int(self) -> int:
        self.n_ints += 1
        return self.n_ints - 1


def choose_format(proj: ProjectionIR, pre_size: int) -> tuple[str, bool]:
    """Storage of a projection: ('dense' | 'csr', masked).

    'dense' is used when asked, or with 'auto' when the rows are (nearly) full; every other
    format of the spec is stored as CSR. Spiking and non-uniformly delayed projections use CSR.
    """
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
    if fmt == "dense":
        return "dense", not full
    if fmt == "auto" and csr.nnz >= DENSE_DENSITY * cells:
        return "dense", not full
    return "csr", False


def _spike_arrays(
    b: _Builder, pop: PopulationIR, attrs: dict, targets: tuple[str, ...], spike_ring: bool
) -> tuple[dict[str, ArraySlot], str]:
    """Conductances, refractory period and spike bookkeeping of a spiking population."""
    owner = pop.owner
    for target in targets:
        name = f"g_{target}"
        if name not in attrs:
            attrs[name] = b.array(owner, name, "double", "size", "attr")
    refr = refractory_attribute(pop.neuron)
    if refr not in attrs:
        attrs[refr] = b.array(owner, refr, "double", "size", "attr")
    internal = {
        "_spiked": b.array(owner, "_spiked", "int32_t", "size", "spike"),
        "_refr": b.array(owner, "_refr", "int32_t", "size", "spike"),
        "_last": b.array(owner, "_last", "int64_t", "size", "spike"),
        "_cand": b.array(owner, "_cand", "uint8_t", "size", "spike"),
    }
    if pop.neuron.axon_spike is not None:
        internal["_axon_spiked"] = b.array(owner, "_axon_spiked", "int32_t", "size", "spike")
    if spike_ring:
        internal["_ring"] = b.array(owner, "_ring", "int32_t", "hist", "spike")
        internal["_ring_n"] = b.array(owner, "_ring_n", "int64_t", "depth", "spike")
    return internal, refr


def _pop_plan(
    b: _Builder,
    pop: PopulationIR,
    hist_vars: set[str],
    gops: set,
    spike_ring: bool,
    targets: set[str],
) -> PopPlan:
    owner = pop.owner
    neuron = pop.neuron
    spiking = neuron.kind == "spike"
    all_targets = tuple(sorted(set(neuron.targets) | targets))
    attrs = {}
    for attr in neuron.attributes:
        extent = "size" if attr.locality == "local" else "scalar"
        attrs[attr.name] = b.array(owner, attr.name, ATTR_TYPES[attr.ctype][0], extent, "attr")
    refr, internal, sums = None, {}, {}
    if spiking:
        internal, refr = _spike_arrays(b, pop, attrs, all_targets, spike_ring)
    else:
        for target in all_targets:  # incoming targets the model does not read: pop.sum(t)
            sums[target] = b.array(owner, f"_sum_{target}", "double", "size", "sum")
    for draw in neuron.random:  # scratch arrays of the local draws (random_draws.py)
        if draw.locality == "local":
            name = f"_draw{draw.name}"
            internal[name] = b.array(owner, name, "double", "size", "draw")
    hist = {
        var: b.array(owner, f"_hist_{var}", attrs[var].ctype, "hist", "hist")
        for var in sorted(hist_vars)
    }
    gop_slots = {
        (op, var): b.array(owner, f"_{op}_{var}", "double", "scalar", "gop")
        for op, var in sorted(gops)
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
        special=_special(b, pop),
    )


def _special(b: _Builder, item: PopulationIR | ProjectionIR):
    """Slots of the arrays of the special code ``item`` carries (None without)."""
    if item.special is None:
        return None
    from .special import special_plan  # special.py imports this module

    taken = {slot.name for slot in b.slots if slot.owner == item.owner}
    return special_plan(b, item.owner, item.special, taken)


def _delay_kind(proj: ProjectionIR) -> str:
    if proj.uniform_delay < 0:
        return "nonuniform"
    return "uniform" if proj.uniform_delay > 1 else "none"


def _delayed_refs(proj: ProjectionIR, pre: PopulationIR) -> tuple[str, ...]:
    """Local pre-synaptic attributes that a delayed rate projection reads from the history."""
    if _delay_kind(proj) == "none" or proj.synapse.kind != "rate":
        return ()
    local = {a.name for a in pre.neuron.attributes if a.locality == "local"}
    return tuple(n for n in delayed_pre_refs(proj.synapse) if n in local)


def _proj_plan(b: _Builder, proj: ProjectionIR, pre: PopulationIR) -> ProjPlan:
    owner = proj.owner
    fmt, masked = choose_format(proj, pre.size)
    local_extent = "dense" if fmt == "dense" else "nnz"
    attrs = {}
    for attr in proj.synapse.attributes:
        ctype = ATTR_TYPES[attr.ctype][0]
        extent = {"local": local_extent, "semiglobal": "rows", "global": "scalar"}[attr.locality]
        attrs[attr.name] = b.array(owner, attr.name, ctype, extent, "attr")
    conn = {
        "post_ranks": b.array(owner, "post_ranks", "int32_t", "rows", "conn"),
        "row_ptr": b.array(owner, "row_ptr", "int64_t", "rows+1", "conn"),
        "pre_ranks": b.array(owner, "pre_ranks", "int32_t", "nnz", "conn"),
    }
    delay = _delay_kind(proj)
    if delay == "nonuniform":
        conn["delays"] = b.array(owner, "delays", "int32_t", "nnz", "conn")
    if masked:
        conn["mask"] = b.array(owner, "mask", "uint8_t", "dense", "conn")
    spiking = proj.synapse.kind == "spike"
    if spiking:
        conn["pre_ptr"] = b.array(owner, "pre_ptr", "int64_t", "npre+1", "conn")
        conn["pre_syn"] = b.array(owner, "pre_syn", "int64_t", "nnz", "conn")
        conn["syn_row"] = b.array(owner, "syn_row", "int32_t", "nnz", "conn")
        conn["post_row"] = b.array(owner, "post_row", "int32_t", "npost", "conn")
        conn["pre_post"] = b.array(owner, "pre_post", "int32_t", "nnz", "conn")
        if needs_spike_events(proj.synapse):
            attrs["_last_event"] = b.array(owner, "_last_event", "int64_t", "nnz", "spike")
    refs = _delayed_refs(proj, pre)
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
        pre_refs_delayed=refs,
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


def build_plan(net: NetworkIR) -> NetPlan:
    """The layout of ``net``: depends on its structure only."""
    hist_vars: dict[int, set[str]] = {p.id: set() for p in net.populations}
    gops = population_global_ops(net)
    b = _Builder()
    pops_by_id = {p.id: p for p in net.populations}
    for proj in net.projections:
        hist_vars[proj.pre].update(_delayed_refs(proj, pops_by_id[proj.pre]))
    rings = {
        pr.pre for pr in net.projections if pr.synapse.kind == "spike" and _delay_kind(pr) != "none"
    }
    targets = {p.id: set() for p in net.populations}
    for proj in net.projections:
        targets[proj.post].update(proj.targets)
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
        draw_uids=_draw_uids(net),
    )
