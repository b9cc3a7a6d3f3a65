"""Runtime methods shared by the code-generating backends (``Runtime`` protocol of core).

`ArrayRuntime` holds what does not depend on where the arrays live: attribute lookup,
the dense cells of masked storage, recorder bookkeeping, the internal state exported by
``save()``, constants, learning flags and ``ready()``. A backend's runtime subclasses it and
provides ``_plan`` (``annarchy_codegen.layout.NetPlan``), ``_state`` (``arrays``: ``{(owner,
name): array}``, ``ints``, ``reals``, ``dense_index``, ``set_int(index, value)``,
``fill_history()``), ``_recorders`` (``add``, ``fetch``, ``set_active``, ``remove``) and
``_recorder`` (its recorder class: ``(owner, channels, period, offset)``), the recorder channels (``_spike_channel``, ``_array_channel``) and the host/device copies
(``_host``, ``_device``); ``snapshot()`` takes the state ``reset()`` returns to.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np
from ANNarchy.errors import InvalidConfiguration

from annarchy_codegen.connectivity import remap
from annarchy_codegen.delay_queue import QUEUE_NAMES, checked, exported, remapped, requeued, shifted
from annarchy_codegen.layout import ProjPlan
from annarchy_codegen.population_control import PopulationControl
from annarchy_codegen.state import NEVER, SINCE_ALWAYS, delay_kind_check, grown_ring

#: roles of arrays restored by ``reset()``
STATE_ROLES = ("attr", "sum", "gop", "hist", "spike", "special_state")
#: roles of the internal arrays ``export_state`` returns (attributes are saved by core)
EXPORTED_ROLES = ("gop", "hist", "spike")


class ArrayRuntime(PopulationControl, ABC):
    """Shared part of the runtimes of the openmp and cuda backends (see the module)."""

    _initial: dict | None = None

    # -- hooks of the backend -----------------------------------------------------------------
    def _host(self, array) -> np.ndarray:
        """Host values of ``array`` (a view when it already lives on the host)."""
        return array

    def _device(self, host: np.ndarray):
        """``host`` as an array of the backend (the array itself for host backends)."""
        return host

    @abstractmethod
    def _spike_channel(self, item, owner: str):
        """The recorder channel of the spikes of the population plan ``item``."""

    @abstractmethod
    def _array_channel(self, name: str, array, gather, phase: int):
        """The recorder channel of ``array`` (``gather``: dense cells, or None)."""

    @abstractmethod
    def snapshot(self) -> None:
        """Take the current state as the one ``reset()`` returns to."""

    # -- attributes ---------------------------------------------------------------------------
    def _array(self, owner: str, name: str):
        try:
            return self._state.arrays[(owner, name)]
        except KeyError:
            self._plan.owner(owner)
            raise InvalidConfiguration(f"'{owner}' has no attribute '{name}'.") from None

    def _gather(self, owner: str, name: str) -> np.ndarray | None:
        """The dense cells of a local synaptic attribute of masked dense storage (else None)."""
        item = self._plan.owner(owner)
        if not isinstance(item, ProjPlan) or item.fmt != "dense" or not item.masked:
            return None
        slot = item.attrs.get(name)
        if slot is None or slot.extent != "dense":
            return None
        return self._state.dense_index[owner]

    def set_constant(self, name: str, value: float) -> None:
        if name not in self._plan.constants:
            raise InvalidConfiguration(f"No constant named '{name}' in this network.")
        self._state.reals[self._plan.constant_index(name)] = float(value)

    def set_learning(self, owner: str, enabled: bool) -> None:
        item = self._plan.owner(owner)
        if not isinstance(item, ProjPlan):
            raise InvalidConfiguration(f"'{owner}' is not a projection.")
        self._state.set_int(item.int_learn, int(bool(enabled)))

    def set_learning_schedule(self, owner: str, period: int, offset: int) -> None:
        """Run the continuous synapse update of ``owner`` only at the steps s with
        ``(s - offset) % period == 0``, with ``dt * period`` as its time step."""
        item = self._projection(owner)
        if int(period) < 1 or not 0 <= int(offset) < int(period):
            raise InvalidConfiguration(
                f"'{owner}': a learning period of {period} steps with offset {offset} is invalid."
            )
        self._state.set_int(item.int_learn_period, int(period))
        self._state.set_int(item.int_learn_offset, int(offset))

    def _projection(self, owner: str) -> ProjPlan:
        item = self._plan.owner(owner)
        if not isinstance(item, ProjPlan):
            raise InvalidConfiguration(f"'{owner}' is not a projection.")
        return item

    def _remap_initial(self, owner: str, keys: dict) -> None:
        """After ``set_connectivity``: the reset values of the remaining synapses (dendrites),
        the current values of the new ones."""
        for slot in self._plan.slots:
            key = (slot.owner, slot.name)
            if slot.owner == owner and key in self._initial and slot.extent in keys:
                current = self._host(self._state.arrays[key])
                initial = self._host(self._initial[key])
                self._initial[key] = self._device(remap(*keys[slot.extent], initial, current))

    # -- delays -------------------------------------------------------------------------------
    def set_delay(self, owner: str, steps) -> None:
        """Change the delays (in steps, at least 1) of the projection ``owner``.

        One value when it was compiled with one delay for all synapses (above one step), one
        per synapse (CSR order) when compiled with per-synapse delays. When a delay exceeds
        the history kept for the pre-synaptic population, the history grows (``_state``
        needs ``replace_array(slot, host)``): the steps it did not keep read as zeros or
        without spikes, as in the reference.
        """
        item = self._projection(owner)
        delay_kind_check(item, steps)
        pre = self._plan.pop(item.ir.pre)
        depth = int(self._host(self._state.ints)[pre.int_depth])
        need = int(np.max(steps)) if np.size(steps) else 1
        if item.int_pending >= 0:
            self._requeue_in_flight(item, pre, depth)
        if need > depth:
            self._grow_history(pre, depth, need)
        if item.delay == "nonuniform":
            array = self._state.arrays[(owner, "delays")]
            array[...] = self._device(np.asarray(steps, dtype=np.int32))
        else:
            self._state.set_int(item.int_delay, int(steps))

    def _prepare_connectivity(self, item: ProjPlan, csr) -> None:
        """Before ``set_connectivity`` of a projection with per-synapse delays: the spikes in
        flight stay with the synapses they were queued for (new synapses get only the spikes
        emitted from the last step on, as in the reference's queue), and the history of the
        pre-synaptic population grows when a delay of ``csr`` (in steps) exceeds it."""
        if item.delay != "nonuniform":
            return
        pre = self._plan.pop(item.ir.pre)
        depth = self._int_value(pre.int_depth)
        if item.int_pending >= 0:
            self._requeue_in_flight(item, pre, depth)
        delays = csr.delays
        if delays is not None and len(delays) and int(np.max(delays)) > depth:
            self._grow_history(pre, depth, int(np.max(delays)))

    def _requeue_in_flight(self, item: ProjPlan, pre, depth: int) -> None:
        """Before the per-synapse delays of ``item`` change: the spikes in flight keep the
        delays they were queued with (``annarchy_codegen.delay_queue``)."""
        arrays, owner, step = self._state.arrays, item.owner, int(self.step)
        pending = self._host(arrays[(owner, "pending")])
        count = self._int_value(item.int_pending)
        ring = (
            self._host(arrays[(pre.owner, "_ring")]),
            self._host(arrays[(pre.owner, "_ring_n")]),
        )
        pre_index = (self._host(arrays[(owner, "pre_ptr")]), self._host(arrays[(owner, "pre_syn")]))
        since = self._int_value(item.int_since)
        delays = self._host(arrays[(owner, "delays")])
        queue = requeued((pending, count), (*ring, depth), step, since, delays, pre_index)
        self._set_pending(item, queue, step - 1)

    def _set_pending(self, item: ProjPlan, queue: np.ndarray, since: int) -> None:
        self._replace_array(item.conn["pending"], queue)
        self._state.set_int(item.int_pending, queue.size // 2)
        self._state.set_int(item.int_since, since)

    def _remap_pending(self, owner: str, keys: dict) -> None:
        """After ``set_connectivity``: the spikes in flight to the synapses that remain."""
        item = self._projection(owner)
        if item.int_pending < 0 or not self._int_value(item.int_pending):
            return
        pending = self._host(self._state.arrays[(owner, "pending")])
        count = self._int_value(item.int_pending)
        queue = remapped(pending, count, keys["nnz"])
        self._set_pending(item, queue, self._int_value(item.int_since))

    def _grow_history(self, pop, depth: int, new_depth: int) -> None:
        """Reallocate the delay rings of ``pop`` (and their reset values) for ``new_depth``."""
        if self._initial is None:
            self.snapshot()
        step = int(self.step)
        for slot in self._plan.slots:
            if slot.owner != pop.owner or slot.extent not in ("hist", "depth"):
                continue
            width = pop.ir.size if slot.extent == "hist" else 1
            key = (slot.owner, slot.name)
            ring = self._host(self._state.arrays[key])
            self._state.replace_array(slot, grown_ring(ring, width, depth, new_depth, step))
            if key in self._initial:
                initial = self._host(self._initial[key])
                grown = grown_ring(initial, width, depth, new_depth, 0, oldest=True)
                self._initial[key] = self._device(grown)
        self._state.set_int(pop.int_depth, new_depth)

    # -- recording ----------------------------------------------------------------------------
    def add_recorder(self, owner: str, names: list[str], period: int = 1, offset: int = 0) -> int:
        """Record ``names`` of ``owner`` at every step s >= offset with (s - offset) % period == 0."""
        item = self._plan.owner(owner)
        channels = []
        for name in names:
            if name == "spike":
                if "_spiked" not in getattr(item, "internal", {}):
                    raise InvalidConfiguration(f"'{owner}' does not emit spikes.")
                channels.append(self._spike_channel(item, owner))
            else:
                array = self._array(owner, name)
                gather, phase = self._gather(owner, name), self._phase(item, name)
                channels.append(self._array_channel(name, array, gather, phase))
        recorder = self._recorder(owner, channels, int(period), int(offset))
        recorder.label = str(getattr(item.ir, "name", "") or "")
        return self._recorders.add(recorder)

    @staticmethod
    def _phase(item, name: str) -> int:
        """Conductances of spiking populations are recorded as the step received them (after
        the inputs, before the neuron update), like the reference; the rest at the end."""
        if getattr(item, "spiking", False) and not isinstance(item, ProjPlan):
            if name in {f"g_{t}" for t in item.targets}:
                return 0
        return 1

    def check_recording(self, nsteps: int) -> None:
        """Raise ``RecordingMemoryError`` when the active recorders would not fit in the memory
        available during the next ``nsteps`` steps."""
        self._recorders.check_memory(int(self.step), int(nsteps))

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
        """Host copies of the arrays ``owner`` keeps besides its attributes (spikes of the last
        steps, refractory counters, delay rings, global operations, event steps), its spike
        counts and, for a projection with per-synapse delays, its spikes in flight
        (``delay_queue.QUEUE_NAMES``), so that a saved network continues exactly once they
        are imported again."""
        self._plan.owner(owner)
        out = {
            slot.name: np.array(self._host(self._state.arrays[(slot.owner, slot.name)]))
            for slot in self._plan.slots
            if slot.owner == owner and slot.role in EXPORTED_ROLES
        }
        ints = self._host(self._state.ints)
        for name, index in self._counters(owner).items():
            out[name] = np.array([ints[index]], dtype=np.int64)
        item = self._plan.owner(owner)
        if isinstance(item, ProjPlan) and item.int_pending >= 0:
            pending = self._host(self._state.arrays[(owner, "pending")])
            count, since = (self._int_value(i) for i in (item.int_pending, item.int_since))
            nnz = self._int_value(item.int_nnz)
            out.update(exported(pending, count, int(self.step), since, nnz))
        return out

    def _import_queue(self, owner: str, values: dict) -> None:
        """The spikes in flight of a saved state (``QUEUE_NAMES``), checked against the
        current step and synapses before the kernel uses them; dropped when the saved ones
        referred to another number of synapses."""
        item = self._projection(owner)
        if item.int_pending < 0:
            raise InvalidConfiguration(
                f"'{owner}': the saved spikes in flight do not fit this network (it has no "
                "per-synapse delays)."
            )
        nnz = self._int_value(item.int_nnz)
        try:
            saved_nnz = checked(values, int(self.step))[2]
            if saved_nnz != nnz:  # other synapses: the spikes cannot follow them
                self._set_pending(item, np.zeros(0, np.int64), SINCE_ALWAYS)
                return
            pending, since, _ = checked(values, int(self.step), nnz)
        except ValueError as err:
            raise InvalidConfiguration(
                f"'{owner}': {err}; the file is damaged or not from this network."
            ) from None
        self._set_pending(item, pending, since)

    def _adapt_queue(self, owner: str, values: dict, steps: tuple[int, int]) -> dict:
        """The saved queue at ``steps[0]`` checked and moved to ``steps[1]``."""
        step, now = steps
        try:
            pending, since, nnz = checked(values, step)
        except ValueError as err:
            raise InvalidConfiguration(
                f"'{owner}': {err}; the file is damaged or not from this network."
            ) from None
        pending, since = shifted(pending, since, now - step, SINCE_ALWAYS)
        return {
            "_pending": pending,
            "_pending_since": np.array([since], dtype=np.int64),
            "_pending_nnz": np.array([nnz], dtype=np.int64),
        }

    def import_state(self, owner: str, values: dict) -> None:
        """Write back what ``export_state(owner)`` returned (same names and shapes)."""
        counters = self._counters(owner)
        roles = {slot.name: slot.role for slot in self._plan.slots if slot.owner == owner}
        if any(name in values for name in QUEUE_NAMES):
            self._import_queue(owner, values)
        for name, value in values.items():
            if name in QUEUE_NAMES:
                continue
            if name in counters:
                self._state.set_int(counters[name], int(np.asarray(value).reshape(-1)[0]))
                continue
            array = self._state.arrays.get((owner, name))
            if array is None or roles.get(name) not in EXPORTED_ROLES:
                raise InvalidConfiguration(
                    f"'{owner}': the saved internal array '{name}' does not fit this network."
                )
            if array.shape != np.shape(value):
                raise InvalidConfiguration(
                    f"'{owner}': the saved internal array '{name}' has shape {np.shape(value)}, "
                    f"this network's has {array.shape}."
                )
            array[...] = self._device(np.asarray(value, dtype=array.dtype))

    def adapt_state(
        self, owner: str, values: dict, step: int, now: int | None = None
    ) -> dict[str, np.ndarray]:
        """What ``export_state(owner)`` returned at ``step``, fitted to this network at ``now``.

        Rings of past steps (spikes in flight, delayed variables) kept over another number of
        steps (other delays) or saved at another step keep the most recent steps that both
        hold; steps of the last spikes/events and of the spikes in flight move by ``now -
        step``. Arrays the file lacks
        keep this network's values, arrays this network lacks are dropped.

        Raises
        ------
        InvalidConfiguration
            An array of another shape that is not a ring of past steps; a queue of spikes in
            flight that is not sorted, names no synapse or arrives before the step saved.
        """
        now = step if now is None else now
        current = self.export_state(owner)
        slots = {s.name: s for s in self._plan.slots if s.owner == owner}
        depth = self.history_depth(owner)
        out = {}
        if "_pending" in current and any(name in values for name in QUEUE_NAMES):
            out.update(self._adapt_queue(owner, values, (step, now)))
        for name, here in current.items():
            if name not in values or name in QUEUE_NAMES:
                continue
            saved = np.asarray(values[name])
            extent = slots[name].extent if name in slots else ""
            if extent in ("hist", "depth") and depth and (saved.size != here.size or now != step):
                fill = slots[name].role == "hist"  # past values: the oldest saved one
                out[name] = _remap_ring(saved.reshape(-1), here, depth, (step, now), fill)
            elif saved.size == here.size:  # (.mat files give 2D arrays)
                out[name] = saved.reshape(here.shape).astype(here.dtype)
                if name in ("_last", "_last_event") and now != step:
                    out[name][out[name] != NEVER] += now - step
            else:
                raise InvalidConfiguration(
                    f"'{owner}': the saved internal array '{name}' has shape {saved.shape}, "
                    f"this network's has {here.shape}."
                )
        return out

    def history_depth(self, owner: str) -> int:
        """Steps of history a population keeps (0 for a projection)."""
        item = self._plan.owner(owner)
        index = getattr(item, "int_depth", -1)
        return int(self._host(self._state.ints)[index]) if index is not None and index >= 0 else 0

    def ready(self) -> None:
        """Core has set the values given before compile: the histories of delayed variables
        take them (as the reference, delayed reads see the values at compile time, not those
        set between compile and the first step), and ``reset()`` returns here."""
        self._state.fill_history()
        self.snapshot()

    def _initial_arrays(self) -> dict:
        """Copies of the arrays ``reset()`` restores (read-only arrays, which nothing writes,
        are kept as they are)."""
        out = {}
        for slot in self._plan.slots:
            if slot.role in STATE_ROLES:
                array = self._state.arrays[(slot.owner, slot.name)]
                frozen = not getattr(getattr(array, "flags", None), "writeable", True)
                out[(slot.owner, slot.name)] = array if frozen else array.copy()
        return out


def _remap_ring(saved, here, depth: int, steps: tuple[int, int], fill: bool) -> np.ndarray:
    """A ring of ``depth`` rows (row ``s % depth`` holds step ``s``) now at step ``steps[1]``,
    rebuilt from a ring of another depth saved at step ``steps[0]``: the most recent steps
    that both keep; older rows are empty or, with ``fill``, the oldest saved one."""
    step, now = steps
    width = here.size // depth
    old_depth = saved.size // width if width else 0
    if not old_depth or old_depth * width != saved.size:
        raise InvalidConfiguration(
            f"a saved ring of {saved.size} values does not hold rows of {width} values."
        )
    old, new = saved.reshape(old_depth, width), np.zeros((depth, width), dtype=here.dtype)
    kept = min(depth, old_depth)
    for k in range(1, depth + 1):
        new[(now - k) % depth] = old[(step - min(k, kept)) % old_depth] if k <= kept or fill else 0
    return new.reshape(here.shape)
