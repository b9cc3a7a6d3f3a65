"""The arrays of a loaded network, allocated with numpy from the layout and the network data.

The initial values come from ``annarchy_codegen.state`` (shared with the cuda backend); this
module keeps them and fills the pointer table handed to the library.
"""

from __future__ import annotations

import numpy as np
from ANNarchy.plugin import NetworkIR
from annarchy_codegen import state as shared
from annarchy_codegen.state import (  # noqa: F401 - re-exported for the runtime and tests
    NEVER,
    dense_index,
    fill_history,
    pre_order,
    remap,
)

from . import native
from .alignment import aligned
from .layout import (
    INT_CHANNELS,
    INT_SEED,
    INT_THREADS,
    RULES,
    SLOT_BALANCE,
    SLOT_RECORDERS,
    NetPlan,
    ProjPlan,
)
from .special import fill_lengths, initial_array
from .threads import balance_array, thread_settings


class NetworkState:
    """Every array of a network plus the pointer table handed to the library."""

    def __init__(self, plan: NetPlan, net: NetworkIR):
        self.plan = plan
        depths = shared.history_depths(net)
        self.ints = np.zeros(plan.n_ints, dtype=np.int64)
        for index, value in shared.plan_ints(plan, depths).items():
            self.ints[index] = value
        self.ints[INT_SEED] = shared.seed_value(net)
        self.ints[INT_THREADS] = max(1, int(net.num_threads))
        for index, value in thread_settings().items():
            self.ints[index] = value
        self.reals = shared.real_values(plan, net)
        self.balance = balance_array(int(self.ints[INT_THREADS]))
        self.pointers = np.zeros(RULES.first_slot + len(plan.slots), dtype=np.uint64)
        self.arrays = shared.initial_arrays(
            plan,
            shared.owner_sizes(plan, depths),
            lambda slot: slot.dtype,
            lambda slot: initial_array(plan, slot),
            native=native.pre_index,
        )
        populations = {pop.owner for pop in plan.pops}
        for slot in plan.slots:  # projections' arrays are left where they are: no second copy
            if slot.owner in populations:
                key = (slot.owner, slot.name)
                self.arrays[key] = aligned(self.arrays[key], slot.slot)
        self.dense_index = {
            proj.owner: dense_index(proj, plan.pop(proj.ir.pre).ir.size) for proj in plan.projs
        }
        for slot in plan.slots:
            self.pointers[slot.slot] = self.arrays[(slot.owner, slot.name)].ctypes.data
        self.fill_history()
        fill_lengths(self)
        self.pointers[0] = self.ints.ctypes.data
        self.pointers[1] = self.reals.ctypes.data
        self.pointers[SLOT_BALANCE] = self.balance.ctypes.data

    def fill_history(self) -> None:
        """Fill every delay ring with the current values of its variable."""
        fill_history(self.plan, self.arrays)

    def set_int(self, index: int, value: int) -> None:
        self.ints[index] = int(value)

    def replace_array(self, slot, values: np.ndarray) -> None:
        """Make ``values`` (a copy with the slot's dtype) the array of ``slot``."""
        array = np.ascontiguousarray(values, dtype=slot.dtype)
        populations = {pop.owner for pop in self.plan.pops}
        array = aligned(array, slot.slot) if slot.owner in populations else array.copy()
        self.arrays[(slot.owner, slot.name)] = array
        self.pointers[slot.slot] = array.ctypes.data

    def set_table(self, table: np.ndarray, nrows: int) -> None:
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
    arrays, keys = shared.replaced_arrays(
        state.plan,
        proj,
        values,
        lambda slot: state.arrays[(slot.owner, slot.name)],
        lambda slot: slot.dtype,
        native=native.pre_index,
    )
    for slot, array in arrays.items():
        state.arrays[(slot.owner, slot.name)] = array
        state.pointers[slot.slot] = array.ctypes.data
    state.ints[proj.int_rows] = proj.ir.connectivity.n_rows
    state.ints[proj.int_nnz] = proj.ir.connectivity.nnz
    state.plan = shared.replaced_plan(state.plan, proj)
    return keys
