"""Structural plasticity on the GPU: replace one projection's synapses without recompiling.

The new arrays are prepared on the host with numpy (``annarchy_codegen.state.replaced_arrays``),
uploaded, and their device addresses written into the pointer table; the integer table gets the
new row and synapse counts. The kernels are unchanged (sizes are data).
"""

from __future__ import annotations

from annarchy_codegen import state as shared
from annarchy_codegen.state import check_connectivity  # noqa: F401 - re-exported

from .layout import ProjPlan
from .recorders import to_host
from .state import address


def replace_connectivity(state, proj: ProjPlan, values: dict) -> dict:
    """Reallocate the arrays of ``proj`` (its new plan entry, with the new CSR in ``proj.ir``).

    Arrays named in ``values`` take those values (CSR order); the other per-synapse
    (per-dendrite) arrays keep the values of the synapses (dendrites) that remain and their
    initial value for the new ones. Returns the key maps ``{'nnz': (old, new), 'rows': ...}``.
    """
    plan, xp = state.plan, state.xp
    arrays, keys = shared.replaced_arrays(
        plan,
        proj,
        values,
        lambda slot: to_host(state.arrays[(slot.owner, slot.name)]),
        lambda slot: slot.dtype(plan.precision),
    )
    host_pointers = to_host(state.pointers)
    for slot, host in arrays.items():
        array = xp.asarray(host)
        state.arrays[(slot.owner, slot.name)] = array
        host_pointers[slot.slot] = address(array)
    state.pointers[...] = xp.asarray(host_pointers)
    state.set_int(proj.int_rows, proj.ir.connectivity.n_rows)
    state.set_int(proj.int_nnz, proj.ir.connectivity.nnz)
    state.plan = shared.replaced_plan(state.plan, proj)
    return keys
