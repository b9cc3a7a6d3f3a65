"""Structural plasticity on the GPU: replace one projection's synapses without recompiling.

The new arrays are prepared on the host with numpy (``ANNarchy.codegen.connectivity``), uploaded,
and their device addresses written into the pointer table; the integer table gets the new row
and synapse counts. The kernels are unchanged (sizes are data).
"""

from __future__ import annotations

import dataclasses

import numpy as np
from ANNarchy.codegen.connectivity import connectivity_keys, remap
from ANNarchy.errors import InvalidConfiguration

from .layout import ProjPlan
from .recorders import to_host
from .state import NEVER, address, attribute_inits, connectivity_arrays


def check_connectivity(item: ProjPlan, csr, depth: int) -> None:
    """Refuse dense storage, and delays that are missing or longer than the history kept."""
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
    if len(delays) and int(np.max(delays)) > depth:
        raise InvalidConfiguration(
            f"Projection '{item.ir.name}': a delay of {int(np.max(delays))} steps exceeds "
            f"the {depth} steps of history kept since compile()."
        )


def _new_values(state, slot, keys, values, inits) -> np.ndarray:
    key = (slot.owner, slot.name)
    dtype = slot.dtype(state.plan.precision)
    new_keys = keys[slot.extent][1]
    if slot.name in values:
        array = np.ascontiguousarray(values[slot.name], dtype=dtype)
        if array.shape != new_keys.shape:
            raise InvalidConfiguration(
                f"{slot.owner}.{slot.name}: {array.size} values for {new_keys.size} "
                f"{'synapses' if slot.extent == 'nnz' else 'dendrites'}."
            )
        return array
    init = inits.get(key, 0)
    fill = NEVER if slot.role == "spike" else (init if np.isscalar(init) else 0)
    return remap(keys[slot.extent][0], new_keys, to_host(state.arrays[key]), fill)


def replace_connectivity(state, proj: ProjPlan, values: dict) -> dict:
    """Reallocate the arrays of ``proj`` (its new plan entry, with the new CSR in ``proj.ir``).

    Arrays named in ``values`` take those values (CSR order); the other per-synapse
    (per-dendrite) arrays keep the values of the synapses (dendrites) that remain and their
    initial value for the new ones. Returns the key maps ``{'nnz': (old, new), 'rows': ...}``.
    """
    plan, xp = state.plan, state.xp
    new_csr = proj.ir.connectivity
    npre, npost = plan.pop(proj.ir.pre).ir.size, plan.pop(proj.ir.post).ir.size
    keys = connectivity_keys(plan.owner(proj.owner).ir.connectivity, new_csr, npre)
    conn = connectivity_arrays(proj, npre, npost)
    inits = attribute_inits(plan)
    host_pointers = to_host(state.pointers)
    for slot in plan.slots:
        if slot.owner != proj.owner or (slot.role != "conn" and slot.extent not in keys):
            continue
        if slot.role == "conn":
            host = np.ascontiguousarray(conn[slot.name], dtype=slot.dtype(plan.precision))
        else:
            host = _new_values(state, slot, keys, values, inits)
        array = xp.asarray(host)
        state.arrays[(slot.owner, slot.name)] = array
        host_pointers[slot.slot] = address(array)
    state.pointers[...] = xp.asarray(host_pointers)
    state.set_int(proj.int_rows, new_csr.n_rows)
    state.set_int(proj.int_nnz, new_csr.nnz)
    state.plan = dataclasses.replace(
        plan, projs=tuple(proj if p.owner == proj.owner else p for p in plan.projs)
    )
    return keys
