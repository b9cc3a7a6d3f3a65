"""The runtime of a loaded network: the compiled kernels, launched step by step, over CuPy state.

The host loop launches the kernels of ``kernels.json`` in order on CuPy's current stream; nothing
is copied between host and device inside a step except by recorders whose buffer is full.
Attribute reads and writes copy to or from the host only when they happen.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
from ANNarchy.codegen.connectivity import remap
from ANNarchy.core.network_ir import NetworkIR
from ANNarchy.errors import ANNarchyException, InvalidConfiguration

from .codegen import ABI_VERSION
from .layout import NetPlan, ProjPlan
from .recorders import Channel, Recorder, RecorderSet, to_host
from .special import new_length, special_slot
from .state import NetworkState
from .structural import check_connectivity, replace_connectivity

#: roles of arrays restored by ``reset()``
STATE_ROLES = ("attr", "sum", "gop", "hist", "spike", "special_state")
#: roles of the internal arrays ``export_state`` returns (attributes are saved by core)
EXPORTED_ROLES = ("gop", "hist", "spike")
BLOCK = 256
EVENT_BLOCK = 128
MAX_EVENT_BLOCKS = 4096


class KernelError(ANNarchyException):
    """A CUDA kernel failed to launch or to run."""


def launch_shape(kind: str, count: int, reduce_threads: int):
    """(grid, block) of a launch over ``count`` elements; None when there is nothing to do."""
    if kind == "single":
        return (1,), (1,)
    if kind == "reduce":
        return (1,), (reduce_threads,)
    if count <= 0:
        return None
    if kind == "threads":
        return ((count + BLOCK - 1) // BLOCK,), (BLOCK,)
    if kind == "warps":
        return ((32 * count + BLOCK - 1) // BLOCK,), (BLOCK,)
    if kind == "blocks":
        return (min(count, MAX_EVENT_BLOCKS),), (EVENT_BLOCK,)
    raise InvalidConfiguration(f"Unknown launch kind '{kind}' in the kernel manifest.")


def _cuda_errors(xp) -> tuple:
    cuda = getattr(xp, "cuda", None)
    if cuda is None:
        return ()
    return (cuda.driver.CUDADriverError, cuda.runtime.CUDARuntimeError)


class CudaRuntime:
    """A loaded network (see the Runtime protocol of ``ANNarchy.core.backend``).

    ``xp`` and ``module`` default to CuPy and the compiled image; the unit tests pass numpy and
    a stand-in module to check the bookkeeping without a GPU.
    """

    def __init__(
        self, image: Path, manifest: dict, plan: NetPlan, net: NetworkIR, xp=None, module=None
    ):
        if manifest.get("abi") != ABI_VERSION:
            raise InvalidConfiguration(f"{image} was built for another ABI; rebuild it.")
        if xp is None:
            from .device import import_cupy, select_device

            xp = import_cupy()
            select_device(int(manifest.get("device", 0)))
        self.xp, self._plan, self._net = xp, plan, net
        self._errors = _cuda_errors(xp)
        self._debug = bool(net.options.get("debug", False))
        self._module = module if module is not None else xp.RawModule(path=str(image))
        self._state = NetworkState(plan, net, xp)
        self._manifest = manifest
        self._reduce_threads = int(manifest["reduce_threads"])
        self._stops = manifest.get("stops", {})
        self._launches = self._prepare(manifest)
        self._record_fn = self._module.get_function("ann_record_spikes")
        self._recorders = RecorderSet(xp, self._record_spikes)
        self._step = 0
        self.snapshot()

    def _prepare(self, manifest: dict) -> list[tuple[int, str, object, tuple, tuple]]:
        out = []
        for item in manifest["launches"]:
            count = int(self._state.host_ints[item["count"]]) if item["count"] >= 0 else 0
            shape = launch_shape(item["kind"], count, int(manifest["reduce_threads"]))
            if shape is not None:
                fn = self._module.get_function(item["fn"])
                out.append((int(item["phase"]), item["fn"], fn, *shape))
        return out

    # -- time ---------------------------------------------------------------------------------
    @property
    def step(self) -> int:
        return self._step

    @step.setter
    def step(self, value: int) -> None:
        self._step = int(value)

    def _launch(self, name: str, fn, grid, block, args) -> None:
        try:
            fn(grid, block, args)
            if self._debug:
                self.xp.cuda.Stream.null.synchronize()
        except self._errors as exc:
            raise KernelError(
                f"The CUDA kernel '{name}' failed at step {self._step}: {exc}"
            ) from None

    def _one_step(self, pointers) -> None:
        args = (pointers, np.int64(self._step))
        for phase in (0, 1):
            for kphase, name, fn, grid, block in self._launches:
                if kphase == phase:
                    self._launch(name, fn, grid, block, args)
            self._recorders.record(self._step, phase)
        self._step += 1

    def run(self, nsteps: int) -> None:
        """Simulate ``nsteps`` steps: launch the kernels of each step in order."""
        if self._step == 0:
            self._state.fill_history()
        pointers = self._state.pointers
        first = self._step
        for _ in range(int(nsteps)):
            self._one_step(pointers)
        self._synchronize(first)

    def run_until(self, nsteps: int, owners: list[str], operator: str = "and") -> int:
        """Simulate at most ``nsteps`` steps; stop after the first step where the stop
        conditions of the populations ``owners`` hold together (``operator`` 'and') or for one
        of them ('or'). Returns the number of steps done (at least one when ``nsteps`` > 0)."""
        stops = [self._stop_launch(owner) for owner in owners]
        flags = np.asarray([flag for _, _, flag in stops], dtype=np.int64)
        if self._step == 0:
            self._state.fill_history()
        pointers, first, done = self._state.pointers, self._step, 0
        grid, block = (1,), (self._reduce_threads,)
        while done < int(nsteps):
            self._one_step(pointers)
            done += 1
            args = (pointers, np.int64(self._step))  # t: the time after the step
            for name, fn, _ in stops:
                self._launch(name, fn, grid, block, args)
            hits = to_host(self._state.ints)[flags] != 0  # a few int64: one small copy
            if stops and (hits.any() if operator == "or" else hits.all()):
                break
        self._synchronize(first)
        return done

    def _stop_launch(self, owner: str) -> tuple[str, object, int]:
        entry = self._stops.get(owner)
        if entry is None:
            self._plan.owner(owner)
            raise InvalidConfiguration(f"'{owner}' has no stop condition.")
        return entry["fn"], self._module.get_function(entry["fn"]), int(entry["flag"])

    def _synchronize(self, first: int) -> None:
        cuda = getattr(self.xp, "cuda", None)
        if cuda is None:
            return
        try:
            cuda.Stream.null.synchronize()
        except self._errors as exc:
            raise KernelError(
                f"A CUDA kernel failed between steps {first} and {self._step}: {exc}. Run with "
                "net.config(debug=True) to check every kernel and name the one that fails."
            ) from None

    def _record_spikes(self, channel: Channel, step: int) -> None:
        args = (channel.source, channel.count_view, channel.buffer, channel.fill, np.int64(step))
        self._launch("ann_record_spikes", self._record_fn, (1,), (BLOCK,), args)

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

    def get(self, owner: str, name: str) -> np.ndarray:
        """A host copy of ``owner.name`` (synaptic attributes in CSR order)."""
        values = to_host(self._array(owner, name))
        gather = self._gather(owner, name)
        return values if gather is None else values[gather]

    def set(self, owner: str, name: str, values) -> None:
        """Copy ``values`` (broadcast like numpy) to the device array of ``owner.name``; a
        plugin's data array (special code) may get a new length (reallocated)."""
        array = self._array(owner, name)
        slot = special_slot(self._plan, owner, name)
        if slot is not None and (host := new_length(array, slot, values, owner)) is not None:
            self._state.replace_array(slot, host)
            self._state.set_int(self._plan.owner(owner).special.lengths[name], host.size)
            return
        gather = self._gather(owner, name)
        host = to_host(array)
        try:
            if gather is None:
                host[...] = values
            else:
                host[gather] = values
        except (ValueError, TypeError):
            shape = host.shape if gather is None else gather.shape
            raise InvalidConfiguration(
                f"Cannot set {owner}.{name} (shape {shape}) from values of shape "
                f"{np.shape(values)}."
            ) from None
        array[...] = self.xp.asarray(host)

    def set_constant(self, name: str, value: float) -> None:
        if name not in self._plan.constants:
            raise InvalidConfiguration(f"No constant named '{name}' in this network.")
        self._state.reals[self._plan.constant_index(name)] = float(value)

    def set_learning(self, owner: str, enabled: bool) -> None:
        item = self._plan.owner(owner)
        if not isinstance(item, ProjPlan):
            raise InvalidConfiguration(f"'{owner}' is not a projection.")
        self._state.set_int(item.int_learn, int(bool(enabled)))

    # -- structural plasticity ----------------------------------------------------------------
    def set_connectivity(self, owner: str, csr, values: dict) -> None:
        """Give the projection ``owner`` a new connectivity, without recompiling.

        ``csr`` keeps the kind of delays of load time (``csr.delays`` in steps when they are
        non-uniform, at most the history kept for the pre-synaptic population); ``values`` maps
        attribute names to their new per-synapse arrays (CSR order); arrays not given keep the
        values of the remaining synapses. Recorders of the projection record the new arrays
        (fetch what they hold first: the width changes).
        """
        item = self._plan.owner(owner)
        if not isinstance(item, ProjPlan):
            raise InvalidConfiguration(f"'{owner}' is not a projection.")
        depth = int(self._state.host_ints[self._plan.pop(item.ir.pre).int_depth])
        check_connectivity(item, csr, depth)
        new_item = dataclasses.replace(item, ir=dataclasses.replace(item.ir, connectivity=csr))
        keys = replace_connectivity(self._state, new_item, values)
        self._plan = self._state.plan
        for slot in self._plan.slots:
            key = (slot.owner, slot.name)
            if slot.owner == owner and key in self._initial and slot.extent in keys:
                old_keys, new_keys = keys[slot.extent]
                fill = to_host(self._state.arrays[key])
                self._initial[key] = self.xp.asarray(
                    remap(old_keys, new_keys, to_host(self._initial[key]), fill)
                )
        self._launches = self._prepare(self._manifest)  # new row / synapse counts
        self._retarget_recorders(owner)

    def _retarget_recorders(self, owner: str) -> None:
        for recorder in self._recorders.recorders.values():
            if recorder.owner != owner:
                continue
            for channel in recorder.channels:
                source = self._state.arrays.get((owner, channel.name))
                if not channel.spikes and source is not None and source is not channel.source:
                    channel.drain()
                    channel.source = source
                    channel.allocate(self.xp)

    # -- recording ----------------------------------------------------------------------------
    def add_recorder(self, owner: str, names: list[str], period: int = 1, offset: int = 0) -> int:
        """Record ``names`` of ``owner`` at every step s >= offset with (s - offset) % period == 0."""
        item = self._plan.owner(owner)
        channels = []
        for name in names:
            if name == "spike":
                if "_spiked" not in getattr(item, "internal", {}):
                    raise InvalidConfiguration(f"'{owner}' does not emit spikes.")
                ints = self._state.ints
                view = ints[item.int_nspikes : item.int_nspikes + 1]
                source = self._state.arrays[(owner, "_spiked")]
                channels.append(Channel("spike", source, True, count_view=view))
            else:
                array = self._array(owner, name)
                gather, phase = self._gather(owner, name), self._phase(item, name)
                channels.append(Channel(name, array, False, gather=gather, phase=phase))
        return self._recorders.add(Recorder(owner, channels, int(period), int(offset)))

    @staticmethod
    def _phase(item, name: str) -> int:
        """Conductances of spiking populations are recorded as the step received them (after
        the inputs, before the neuron update), like the reference; the rest at the end."""
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
        """Host copies of the arrays ``owner`` keeps besides its attributes (spikes of the last
        steps, refractory counters, delay rings, global operations, event steps) and its spike
        counts, so that a saved network continues exactly once they are imported again."""
        self._plan.owner(owner)
        out = {
            slot.name: to_host(self._state.arrays[(slot.owner, slot.name)])
            for slot in self._plan.slots
            if slot.owner == owner and slot.role in EXPORTED_ROLES
        }
        ints = to_host(self._state.ints)
        for name, index in self._counters(owner).items():
            out[name] = np.array([ints[index]], dtype=np.int64)
        return out

    def import_state(self, owner: str, values: dict) -> None:
        """Write back what ``export_state(owner)`` returned (same names and shapes)."""
        counters = self._counters(owner)
        for name, value in values.items():
            if name in counters:
                self._state.set_int(counters[name], int(np.asarray(value).reshape(-1)[0]))
                continue
            array = self._state.arrays.get((owner, name))
            slot = self._state.slot(owner, name)
            if array is None or slot is None or slot.role not in EXPORTED_ROLES:
                raise InvalidConfiguration(
                    f"'{owner}': the saved internal array '{name}' does not fit this network."
                )
            if array.shape != np.shape(value):
                raise InvalidConfiguration(
                    f"'{owner}': the saved internal array '{name}' has shape {np.shape(value)}, "
                    f"this network's has {array.shape}."
                )
            array[...] = self.xp.asarray(np.asarray(value, dtype=array.dtype))

    def nbytes(self, owner: str) -> int:
        """Device bytes of every array of ``owner`` (attributes, connectivity, internals)."""
        self._plan.owner(owner)
        return sum(int(a.nbytes) for (o, _), a in self._state.arrays.items() if o == owner)

    def snapshot(self) -> None:
        """Take the current state as the one ``reset()`` returns to (done at load)."""
        self._initial = {
            (slot.owner, slot.name): self._state.arrays[(slot.owner, slot.name)].copy()
            for slot in self._plan.slots
            if slot.role in STATE_ROLES
        }

    def reset(self) -> None:
        """Back to the state at load (or at the last ``snapshot()``); recorders are kept."""
        for key, values in self._initial.items():
            self._state.arrays[key][...] = values
        for pop in self._plan.pops:
            self._state.set_int(pop.int_nspikes, 0)
            if pop.int_naxon >= 0:
                self._state.set_int(pop.int_naxon, 0)
        self._step = 0

    def close(self) -> None:
        """Release the device memory of the network."""
        self._recorders.recorders.clear()
        self._state.arrays.clear()
        self._initial = {}
