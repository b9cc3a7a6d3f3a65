"""The data layout of a network for a code-generating backend: which arrays exist, and where.

The layout is a pure function of the network *structure* (models, populations, projections,
storage and delay kinds), never of sizes or values, so generated code (which refers to arrays by
their slot in the pointer table ``S`` and to integers by their index in ``I[]``) is identical
for an unchanged structure. A backend describes what differs (its C type names, the first free
slot and integer, the few arrays only it needs) in `LayoutRules`, and calls
`build_plan`; the plan dataclasses are read by attribute only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ANNarchy.errors import InvalidConfiguration
from ANNarchy.plugin import NetworkIR, PopulationIR, ProjectionIR

from annarchy_codegen.dialect import CPP, CDialect
from annarchy_codegen.model_info import (
    delayed_pre_refs,
    needs_spike_events,
    population_global_ops,
    refractory_attribute,
)

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
#: 'auto' stores a rate-coded projection densely from this density on (masked when not full)
DENSE_DENSITY = 0.9


@dataclass(frozen=True)
class ArraySlot:
    """One array handed to the generated code.

    ``extent`` names its length symbolically: 'scalar', 'size', 'rows', 'rows+1', 'nnz',
    'dense' (n_rows * n_pre), 'npre+1', 'npost', 'hist' (depth * size), 'depth', 'special',
    'pending' (twice the spikes in flight queued when per-synapse delays changed).
    A backend subclasses it to add the numpy dtype of its C types.
    """

    slot: int
    owner: str
    name: str
    ctype: str
    extent: str
    role: str  # 'attr' | 'sum' | 'conn' | 'hist' | 'gop' | 'spike' | 'draw' | 'special'...


@dataclass(frozen=True)
class PopPlan:
    ir: PopulationIR
    owner: str
    spiking: bool
    attrs: dict[str, ArraySlot]
    sums: dict[str, ArraySlot]  # target -> _sum_target (rate) ; spiking: empty
    hist: dict[str, ArraySlot]  # variable -> ring buffer of past values
    gops: dict[tuple[str, str], ArraySlot]  # (op, variable) -> scalar
    internal: dict[str, ArraySlot]  # spiking: _spiked, _refr, _last...
    int_size: int
    int_depth: int
    int_nspikes: int
    refractory: str | None = None  # attribute holding the refractory period (ms)
    targets: tuple[str, ...] = ()  # targets of the model and of the incoming projections
    int_naxon: int = -1  # number of axonal spikes of the last step (-1: no axon_spike)
    int_stop: int = -1  # flag of the stop condition (-1: none, or the backend keeps none)
    special: object = None  # annarchy_codegen.special_code.SpecialPlan of a plugin's code
    int_enabled: int = -1  # 1 while the population is updated (``disable()`` sets 0)
    int_fr_window: int = -1  # steps of the firing-rate window (0: off; -1: no such counter)
    dialect: CDialect = CPP  # the backend's C dialect (``LayoutRules.dialect``)


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
    int_learn_period: int  # the continuous update runs at the steps s with
    int_learn_offset: int  # (s - offset) % period == 0, with dt * period as its time step
    pre_refs_delayed: tuple[str, ...] = ()
    special: object = None  # annarchy_codegen.special_code.SpecialPlan of a plugin's code
    dialect: CDialect = CPP  # the backend's C dialect (``LayoutRules.dialect``)
    # spiking projections with per-synapse delays: the spikes in flight when the delays changed
    # (``conn['pending']``, see ``annarchy_codegen.delay_queue``): their number, and the first
    # emission step the current delays apply to (-1: no such queue)
    int_pending: int = -1
    int_since: int = -1


@dataclass(frozen=True)
class NetPlan:
    pops: tuple[PopPlan, ...]
    projs: tuple[ProjPlan, ...]
    slots: tuple[ArraySlot, ...]
    n_ints: int
    constants: tuple[str, ...]  # D[1 + k]
    precision: str = "double"
    draw_uids: dict[tuple[str, str], int] = field(default_factory=dict)  # (owner, draw) -> uid
    dialect: CDialect = CPP  # the backend's C dialect (``LayoutRules.dialect``)

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


@dataclass(frozen=True)
class LayoutRules:
    """What a backend's layout differs in.

    Parameters
    ----------
    dialect : CDialect
        The backend's C dialect (type names, qualifiers); the plans carry it to every helper.
    first_slot, first_int : int
        First free slot of the pointer table and first free index of ``I[]``.
    slot_type : type
        The backend's `ArraySlot` subclass.
    spike_candidates : bool
        A byte per spiking neuron (``_cand``): the spike condition of the update loop; and an
        int32 per neuron (``_emit``, scratch) where each thread of a team lists the spikes of
        its own neurons before one thread joins the lists.
    draw_scratch : bool
        A ``_draw<name>`` array per local random draw of a neuron.
    pre_post : bool
        The post-synaptic rank of each synapse in pre-synaptic order (spiking projections).
    stop_flags : bool
        An integer flag (``PopPlan.int_stop``) per population with a stop condition.
    firing_rate : bool
        The arrays of ``compute_firing_rate()`` per spiking population: ``_fr_bits`` (a ring
        of one bit per step of the window and neuron), ``_fr_count`` and ``_fr_rate``.
    """

    dialect: CDialect
    first_slot: int
    first_int: int
    slot_type: type = ArraySlot
    spike_candidates: bool = False
    draw_scratch: bool = False
    pre_post: bool = False
    stop_flags: bool = False
    firing_rate: bool = False

    @property
    def real(self) -> str:
        return self.dialect.real

    @property
    def int32(self) -> str:
        return self.dialect.int32

    @property
    def int64(self) -> str:
        return self.dialect.int64

    @property
    def uint8(self) -> str:
        return self.dialect.uint8

    @property
    def attr_types(self) -> dict[str, str]:
        """IR ctype -> C element type."""
        return {"double": self.real, "int": self.int32, "bool": "bool"}

    @property
    def special_types(self) -> dict:
        """numpy dtype -> C element type of a special array (float64 stays ``double``)."""
        import numpy as np

        return {
            np.dtype(np.float64): "double",
            np.dtype(np.int64): self.int64,
            np.dtype(np.int32): self.int32,
            np.dtype(np.uint8): self.uint8,
            np.dtype(np.bool_): "bool",
        }


class SlotBuilder:
    """Hands out slot and integer indices in a deterministic order."""

    def __init__(self, rules: LayoutRules) -> None:
        self.rules = rules
        self.slots: list[ArraySlot] = []
        self.n_ints = rules.first_int

    def array(self, owner: str, name: str, ctype: str, extent: str, role: str) -> ArraySlot:
        slot_type = self.rules.slot_type
        slot = slot_type(self.rules.first_slot + len(self.slots), owner, name, ctype, extent, role)
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
    # validate() refused unknown formats
    assert fmt in ("auto", "dense", *SPARSE_FORMATS), f"storage_format '{fmt}'"
    csr = proj.connectivity
    cells = csr.n_rows * pre_size
    full = cells > 0 and csr.nnz == cells
    if proj.synapse.kind == "spike" or proj.uniform_delay < 0 or cells == 0:
        return "csr", False
    if fmt == "dense" or (fmt == "auto" and csr.nnz >= DENSE_DENSITY * cells):
        return "dense", not full
    return "csr", False


def delay_kind(proj: ProjectionIR) -> str:
    """'nonuniform', 'uniform' (more than one step) or 'none'."""
    if proj.uniform_delay < 0:
        return "nonuniform"
    return "uniform" if proj.uniform_delay > 1 else "none"


def delayed_refs(proj: ProjectionIR, pre: PopulationIR) -> tuple[str, ...]:
    """Local pre-synaptic attributes that a delayed rate projection reads from the history."""
    if delay_kind(proj) == "none" or proj.synapse.kind != "rate":
        return ()
    local = {a.name for a in pre.neuron.attributes if a.locality == "local"}
    return tuple(n for n in delayed_pre_refs(proj.synapse) if n in local)


def _special(b: SlotBuilder, item: PopulationIR | ProjectionIR):
    """Slots of the arrays of the special code ``item`` carries (None without)."""
    if item.special is None:
        return None
    from annarchy_codegen.special_code import special_plan

    taken = {slot.name for slot in b.slots if slot.owner == item.owner}
    return special_plan(b, item.owner, item.special, taken, b.rules.special_types)


def _spike_arrays(b: SlotBuilder, pop: PopulationIR, attrs: dict, targets, ring: bool):
    """Conductances, refractory period and spike bookkeeping of a spiking population."""
    owner, rules = pop.owner, b.rules
    for target in targets:
        if f"g_{target}" not in attrs:
            attrs[f"g_{target}"] = b.array(owner, f"g_{target}", rules.real, "size", "attr")
    refr = refractory_attribute(pop.neuron)
    if refr not in attrs:
        attrs[refr] = b.array(owner, refr, rules.real, "size", "attr")
    internal = {
        "_spiked": b.array(owner, "_spiked", rules.int32, "size", "spike"),
        "_refr": b.array(owner, "_refr", rules.int32, "size", "spike"),
        "_last": b.array(owner, "_last", rules.int64, "size", "spike"),
    }
    if rules.spike_candidates:
        internal["_cand"] = b.array(owner, "_cand", rules.uint8, "size", "spike")
        internal["_emit"] = b.array(owner, "_emit", rules.int32, "size", "scratch")
    if pop.neuron.axon_spike is not None:
        internal["_axon_spiked"] = b.array(owner, "_axon_spiked", rules.int32, "size", "spike")
    if ring:
        internal["_ring"] = b.array(owner, "_ring", rules.int32, "hist", "spike")
        internal["_ring_n"] = b.array(owner, "_ring_n", rules.int64, "depth", "spike")
    if rules.firing_rate:
        internal["_fr_bits"] = b.array(owner, "_fr_bits", rules.uint8, "fr_bits", "fr")
        internal["_fr_count"] = b.array(owner, "_fr_count", rules.int32, "size", "fr")
        internal["_fr_rate"] = b.array(owner, "_fr_rate", rules.real, "scalar", "fr")
    return internal, refr


def _pop_arrays(b: SlotBuilder, pop: PopulationIR, ring: bool, targets: tuple[str, ...]):
    """Attributes, sums (rate) or spike arrays (spiking), and draw scratch arrays of ``pop``."""
    owner, rules = pop.owner, b.rules
    attrs = {}
    for attr in pop.neuron.attributes:
        extent = "size" if attr.locality == "local" else "scalar"
        attrs[attr.name] = b.array(owner, attr.name, rules.attr_types[attr.ctype], extent, "attr")
    refr, internal, sums = None, {}, {}
    if pop.neuron.kind == "spike":
        internal, refr = _spike_arrays(b, pop, attrs, targets, ring)
    else:
        for target in targets:  # incoming targets the model does not read: pop.sum(t)
            sums[target] = b.array(owner, f"_sum_{target}", rules.real, "size", "sum")
    if rules.draw_scratch:
        for draw in pop.neuron.random:
            if draw.locality == "local":
                name = f"_draw{draw.name}"
                internal[name] = b.array(owner, name, rules.real, "size", "draw")
    return attrs, sums, internal, refr


def _pop_plan(b: SlotBuilder, pop: PopulationIR, hist_vars, gops, ring: bool, targets) -> PopPlan:
    owner, rules = pop.owner, b.rules
    all_targets = tuple(sorted(set(pop.neuron.targets) | targets))
    attrs, sums, internal, refr = _pop_arrays(b, pop, ring, all_targets)
    hist = {
        v: b.array(owner, f"_hist_{v}", attrs[v].ctype, "hist", "hist") for v in sorted(hist_vars)
    }
    gop_slots = {
        (op, var): b.array(owner, f"_{op}_{var}", rules.real, "scalar", "gop")
        for op, var in sorted(gops)
    }
    has_stop = rules.stop_flags and getattr(pop, "stop_condition", None) is not None
    return PopPlan(
        ir=pop,
        owner=owner,
        spiking=pop.neuron.kind == "spike",
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
        int_stop=b.int() if has_stop else -1,
        special=_special(b, pop),
        dialect=rules.dialect,
        int_enabled=b.int(),
        int_fr_window=b.int() if "_fr_bits" in internal else -1,
    )


def _conn_arrays(b: SlotBuilder, proj: ProjectionIR, delay: str, masked: bool) -> dict:
    """CSR, delays, dense mask and the pre-synaptic index of spiking projections."""
    owner, rules = proj.owner, b.rules
    conn = {
        "post_ranks": b.array(owner, "post_ranks", rules.int32, "rows", "conn"),
        "row_ptr": b.array(owner, "row_ptr", rules.int64, "rows+1", "conn"),
        "pre_ranks": b.array(owner, "pre_ranks", rules.int32, "nnz", "conn"),
    }
    if delay == "nonuniform":
        conn["delays"] = b.array(owner, "delays", rules.int32, "nnz", "conn")
    if masked:
        conn["mask"] = b.array(owner, "mask", rules.uint8, "dense", "conn")
    if proj.synapse.kind == "spike":
        conn["pre_ptr"] = b.array(owner, "pre_ptr", rules.int64, "npre+1", "conn")
        # synapse indices: int32 below 2**31 synapses (half the memory of int64)
        wide = proj.connectivity is not None and proj.connectivity.nnz >= 2**31
        conn["pre_syn"] = b.array(
            owner, "pre_syn", rules.int64 if wide else rules.int32, "nnz", "conn"
        )
        conn["syn_row"] = b.array(owner, "syn_row", rules.int32, "nnz", "conn")
        conn["post_row"] = b.array(owner, "post_row", rules.int32, "npost", "conn")
        if rules.pre_post:
            conn["pre_post"] = b.array(owner, "pre_post", rules.int32, "nnz", "conn")
        if delay == "nonuniform":  # arrival steps, then synapses, of the spikes in flight
            conn["pending"] = b.array(owner, "pending", rules.int64, "pending", "pending")
    return conn


def _proj_plan(b: SlotBuilder, proj: ProjectionIR, pre: PopulationIR) -> ProjPlan:
    owner, rules = proj.owner, b.rules
    fmt, masked = choose_format(proj, pre.size)
    local_extent = "dense" if fmt == "dense" else "nnz"
    attrs = {}
    for attr in proj.synapse.attributes:
        extent = {"local": local_extent, "semiglobal": "rows", "global": "scalar"}[attr.locality]
        attrs[attr.name] = b.array(owner, attr.name, rules.attr_types[attr.ctype], extent, "attr")
    delay = delay_kind(proj)
    conn = _conn_arrays(b, proj, delay, masked)
    spiking = proj.synapse.kind == "spike"
    if spiking and needs_spike_events(proj.synapse):
        attrs["_last_event"] = b.array(owner, "_last_event", rules.int64, "nnz", "spike")
    return ProjPlan(
        ir=proj,
        owner=owner,
        dialect=rules.dialect,
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
        int_learn_period=b.int(),
        int_learn_offset=b.int(),
        pre_refs_delayed=delayed_refs(proj, pre),
        special=_special(b, proj),
        int_pending=b.int() if "pending" in conn else -1,
        int_since=b.int() if "pending" in conn else -1,
    )


def _constants(net: NetworkIR) -> tuple[str, ...]:
    names = set(net.constants)
    for pop in net.populations:
        names.update(pop.neuron.constants)
    for proj in net.projections:
        names.update(proj.synapse.constants)
    return tuple(sorted(names))


def _draw_uids(net: NetworkIR) -> dict[tuple[str, str], int]:
    """Draw uids, the same in every backend (so seeded draws are identical)."""
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


def build_plan(net: NetworkIR, rules: LayoutRules, precision: str = "double") -> NetPlan:
    """The layout of ``net`` for a backend's ``rules``: depends on its structure only."""
    hist_vars: dict[int, set[str]] = {p.id: set() for p in net.populations}
    gops = population_global_ops(net)
    pops_by_id = {p.id: p for p in net.populations}
    targets: dict[int, set[str]] = {p.id: set() for p in net.populations}
    rings = set()
    for proj in net.projections:
        hist_vars[proj.pre].update(delayed_refs(proj, pops_by_id[proj.pre]))
        targets[proj.post].update(proj.targets)
        if proj.synapse.kind == "spike" and delay_kind(proj) != "none":
            rings.add(proj.pre)
    b = SlotBuilder(rules)
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
        precision=precision,
        draw_uids=_draw_uids(net),
        dialect=rules.dialect,
    )
