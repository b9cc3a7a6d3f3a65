"""The arrays of a loaded network on the GPU, allocated from the layout and the network data.

Host values are prepared with numpy (``annarchy_codegen.state``, shared with the openmp backend)
and uploaded once; ``xp`` is the array module (CuPy on a GPU; numpy in the unit tests of this
bookkeeping, which need no GPU).
"""

from __future__ import annotations

import numpy as np
from ANNarchy.plugin import NetworkIR
from annarchy_codegen import state as shared
from annarchy_codegen.state import NEVER, dense_index, fill_history  # noqa: F401 - re-exported

from .layout import INT_SEED, SLOT_INTS, SLOT_REALS, ArraySlot, NetPlan
from .recorders import to_host
from .special import initial_array, special_lengths


def address(array) -> int:
    """Device (CuPy) or host (numpy) address of an array's first element."""
    data = getattr(array, "data", None)
    if hasattr(data, "ptr"):
        return int(data.ptr)
    return int(array.ctypes.data)


def host_values(plan: NetPlan, sizes: dict) -> dict[tuple[str, str], np.ndarray]:
    """Initial host copy of every array of the layout."""
    return shared.initial_arrays(
        plan,
        sizes,
        lambda slot: slot.dtype(plan.precision),
        lambda slot: initial_array(plan, slot),
    )


class NetworkState:
    """Every device array of a network, the integer and real tables, and the pointer table."""

    def __init__(self, plan: NetPlan, net: NetworkIR, xp):
        self.plan, self.xp = plan, xp
        depths = shared.history_depths(net)
        self.host_ints = self._ints(net, depths)
        self.ints = xp.asarray(self.host_ints)
        self.reals = xp.asarray(shared.real_values(plan, net))
        self.arrays = {
            key: xp.asarray(value)
            for key, value in host_values(plan, shared.owner_sizes(plan, depths)).items()
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
        ints = np.zeros(self.plan.n_ints, dtype=np.int64)
        for index, value in shared.plan_ints(self.plan, depths).items():
            ints[index] = value
        for index, length in special_lengths(self.plan).items():
            ints[index] = length
        ints[INT_SEED] = shared.seed_value(net)
        return ints

    def fill_history(self) -> None:
        """Fill every delay ring with the current values of its variable (on the device)."""
        fill_history(self.plan, self.arrays)

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
