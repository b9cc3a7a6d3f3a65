"""The arrays of a loaded network, allocated with numpy from the layout and the network data."""

from __future__ import annotations

import dataclasses
import numbers

import numpy as np
from ANNarchy.codegen.connectivity import remap, synapse_keys
from ANNarchy.core.network_ir import NetworkIR
from ANNarchy.errors import InvalidConfiguration

from .layout import (
    INT_SEED,
    INT_STEP,
    INT_THREADS,
    REAL_DT,
    ArraySlot,
    NetPlan,
    PopPlan,
    ProjPlan,
)
from .special import SPECIAL_ROLES, fill_lengths, initial_array

#: the step of the last spike / event before any (as the reference: t_last = -10000 dt)
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


def extent_length(slot: ArraySlot, sizes: dict[str, int]) -> tuple[int, ...]:
    """Shape of the array of ``slot`` given the sizes of its owner."""
    if slot.extent == "scalar":
        return ()
    return (sizes[slot.extent],)


def owner_sizes(plan: NetPlan, net: NetworkIR, depths: dict[int, int]) -> dict[str, dict]:
    sizes = {}
    for pop in plan.pops:
        n = pop.ir.size
        depth = depths[pop.ir.id]
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
    """The starting values of an attribute (opaque inits, e.g. distributions, give zeros)."""
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


def pre_order(pre_ranks: np.ndarray, npre: int) -> np.ndarray:
    """The synapses sorted by pre-synaptic rank, in CSR order within a rank: a stable sort,
    done as a radix sort of 16-bit keys (numpy's stable sort of uint16 is linear)."""
    if npre <= 1 << 16:
        return np.argsort(pre_ranks.astype(np.uint16), kind="stable")
    low = np.argsort((pre_ranks & 0xFFFF).astype(np.uint16), kind="stable")
    high = (pre_ranks >> 16).astype(np.uint16)[low]
    return low[np.argsort(high, kind="stable")]


def connectivity_arrays(proj: ProjPlan, npre: int, npost: int) -> dict[str, np.ndarray]:
    """The connectivity arrays of ``proj`` (CSR, delays, dense mask, pre -> synapse index)."""
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
        order = pre_order(out["pre_ranks"], npre)
        counts = np.bincount(out["pre_ranks"], minlength=npre)
        out["pre_ptr"] = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        out["pre_syn"] = order.astype(np.int64)
        out["syn_row"] = rows.astype(np.int32)
        out["pre_post"] = out["post_ranks"][rows[order]]
        post_row = np.full(npost, -1, dtype=np.int32)
        post_row[out["post_ranks"]] = np.arange(csr.n_rows, dtype=np.int32)
        out["post_row"] = post_row
    return out


def dense_index(proj: ProjPlan, npre: int) -> np.ndarray | None:
    """For masked dense storage: the dense cell of each synapse, in CSR order (None otherwise:
    a full dense matrix is already in CSR order)."""
    if proj.fmt != "dense" or not proj.masked:
        return None
    csr = proj.ir.connectivity
    rows = np.repeat(np.arange(csr.n_rows, dtype=np.int64), np.diff(csr.row_ptr))
    return rows * npre + np.asarray(csr.pre_ranks, dtype=np.int64)


class NetworkState:
    """Every array of a network plus the pointer table handed to the library."""

    def __init__(self, plan: NetPlan, net: NetworkIR):
        self.plan = plan
        depths = history_depths(net)
        sizes = owner_sizes(plan, net, depths)
        self.ints = np.zeros(plan.n_ints, dtype=np.int64)
        self.reals = np.zeros(1 + len(plan.constants), dtype=np.float64)
        self.pointers = np.zeros(3 + len(plan.slots), dtype=np.uint64)
        self.arrays: dict[tuple[str, str], np.ndarray] = {}
        self.dense_index: dict[str, np.ndarray | None] = {}
        self._fill_scalars(net, depths)
        inits = attribute_inits(plan)
        conn = {}
        for proj in plan.projs:
            npre = plan.pop(proj.ir.pre).ir.size
            npost = plan.pop(proj.ir.post).ir.size
            conn[proj.owner] = connectivity_arrays(proj, npre, npost)
            self.dense_index[proj.owner] = dense_index(proj, npre)
        for slot in plan.slots:
            if slot.role in SPECIAL_ROLES:  # arrays of a plugin's native code (special.py)
                self.arrays[(slot.owner, slot.name)] = array = initial_array(plan, slot)
                self.pointers[slot.slot] = array.ctypes.data
                continue
            shape = extent_length(slot, sizes[slot.owner])
            if slot.role == "conn":
                array = np.ascontiguousarray(conn[slot.owner][slot.name], dtype=slot.dtype)
            elif slot.role == "spike" and slot.name in ("_last", "_last_event"):
                array = np.full(shape, NEVER, dtype=slot.dtype)
            else:
                array = initial_value(inits.get((slot.owner, slot.name), 0), slot.dtype, shape)
            self.arrays[(slot.owner, slot.name)] = array
            self.pointers[slot.slot] = array.ctypes.data
        self.fill_history()
        fill_lengths(self)
        self.pointers[0] = self.ints.ctypes.data
        self.pointers[1] = self.reals.ctypes.data

    def _fill_scalars(self, net: NetworkIR, depths: dict[int, int]) -> None:
        plan = self.plan
        for pop in plan.pops:
            for index, value in pop_ints(pop, depths[pop.ir.id]).items():
                self.ints[index] = value
        for proj in plan.projs:
            for index, value in proj_ints(proj, plan.pop(proj.ir.pre).ir.size).items():
                self.ints[index] = value
        seed = net.seed
        if seed is None:
            seed = int(np.random.SeedSequence().entropy) & ((1 << 63) - 1)
        self.ints[INT_SEED] = int(seed) & ((1 << 63) - 1)
        self.ints[INT_THREADS] = max(1, int(net.num_threads))
        self.ints[INT_STEP] = 0
        self.reals[REAL_DT] = net.dt
        for k, name in enumerate(plan.constants):
            self.reals[1 + k] = float(net.constants.get(name, 0.0))

    def fill_history(self) -> None:
        """Fill every delay ring with the current values of its variable."""
        for pop in self.plan.pops:
            for var in pop.hist:
                ring = self.arrays[(pop.owner, f"_hist_{var}")]
                current = self.arrays[(pop.owner, var)]
                ring.reshape(-1, max(1, current.size))[...] = current

    def set_table(self, table: np.ndarray, nrows: int) -> None:
        from .layout import INT_CHANNELS, SLOT_RECORDERS

        self.pointers[SLOT_RECORDERS] = table.ctypes.data
        self.ints[INT_CHANNELS] = nrows


# ----------------------------------------------------------------- structural plasticity
def replace_connectivity(state: NetworkState, proj: ProjPlan, values: dict) -> dict:
    """Reallocate the arrays of ``proj`` for the CSR of ``proj.ir`` (the new plan entry).

    Arrays named in ``values`` take those values; the other per-synapse (per-dendrite) arrays
    keep the values of the synapses (dendrites) that remain and their initial value for the
    new ones. Every other array of the network is untouched. Returns the key maps
    ``{'nnz': (old, new), 'rows': (old, new)}`` for callers that remap more arrays.
    """
    plan = state.plan
    old_csr = plan.owner(proj.owner).ir.connectivity
    new_csr = proj.ir.connectivity
    npre = plan.pop(proj.ir.pre).ir.size
    npost = plan.pop(proj.ir.post).ir.size
    keys = {
        "nnz": (synapse_keys(old_csr, npre), synapse_keys(new_csr, npre)),
        "rows": (np.asarray(old_csr.post_ranks, np.int64), np.asarray(new_csr.post_ranks)),
    }
    conn = connectivity_arrays(proj, npre, npost)
    inits = attribute_inits(plan)
    for slot in plan.slots:
        if slot.owner != proj.owner or (slot.role != "conn" and slot.extent not in keys):
            continue
        key = (slot.owner, slot.name)
        if slot.role == "conn":
            array = np.ascontiguousarray(conn[slot.name], dtype=slot.dtype)
        elif slot.name in values:
            array = np.ascontiguousarray(values[slot.name], dtype=slot.dtype)
            if array.shape != keys[slot.extent][1].shape:
                raise InvalidConfiguration(
                    f"{proj.owner}.{slot.name}: {array.shape[0]} values for "
                    f"{keys[slot.extent][1].size} synapses."
                )
        else:
            init = inits.get(key, 0)
            fill = NEVER if slot.role == "spike" else (init if np.isscalar(init) else 0)
            array = remap(*keys[slot.extent], state.arrays[key], fill)
        state.arrays[key] = array
        state.pointers[slot.slot] = array.ctypes.data
    state.ints[proj.int_rows] = new_csr.n_rows
    state.ints[proj.int_nnz] = new_csr.nnz
    state.plan = dataclasses.replace(
        plan, projs=tuple(proj if p.owner == proj.owner else p for p in plan.projs)
    )
    return keys
