"""The arrays of a loaded network on the GPU, allocated from the layout and the network data.

Host values are prepared with numpy and uploaded once; ``xp`` is the array module (CuPy on a
GPU; numpy in the unit tests of this bookkeeping, which need no GPU).
"""

from __future__ import annotations

import numbers

import numpy as np
from ANNarchy.core.network_ir import NetworkIR
from ANNarchy.errors import InvalidConfiguration

from .layout import INT_SEED, REAL_DT, SLOT_INTS, SLOT_REALS, ArraySlot, NetPlan, PopPlan, ProjPlan
from .recorders import to_host
from .special import SPECIAL_ROLES, initial_array, special_lengths

#: the step of the last spike / event before any (as the CPU backend: t_last = -10000 dt)
NEVER = -10000


def pop_ints(pop: PopPlan, depth: int) -> dict[int, int]:
    ints = {pop.int_size: pop.ir.size, pop.int_depth: depth, pop.int_nspikes: 0}
    if pop.int_naxon >= 0:
        ints[pop.int_naxon] = 0
    return ints


def proj_ints(proj: ProjPlan, npre: int) -> dict[int, int]:
    csr = proj.ir.connectivity
    return {
        proj.int_rows: csr.n_rows,
        proj.int_nnz: csr.nnz,
        proj.int_npre: npre,
        proj.int_delay: max(int(proj.ir.uniform_delay), 1),
        proj.int_learn: 1,
    }


def history_depths(net: NetworkIR) -> dict[int, int]:
    """Steps of history each population keeps (at least 1)."""
    depth = {p.id: max(1, int(p.max_delay)) for p in net.populations}
    for proj in net.projections:
        csr = proj.connectivity
        if proj.uniform_delay < 0 and csr.delays is not None and len(csr.delays):
            lag = int(np.max(csr.delays))
        else:
            lag = int(proj.uniform_delay)
        depth[proj.pre] = max(depth[proj.pre], lag)
    return depth


def owner_sizes(plan: NetPlan, depths: dict[int, int]) -> dict[str, dict]:
    sizes = {}
    for pop in plan.pops:
        n, depth = pop.ir.size, depths[pop.ir.id]
        sizes[pop.owner] = {"size": n, "hist": n * depth, "depth": depth}
    for proj in plan.projs:
        csr = proj.ir.connectivity
        npre = plan.pop(proj.ir.pre).ir.size
        sizes[proj.owner] = {
            "rows": csr.n_rows,
            "rows+1": csr.n_rows + 1,
            "nnz": csr.nnz,
            "dense": csr.n_rows * npre,
            "npre+1": npre + 1,
            "npost": plan.pop(proj.ir.post).ir.size,
        }
    return sizes


def initial_value(init, dtype, shape) -> np.ndarray:
    """Starting values of an attribute (opaque inits, e.g. distributions, give zeros: core
    samples them and sets the values after load)."""
    out = np.zeros(shape, dtype=dtype)
    if isinstance(init, (numbers.Number, bool, np.bool_, np.ndarray)):
        try:
            out[...] = init
        except ValueError:
            raise InvalidConfiguration(
                f"An init value of shape {np.shape(init)} does not fit shape {shape}."
            ) from None
    return out


def attribute_inits(plan: NetPlan) -> dict[tuple[str, str], object]:
    inits = {}
    for pop in plan.pops:
        for attr in pop.ir.neuron.attributes:
            inits[(pop.owner, attr.name)] = attr.init
        refractory = pop.ir.neuron.refractory
        if pop.spiking and (pop.owner, pop.refractory) not in inits:
            inits[(pop.owner, pop.refractory)] = 0.0 if refractory is None else float(refractory)
    for proj in plan.projs:
        for attr in proj.ir.synapse.attributes:
            inits[(proj.owner, attr.name)] = attr.init
    return inits


def connectivity_arrays(proj: ProjPlan, npre: int, npost: int) -> dict[str, np.ndarray]:
    """Host connectivity of ``proj``: CSR, delays, dense mask, pre -> synapse index."""
    csr = proj.ir.connectivity
    rows = np.repeat(np.arange(csr.n_rows, dtype=np.int64), np.diff(csr.row_ptr))
    out = {
        "post_ranks": np.asarray(csr.post_ranks, dtype=np.int32),
        "row_ptr": np.asarray(csr.row_ptr, dtype=np.int64),
        "pre_ranks": np.asarray(csr.pre_ranks, dtype=np.int32),
    }
    if "delays" in proj.conn:
        out["delays"] = np.maximum(np.asarray(csr.delays, dtype=np.int32), 1)
    if "mask" in proj.conn:
        mask = np.zeros(csr.n_rows * npre, dtype=np.uint8)
        mask[rows * npre + out["pre_ranks"]] = 1
        out["mask"] = mask
    if "pre_ptr" in proj.conn:
        counts = np.bincount(out["pre_ranks"], minlength=npre)
        out["pre_ptr"] = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        out["pre_syn"] = np.argsort(out["pre_ranks"], kind="stable").astype(np.int64)
        out["syn_row"] = rows.astype(np.int32)
        post_row = np.full(npost, -1, dtype=np.int32)
        post_row[out["post_ranks"]] = np.arange(csr.n_rows, dtype=np.int32)
        out["post_row"] = post_row
    return out


def dense_index(proj: ProjPlan, npre: int) -> np.ndarray | None:
    """Dense storage: the cell of each synapse, in CSR order (None for CSR storage)."""
    if proj.fmt != "dense":
        return None
    csr = proj.ir.connectivity
    rows = np.repeat(np.arange(csr.n_rows, dtype=np.int64), np.diff(csr.row_ptr))
    return rows * npre + np.asarray(csr.pre_ranks, dtype=np.int64)


def address(array) -> int:
    """Device (CuPy) or host (numpy) address of an array's first element."""
    data = getattr(array, "data", None)
    if hasattr(data, "ptr"):
        return int(data.ptr)
    return int(array.ctypes.data)


def host_values(plan: NetPlan, net: NetworkIR, sizes: dict) -> dict[tuple[str, str], np.ndarray]:
    """Initial host copy of every array of the layout."""
    inits = attribute_inits(plan)
    conn = {}
    for proj in plan.projs:
        npre, npost = plan.pop(proj.ir.pre).ir.size, plan.pop(proj.ir.post).ir.size
        conn[proj.owner] = connectivity_arrays(proj, npre, npost)
    out = {}
    for slot in plan.slots:
        if slot.role in SPECIAL_ROLES:  # arrays of a plugin's native code (special.py)
            out[(slot.owner, slot.name)] = initial_array(plan, slot)
            continue
        dtype = slot.dtype(plan.precision)
        shape = () if slot.extent == "scalar" else (sizes[slot.owner][slot.extent],)
        if slot.role == "conn":
            array = np.ascontiguousarray(conn[slot.owner][slot.name], dtype=dtype)
        elif slot.role == "spike" and slot.name in ("_last", "_last_event"):
            array = np.full(shape, NEVER, dtype=dtype)
        else:
            array = initial_value(inits.get((slot.owner, slot.name), 0), dtype, shape)
        out[(slot.owner, slot.name)] = array
    return out


class NetworkState:
    """Every device array of a network, the integer and real tables, and the pointer table."""

    def __init__(self, plan: NetPlan, net: NetworkIR, xp):
        self.plan, self.xp = plan, xp
        depths = history_depths(net)
        self.host_ints = self._ints(net, depths)
        reals = np.zeros(1 + len(plan.constants), dtype=np.float64)
        reals[REAL_DT] = net.dt
        for k, name in enumerate(plan.constants):
            reals[1 + k] = float(net.constants.get(name, 0.0))
        self.ints = xp.asarray(self.host_ints)
        self.reals = xp.asarray(reals)
        self.arrays = {
            key: xp.asarray(value)
            for key, value in host_values(plan, net, owner_sizes(plan, depths)).items()
        }
        self.dense_index = {
            proj.owner: dense_index(proj, plan.pop(proj.ir.pre).ir.size) for proj in plan.projs
        }
        pointers = np.zeros(2 + len(plan.slots), dtype=np.uint64)
        pointers[SLOT_INTS] = address(self.ints)
        pointers[SLOT_REALS] = address(self.reals)
        for slot in plan.slots:
            pointers[slot.slot] = address(self.arrays[(slot.owner, slot.name)])
        self.pointers = xp.asarray(pointers)
        self.fill_history()

    def _ints(self, net: NetworkIR, depths: dict[int, int]) -> np.ndarray:
        plan = self.plan
        ints = np.zeros(plan.n_ints, dtype=np.int64)
        for pop in plan.pops:
            for index, value in pop_ints(pop, depths[pop.ir.id]).items():
                ints[index] = value
        for proj in plan.projs:
            for index, value in proj_ints(proj, plan.pop(proj.ir.pre).ir.size).items():
                ints[index] = value
        for index, length in special_lengths(plan).items():
            ints[index] = length
        seed = net.seed
        if seed is None:
            seed = int(np.random.SeedSequence().entropy) & ((1 << 63) - 1)
        ints[INT_SEED] = int(seed) & ((1 << 63) - 1)
        return ints

    def fill_history(self) -> None:
        """Fill every delay ring with the current values of its variable (on the device)."""
        for pop in self.plan.pops:
            for var in pop.hist:
                ring = self.arrays[(pop.owner, f"_hist_{var}")]
                current = self.arrays[(pop.owner, var)]
                ring.reshape(-1, max(1, current.size))[...] = current

    def set_int(self, index: int, value: int) -> None:
        self.host_ints[index] = int(value)
        self.ints[index] = int(value)

    def replace_array(self, slot: ArraySlot, host: np.ndarray) -> None:
        """Upload ``host`` as the new array of ``slot`` and point the table at it."""
        array = self.xp.asarray(host)
        self.arrays[(slot.owner, slot.name)] = array
        pointers = to_host(self.pointers)
        pointers[slot.slot] = address(array)
        self.pointers[...] = self.xp.asarray(pointers)

    def slot(self, owner: str, name: str) -> ArraySlot | None:
        for slot in self.plan.slots:
            if slot.owner == owner and slot.name == name:
                return slot
        return None
