"""Initial host values of the arrays of a layout (``annarchy_codegen.layout``), with numpy.

Backend-neutral: the openmp backend keeps these arrays, the cuda backend uploads them. A backend
gives the numpy dtype of each slot (``dtype_of(slot)``) and the initial values of the arrays of
a plugin's special code (``special_initial(slot)``).
"""

from __future__ import annotations

import numbers
from collections.abc import Callable

import numpy as np
from ANNarchy.errors import InvalidConfiguration
from ANNarchy.plugin import NetworkIR

from annarchy_codegen.connectivity import connectivity_keys, pre_index, remap
from annarchy_codegen.special_code import SPECIAL_ROLES

#: the step of the last spike / event before any (as the reference: t_last = -10000 dt)
NEVER = -10000
#: ``ProjPlan.int_since`` while per-synapse delays never changed: they apply to every spike
SINCE_ALWAYS = -(1 << 62)


def pop_ints(pop, depth: int) -> dict[int, int]:
    """``{I index: value}`` of a population at load."""
    ints = {pop.int_size: pop.ir.size, pop.int_depth: depth, pop.int_nspikes: 0}
    if pop.int_naxon >= 0:
        ints[pop.int_naxon] = 0
    if pop.int_enabled >= 0:
        ints[pop.int_enabled] = 1
    if pop.int_fr_window >= 0:
        ints[pop.int_fr_window] = 0
    return ints


def proj_ints(proj, npre: int) -> dict[int, int]:
    """``{I index: value}`` of a projection at load."""
    csr = proj.ir.connectivity
    queue = {proj.int_pending: 0, proj.int_since: SINCE_ALWAYS} if proj.int_pending >= 0 else {}
    return queue | {
        proj.int_rows: csr.n_rows,
        proj.int_nnz: csr.nnz,
        proj.int_npre: npre,
        proj.int_delay: max(int(proj.ir.uniform_delay), 1),
        proj.int_learn: 1,
        proj.int_learn_period: 1,
        proj.int_learn_offset: 0,
    }


def plan_ints(plan, depths: dict[int, int]) -> dict[int, int]:
    """``{I index: value}`` of every population and projection at load."""
    out = {}
    for pop in plan.pops:
        out.update(pop_ints(pop, depths[pop.ir.id]))
    for proj in plan.projs:
        out.update(proj_ints(proj, plan.pop(proj.ir.pre).ir.size))
    return out


def seed_value(net: NetworkIR) -> int:
    """The seed of the random draws: ``net.seed``, or fresh entropy (63 bits)."""
    seed = net.seed
    if seed is None:
        seed = int(np.random.SeedSequence().entropy) & ((1 << 63) - 1)
    return int(seed) & ((1 << 63) - 1)


def real_values(plan, net: NetworkIR) -> np.ndarray:
    """The ``D[]`` table: ``dt``, then the constants of the plan."""
    reals = np.zeros(1 + len(plan.constants), dtype=np.float64)
    reals[0] = net.dt
    for k, name in enumerate(plan.constants):
        reals[1 + k] = float(net.constants.get(name, 0.0))
    return reals


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


def owner_sizes(plan, depths: dict[int, int]) -> dict[str, dict]:
    """``{owner: {extent: length}}`` of every population and projection."""
    sizes = {}
    for pop in plan.pops:
        n, depth = pop.ir.size, depths[pop.ir.id]
        sizes[pop.owner] = {"size": n, "hist": n * depth, "depth": depth, "fr_bits": 0}
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
            "pending": 0,
        }
    return sizes


def initial_value(init, dtype, shape) -> np.ndarray:
    """The starting values of an attribute (opaque inits, e.g. distributions, give zeros: core
    samples them and sets the values after load)."""
    out = np.zeros(shape, dtype=dtype)  # large zeros take no memory until written
    if isinstance(init, (numbers.Number, bool, np.bool_)) and init == 0:
        return out
    if isinstance(init, (numbers.Number, bool, np.bool_, np.ndarray)):
        try:
            out[...] = init
        except ValueError:
            raise InvalidConfiguration(
                f"An init value of shape {np.shape(init)} does not fit shape {shape}."
            ) from None
    return out


def attribute_inits(plan) -> dict[tuple[str, str], object]:
    """``{(owner, name): init}`` of every attribute (and the refractory period)."""
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


def connectivity_arrays(proj, npre: int, npost: int, native=None) -> dict[str, np.ndarray]:
    """The connectivity arrays of ``proj`` (CSR, delays, dense mask, pre -> synapse index).

    The CSR arrays of the connectivity are used as they are (no copy when they have the
    layout's types); ``native`` builds the pre-synaptic index in compiled code (see
    `annarchy_codegen.connectivity.pre_index`).
    """
    csr = proj.ir.connectivity
    counts = np.diff(np.asarray(csr.row_ptr, dtype=np.int64))
    out = {
        "post_ranks": np.asarray(csr.post_ranks, dtype=np.int32),
        "row_ptr": np.asarray(csr.row_ptr, dtype=np.int64),
        "pre_ranks": np.asarray(csr.pre_ranks, dtype=np.int32),
    }
    if "delays" in proj.conn:
        out["delays"] = np.maximum(np.asarray(csr.delays, dtype=np.int32), 1)
    if "mask" in proj.conn:
        rows = np.repeat(np.arange(csr.n_rows, dtype=np.int64), counts)
        mask = np.zeros(csr.n_rows * npre, dtype=np.uint8)
        mask[rows * npre + out["pre_ranks"]] = 1
        out["mask"] = mask
    if "pre_ptr" in proj.conn:
        pre_ptr, pre_syn, pre_post = pre_index(csr, npre, "pre_post" in proj.conn, native)
        out.update(pre_ptr=pre_ptr, pre_syn=pre_syn)
        out["syn_row"] = np.repeat(np.arange(csr.n_rows, dtype=np.int32), counts)
        if pre_post is not None:
            out["pre_post"] = pre_post
        post_row = np.full(npost, -1, dtype=np.int32)
        post_row[out["post_ranks"]] = np.arange(csr.n_rows, dtype=np.int32)
        out["post_row"] = post_row
    return out


def _conn_array(slot, values: np.ndarray, dtype) -> np.ndarray:
    """A connectivity array with the slot's type (no copy when it has it already)."""
    dtype = np.dtype(dtype)
    if values.dtype.kind == "i" and dtype.kind == "i" and dtype.itemsize < values.dtype.itemsize:
        if values.size and int(values.max()) > np.iinfo(dtype).max:
            raise InvalidConfiguration(
                f"{slot.owner}.{slot.name}: {values.size} synapses do not fit the {dtype} "
                "indices the projection was compiled with; compile it again."
            )
    return np.ascontiguousarray(values, dtype=dtype)


def dense_index(proj, npre: int) -> np.ndarray | None:
    """For masked dense storage: the dense cell of each synapse, in CSR order (None otherwise:
    a full dense matrix is already in CSR order)."""
    if proj.fmt != "dense" or not proj.masked:
        return None
    csr = proj.ir.connectivity
    rows = np.repeat(np.arange(csr.n_rows, dtype=np.int64), np.diff(csr.row_ptr))
    return rows * npre + np.asarray(csr.pre_ranks, dtype=np.int64)


def initial_arrays(
    plan, sizes: dict, dtype_of: Callable, special_initial: Callable, native=None
) -> dict[tuple[str, str], np.ndarray]:
    """Initial host values of every array of the layout, ``{(owner, name): array}``.

    ``native``: the backend's compiled builder of the pre-synaptic index, if any.
    """
    inits = attribute_inits(plan)
    conn = {}
    for proj in plan.projs:
        npre, npost = plan.pop(proj.ir.pre).ir.size, plan.pop(proj.ir.post).ir.size
        conn[proj.owner] = connectivity_arrays(proj, npre, npost, native)
    out = {}
    for slot in plan.slots:
        if slot.role in SPECIAL_ROLES:  # arrays of a plugin's native code
            out[(slot.owner, slot.name)] = special_initial(slot)
            continue
        dtype = dtype_of(slot)
        shape = () if slot.extent == "scalar" else (sizes[slot.owner][slot.extent],)
        if slot.role == "conn":
            array = _conn_array(slot, conn[slot.owner].pop(slot.name), dtype)
        elif slot.role == "spike" and slot.name in ("_last", "_last_event"):
            array = np.full(shape, NEVER, dtype=dtype)
        else:
            array = initial_value(inits.get((slot.owner, slot.name), 0), dtype, shape)
        out[(slot.owner, slot.name)] = array
    return out


def fill_history(plan, arrays: dict) -> None:
    """Fill every delay ring with the current values of its variable (numpy or CuPy)."""
    for pop in plan.pops:
        for var in pop.hist:
            ring = arrays[(pop.owner, f"_hist_{var}")]
            current = arrays[(pop.owner, var)]
            ring.reshape(-1, max(1, current.size))[...] = current


def grown_ring(ring: np.ndarray, width: int, depth: int, new_depth: int, step: int, oldest=False):
    """A ring of ``depth`` rows (row ``u % depth`` holds step ``u``) as ``new_depth`` rows.

    The rows of the ``depth`` steps before ``step`` keep their values (at their new row); the
    steps it did not keep are zeros, or with ``oldest`` the row of the oldest step kept.
    """
    old = np.asarray(ring).reshape(depth, width)
    kept = np.arange(step - depth, step)
    new = np.zeros((new_depth, width), dtype=old.dtype)
    if oldest:
        new[...] = old[kept[0] % depth]
    new[kept % new_depth] = old[kept % depth]
    return new.reshape(-1)


def delay_kind_check(item, steps) -> None:
    """Refuse delays (in steps) that the generated code of the projection ``item`` cannot use:
    per-synapse delays unless it was generated for them, more than one step without history."""
    nonuniform = item.delay == "nonuniform"
    if nonuniform != (np.ndim(steps) > 0):
        raise InvalidConfiguration(
            f"Projection '{item.ir.name}' was compiled with "
            f"{'per-synapse delays' if nonuniform else 'one delay for all synapses'}: give "
            f"{'one delay per synapse' if nonuniform else 'a single delay'}."
        )
    if nonuniform and np.shape(steps) != (item.ir.connectivity.nnz,):
        raise InvalidConfiguration(
            f"Projection '{item.ir.name}': {np.size(steps)} delays for "
            f"{item.ir.connectivity.nnz} synapses."
        )
    if np.size(steps) and int(np.min(steps)) < 1:
        raise InvalidConfiguration(f"Projection '{item.ir.name}': delays are at least one step.")
    if item.delay == "none" and int(steps) > 1:
        raise InvalidConfiguration(
            f"Projection '{item.ir.name}' was compiled without delays: its delay cannot grow."
        )


def check_connectivity(item, csr) -> None:
    """Refuse dense storage, and per-synapse delays that are missing (a delay longer than the
    history kept grows it: ``ArrayRuntime.fit_history``)."""
    if item.fmt == "dense":
        raise InvalidConfiguration(
            f"Projection '{item.ir.name}' is stored densely; its synapses cannot change "
            "(use a sparse storage_format such as 'lil')."
        )
    if item.delay != "nonuniform":
        return
    delays = csr.delays
    if delays is None or len(delays) != csr.nnz:
        raise InvalidConfiguration(
            f"Projection '{item.ir.name}' has non-uniform delays: give one per synapse."
        )


def _kept_values(slot, keys: dict, values: dict, old: Callable, inits: dict, dtype):
    new_keys = keys[slot.extent][1]
    if slot.name in values:
        array = np.ascontiguousarray(values[slot.name], dtype=dtype)
        if array.shape != new_keys.shape:
            raise InvalidConfiguration(
                f"{slot.owner}.{slot.name}: {array.size} values for {new_keys.size} "
                f"{'synapses' if slot.extent == 'nnz' else 'dendrites'}."
            )
        return array
    init = inits.get((slot.owner, slot.name), 0)
    fill = NEVER if slot.role == "spike" else (init if np.isscalar(init) else 0)
    return remap(keys[slot.extent][0], new_keys, old(slot), fill)


def replaced_arrays(plan, proj, values: dict, old: Callable, dtype_of: Callable, native=None):
    """Host arrays of ``proj`` (the new plan entry, with the new CSR in ``proj.ir``).

    Arrays named in ``values`` take those values (CSR order); the other per-synapse
    (per-dendrite) arrays keep the values of the synapses (dendrites) that remain (``old(slot)``
    gives the current host values) and their initial value for the new ones. Returns
    ``({slot: array}, keys)`` with the key maps ``{'nnz': (old, new), 'rows': (old, new)}``.
    """
    npre, npost = plan.pop(proj.ir.pre).ir.size, plan.pop(proj.ir.post).ir.size
    keys = connectivity_keys(plan.owner(proj.owner).ir.connectivity, proj.ir.connectivity, npre)
    conn = connectivity_arrays(proj, npre, npost, native)
    inits = attribute_inits(plan)
    out = {}
    for slot in plan.slots:
        if slot.owner != proj.owner or (slot.role != "conn" and slot.extent not in keys):
            continue
        if slot.role == "conn":
            out[slot] = _conn_array(slot, conn[slot.name], dtype_of(slot))
        else:
            out[slot] = _kept_values(slot, keys, values, old, inits, dtype_of(slot))
    return out, keys


def replaced_plan(plan, proj):
    """``plan`` with the entry of ``proj.owner`` replaced by ``proj``."""
    import dataclasses

    projs = tuple(proj if p.owner == proj.owner else p for p in plan.projs)
    return dataclasses.replace(plan, projs=projs)
