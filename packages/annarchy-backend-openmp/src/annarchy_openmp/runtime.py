"""The runtime of a loaded network: ctypes over the generated library, numpy over its state."""

from __future__ import annotations

import ctypes
import dataclasses
from pathlib import Path

import numpy as np
from ANNarchy.core.network_ir import NetworkIR
from ANNarchy.errors import InvalidConfiguration

from .codegen import ABI_VERSION
from .layout import INT_STEP, NetPlan, ProjPlan
from .recorders import Channel, Recorder, RecorderSet
from .special import is_special, set_array
from .state import NetworkState, remap, replace_connectivity

#: roles of arrays restored by ``reset()``
STATE_ROLES = ("attr", "sum", "gop", "hist", "spike", "special_state")
#: roles of the internal arrays ``export_state`` returns (attributes are saved by core)
EXPORTED_ROLES = ("gop", "hist", "spike")


def open_library(path: Path) -> ctypes.CDLL:
    lib = ctypes.CDLL(str(path))
    lib.ann_run.argtypes = [ctypes.c_void_p, ctypes.c_int64]
    lib.ann_run.restype = ctypes.c_int64
    lib.ann_abi_version.restype = ctypes.c_int64
    lib.ann_run_until.argtypes = [
        ctypes.c_void_p,
        ctypes.c_int64,
        ctypes.c_void_p,
        ctypes.c_int64,
        ctypes.c_int64,
        ctypes.POINTER(ctypes.c_int64),
    ]
    lib.ann_run_until.restype = ctypes.c_int64
    if lib.ann_abi_version() != ABI_VERSION:
        raise InvalidConfiguration(f"The library {path} was built for another ABI; rebuild it.")
    return lib


class OpenMPRuntime:
    """A loaded network (see the Runtime protocol of ``ANNarchy.core.backend``).

    Population attributes are returned as writable numpy views of the simulated state. Synaptic
    attributes are exchanged in CSR order (views for CSR and full dense storage).
    """

    def __init__(self, library: Path, plan: NetPlan, net: NetworkIR):
        self._lib = open_library(library)
        self._plan = plan
        self._net = net
        self._state = NetworkState(plan, net)
        self._recorders = RecorderSet(self._state)
        self._initial: dict | None = None  # taken by ready() or before the first run

    # -- time ---------------------------------------------------------------------------------
    @property
    def step(self) -> int:
        return int(self._state.ints[INT_STEP])

    @step.setter
    def step(self, value: int) -> None:
        self._state.ints[INT_STEP] = int(value)

    def run(self, nsteps: int) -> None:
        """Simulate ``nsteps`` steps in the library (returns early only to drain recorders)."""
        if self._initial is None:
            self.snapshot()
        remaining = int(nsteps)
        address = self._state.pointers.ctypes.data
        while remaining > 0:
            done = self._lib.ann_run(address, remaining)
            remaining -= done
            if remaining > 0:
                self._recorders.drain()

    def run_until(self, nsteps: int, owners: list[str], operator: str = "and") -> int:
        """Simulate at most ``nsteps`` steps; stop after the first step where the stop
        conditions of the populations ``owners`` hold together (``operator`` 'and') or for one
        of them ('or'). Returns the number of steps done; ``stopped`` then tells whether the
        conditions held at the last of them."""
        ids = []
        for owner in owners:
            item = self._plan.owner(owner)
            if getattr(item.ir, "stop_condition", None) is None:
                raise InvalidConfiguration(f"'{owner}' has no stop condition.")
            ids.append(item.ir.id)
        pops = np.asarray(ids, dtype=np.int64)
        if self._initial is None:
            self.snapshot()
        stopped, done = ctypes.c_int64(0), 0
        address = self._state.pointers.ctypes.data
        any_pop = int(operator == "or")
        while done < nsteps:
            left = int(nsteps) - done
            flag = ctypes.byref(stopped)
            done += self._lib.ann_run_until(
                address, left, pops.ctypes.data, len(ids), any_pop, flag
            )
            if stopped.value:
                break
            if done < nsteps:
                self._recorders.drain()
        self.stopped = bool(stopped.value)
        return done

    # -- attributes ---------------------------------------------------------------------------
    def _array(self, owner: str, name: str) -> np.ndarray:
        try:
            return self._state.arrays[(owner, name)]
        except KeyError:
            self._plan.owner(owner)
            raise InvalidConfiguration(f"'{owner}' has no attribute '{name}'.") from None

    def _gather(self, owner: str, name: str) -> np.ndarray | None:
        """The dense cells to gather for a local synaptic attribute (None: the array is CSR)."""
        item = self._plan.owner(owner)
        if not isinstance(item, ProjPlan) or item.fmt != "dense":
            return None
        slot = item.attrs.get(name)
        if slot is None or slot.extent != "dense" or not item.masked:
            return None
        return self._state.dense_index[owner]

    def get(self, owner: str, name: str) -> np.ndarray:
        """The values of ``owner.name`` (a writable view unless storage is a masked dense one)."""
        array = self._array(owner, name)
        gather = self._gather(owner, name)
        return array if gather is None else array[gather]

    def set(self, owner: str, name: str, values) -> None:
        if is_special(self._plan, owner, name):  # a plugin's data: its length may change
            set_array(self._state, self._plan, owner, name, values)
            return
        array = self._array(owner, name)
        gather = self._gather(owner, name)
        try:
            if gather is None:
                array[...] = values
            else:
                array[gather] = values
        except ValueError:
            shape = array.shape if gather is None else gather.shape
            raise InvalidConfiguration(
                f"Cannot set {owner}.{name} (shape {shape}) from values of shape "
                f"{np.shape(values)}."
            ) from None

    def set_constant(self, name: str, value: float) -> None:
        if name not in self._plan.constants:
            raise InvalidConfiguration(f"No constant named '{name}' in this network.")
        self._state.reals[self._plan.constant_index(name)] = float(value)

    def set_learning(self, owner: str, enabled: bool) -> None:
        item = self._plan.owner(owner)
        if not isinstance(item, ProjPlan):
            raise InvalidConfiguration(f"'{owner}' is not a projection.")
        self._state.ints[item.int_learn] = int(bool(enabled))

    # -- structural plasticity ----------------------------------------------------------------
    def set_connectivity(self, owner: str, csr, values: dict) -> None:
        """Give the projection ``owner`` a new connectivity, without recompiling.

        ``csr`` keeps the same kind of delays as at load (``csr.delays`` in steps when they are
        non-uniform, at most the history kept for the pre-synaptic population). ``values`` maps
        attribute names to their new per-synapse arrays (CSR order); arrays not given keep the
        values of the remaining synapses. Recorders of the projection now record the new
        arrays: fetch what they hold before the call (the width changes).
        """
        item = self._plan.owner(owner)
        if not isinstance(item, ProjPlan):
            raise InvalidConfiguration(f"'{owner}' is not a projection.")
        if item.fmt == "dense":
            raise InvalidConfiguration(
                f"Projection '{item.ir.name}' is stored densely; its synapses cannot change "
                "(use a sparse storage_format such as 'lil')."
            )
        self._check_delays(item, csr)
        new_item = dataclasses.replace(item, ir=dataclasses.replace(item.ir, connectivity=csr))
        if self._initial is None:
            self.snapshot()
        keys = replace_connectivity(self._state, new_item, values)
        self._plan = self._state.plan
        for slot in self._plan.slots:
            key = (slot.owner, slot.name)
            if slot.owner == owner and key in self._initial and slot.extent in keys:
                current = self._state.arrays[key]
                self._initial[key] = remap(*keys[slot.extent], self._initial[key], current)
        self._retarget_recorders(owner)

    def _check_delays(self, item: ProjPlan, csr) -> None:
        if item.delay != "nonuniform":
            return
        depth = int(self._state.ints[self._plan.pop(item.ir.pre).int_depth])
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

    def _retarget_recorders(self, owner: str) -> None:
        recorders = self._recorders
        recorders.drain()
        for recorder in recorders.recorders.values():
            if recorder.owner != owner:
                continue
            for channel in recorder.channels:
                source = self._state.arrays.get((owner, channel.name))
                if not channel.spikes and source is not None and source is not channel.source:
                    channel.source = source
                    channel.allocate()
        recorders._rebuild()

    # -- recording ----------------------------------------------------------------------------
    def add_recorder(self, owner: str, names: list[str], period: int = 1, offset: int = 0) -> int:
        """Record ``names`` of ``owner`` at every step s >= offset with (s - offset) % period == 0."""
        item = self._plan.owner(owner)
        channels = []
        for name in names:
            if name == "spike":
                if "_spiked" not in getattr(item, "internal", {}):
                    raise InvalidConfiguration(f"'{owner}' does not emit spikes.")
                source = self._state.arrays[(owner, "_spiked")]
                channels.append(Channel("spike", source, True, aux=item.int_nspikes))
            else:
                array = self._array(owner, name)
                channels.append(
                    Channel(
                        name,
                        array,
                        False,
                        gather=self._gather(owner, name),
                        phase=self._phase(item, name),
                    )
                )
        recorder = Recorder(owner, channels, int(period), int(offset))
        return self._recorders.add(recorder)

    @staticmethod
    def _phase(item, name: str) -> int:
        """Conductances of spiking populations are recorded as the step received them (after
        the spike propagation, before the neuron update), like the reference; the rest at the
        end of the step."""
        if getattr(item, "spiking", False) and not isinstance(item, ProjPlan):
            if name in {f"g_{t}" for t in item.targets}:
                return 0
        return 1

    def fetch(self, rec_id: int) -> dict:
        return self._recorders.fetch(rec_id)

    def pause(self, rec_id: int) -> None:
        self._recorders.set_active(rec_id, False)

    def resume(self, rec_id: int) -> None:
        self._recorders.set_active(rec_id, True)

    def remove(self, rec_id: int) -> None:
        self._recorders.remove(rec_id)

    # -- state --------------------------------------------------------------------------------
    def _counters(self, owner: str) -> dict[str, int]:
        """Integer slots that belong to the state of ``owner`` (spike counts of the last step)."""
        out = {}
        for pop in self._plan.pops:
            if pop.owner == owner and pop.spiking:
                out["_nspikes"] = pop.int_nspikes
                if pop.int_naxon >= 0:
                    out["_naxon"] = pop.int_naxon
        return out

    def export_state(self, owner: str) -> dict[str, np.ndarray]:
        """Copies of the arrays ``owner`` keeps besides its attributes (spikes of the last steps,
        refractory counters, histories of delayed values, global operations, event times), so a
        saved network continues exactly where it stopped once they are imported again."""
        out = {
            slot.name: self._state.arrays[(slot.owner, slot.name)].copy()
            for slot in self._plan.slots
            if slot.owner == owner and slot.role in EXPORTED_ROLES
        }
        for name, index in self._counters(owner).items():
            out[name] = np.array([self._state.ints[index]], dtype=np.int64)
        return out

    def import_state(self, owner: str, values: dict) -> None:
        """Write back what ``export_state(owner)`` returned (same names and shapes)."""
        counters = self._counters(owner)
        for name, value in values.items():
            if name in counters:
                self._state.ints[counters[name]] = int(np.asarray(value).reshape(-1)[0])
                continue
            array = self._state.arrays.get((owner, name))
            if array is None or array.shape != np.shape(value):
                raise InvalidConfiguration(
                    f"'{owner}': the saved internal array '{name}' does not fit this network."
                )
            array[...] = value

    def ready(self) -> None:
        """Core has set the values given before compile: the histories of delayed variables
        take them (as the reference, delayed reads see the values at compile time, not those
        set between compile and the first step), and ``reset()`` returns here."""
        self._state.fill_history()
        self.snapshot()

    def snapshot(self) -> None:
        """Take the current state as the one ``reset()`` returns to (done at load)."""
        self._initial = {
            (slot.owner, slot.name): self._state.arrays[(slot.owner, slot.name)].copy()
            for slot in self._plan.slots
            if slot.role in STATE_ROLES
        }
        self._initial_ints = self._state.ints.copy()

    def reset(self) -> None:
        """Back to the state at load (or at the last ``snapshot()``); recorders are kept."""
        if self._initial is None:  # nothing ran since load
            self.snapshot()
        for key, values in self._initial.items():
            self._state.arrays[key][...] = values
        for pop in self._plan.pops:
            self._state.ints[pop.int_nspikes] = self._initial_ints[pop.int_nspikes]
            if pop.int_naxon >= 0:
                self._state.ints[pop.int_naxon] = 0
        self.step = 0
