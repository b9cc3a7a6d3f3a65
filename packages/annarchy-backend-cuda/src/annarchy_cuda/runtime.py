"""The runtime of a loaded network: the compiled kernels, launched step by step, over CuPy state.

The host loop launches the kernels of ``kernels.json`` in order on CuPy's current stream; nothing
is copied between host and device inside a step except by recorders whose buffer is full.
Attribute reads and writes copy to or from the host only when they happen.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
from ANNarchy.errors import ANNarchyException, BrokenBuildError, InvalidConfiguration
from ANNarchy.plugin import NetworkIR
from annarchy_codegen.runtime_parts import ArrayRuntime

from .build import key_kernel_name
from .codegen import ABI_VERSION
from .layout import NetPlan
from .recorders import Channel, Recorder, RecorderSet, to_host
from .special import new_length, special_slot
from .state import NetworkState
from .structural import check_connectivity, replace_connectivity

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


class CudaRuntime(ArrayRuntime):
    """A loaded network (see the Runtime protocol of ``ANNarchy.core.backend``; the methods
    shared with the openmp backend are in ``annarchy_codegen.runtime_parts``).

    ``xp`` and ``module`` default to CuPy and the compiled image; the unit tests pass numpy and
    a stand-in module to check the bookkeeping without a GPU.
    """

    _recorder = Recorder
    stopped = False  # set by run_until: whether the stop conditions held at its last step

    def __init__(
        self,
        image: Path,
        manifest: dict,
        plan: NetPlan,
        net: NetworkIR,
        xp=None,
        module=None,
        key: str | None = None,
    ):
        if manifest.get("abi") != ABI_VERSION:
            raise BrokenBuildError(f"{image} was built for another ABI; rebuild it.")
        if xp is None:
            from .device import import_cupy, select_device

            xp = import_cupy()
            select_device(int(manifest.get("device", 0)))
        self.xp, self._plan, self._net = xp, plan, net
        self._errors = _cuda_errors(xp)
        self._debug = bool(net.options.get("debug", False))
        self._module = module if module is not None else xp.RawModule(path=str(image))
        if key is not None:
            self._check_build_key(image, key)
        self._state = NetworkState(plan, net, xp)
        self._manifest = manifest
        self._reduce_threads = int(manifest["reduce_threads"])
        self._stops = manifest.get("stops", {})
        self._launches = self._prepare(manifest)
        self._record_fn = self._module.get_function("ann_record_spikes")
        self._recorders = RecorderSet(xp, self._record_spikes)
        self._step = 0
        self.snapshot()

    def _check_build_key(self, image: Path, key: str) -> None:
        """Refuse (``BrokenBuildError``: compile() rebuilds) an image without ``key``'s kernel."""
        try:
            self._module.get_function(key_kernel_name(key))
        except (*self._errors, LookupError, AttributeError):
            raise BrokenBuildError(
                f"The image {image} does not hold its build key: it was not built from this "
                "network's code."
            ) from None

    def _prepare(self, manifest: dict) -> list[tuple[int, str, object, tuple, tuple, int, int]]:
        """(phase, name, function, grid, block, guard, window) of each launch; ``guard``: the
        index of the enabled flag of the population the kernel works for, ``window``: that of
        the window of a firing-rate kernel (-1: always launched)."""
        out = []
        for item in manifest["launches"]:
            count = int(self._state.host_ints[item["count"]]) if item["count"] >= 0 else 0
            shape = launch_shape(item["kind"], count, int(manifest["reduce_threads"]))
            if shape is not None:
                fn = self._module.get_function(item["fn"])
                guard = int(item.get("guard", -1))
                window = int(item.get("window", -1))
                out.append((int(item["phase"]), item["fn"], fn, *shape, guard, window))
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
        flags = self._state.host_ints
        for phase in (0, 1):
            for kphase, name, fn, grid, block, guard, window in self._launches:
                if (
                    kphase == phase
                    and (guard < 0 or flags[guard])
                    and (window < 0 or flags[window])
                ):
                    self._launch(name, fn, grid, block, args)
            self._recorders.record(self._step, phase)
        self._step += 1
        if self._recorders.pending:
            self._recorders.raise_pending()

    def run(self, nsteps: int) -> None:
        """Simulate ``nsteps`` steps: launch the kernels of each step in order."""
        self._recorders.check_memory(self._step, int(nsteps))
        pointers = self._state.pointers
        first = self._step
        for _ in range(int(nsteps)):
            self._one_step(pointers)
        self._synchronize(first)

    def run_until(self, nsteps: int, owners: list[str], operator: str = "and") -> int:
        """Simulate at most ``nsteps`` steps; stop after the first step where the stop
        conditions of the populations ``owners`` hold together (``operator`` 'and') or for one
        of them ('or'). Returns the number of steps done (at least one when ``nsteps`` > 0);
        ``stopped`` then tells whether the conditions held at the last step."""
        stops = [self._stop_launch(owner) for owner in owners]
        flags = np.asarray([flag for _, _, flag in stops], dtype=np.int64)
        pointers, first, done = self._state.pointers, self._step, 0
        self.stopped = False
        grid, block = (1,), (self._reduce_threads,)
        while done < int(nsteps):
            self._one_step(pointers)
            done += 1
            args = (pointers, np.int64(self._step))  # t: the time after the step
            for name, fn, _ in stops:
                self._launch(name, fn, grid, block, args)
            hits = to_host(self._state.ints)[flags] != 0  # a few int64: one small copy
            if stops and (hits.any() if operator == "or" else hits.all()):
                self.stopped = True
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
        args = (
            channel.source,
            channel.count_view,
            channel.buffer,
            channel.ranks,
            channel.fill,
            np.int64(channel.rows),
            np.int64(step),
        )
        self._launch("ann_record_spikes", self._record_fn, (1,), (BLOCK,), args)

    # -- attributes ---------------------------------------------------------------------------
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

    # -- structural plasticity ----------------------------------------------------------------
    def set_connectivity(self, owner: str, csr, values: dict) -> None:
        """Give the projection ``owner`` a new connectivity, without recompiling.

        ``csr`` keeps the kind of delays of load time (``csr.delays`` in steps when they are
        non-uniform; one above the history of the pre-synaptic population grows it); ``values`` maps
        attribute names to their new per-synapse arrays (CSR order); arrays not given keep the
        values of the remaining synapses. Recorders of the projection record the new arrays
        (fetch what they hold first: the width changes).
        """
        item = self._projection(owner)
        check_connectivity(item, csr)
        self._prepare_connectivity(item, csr)
        new_item = dataclasses.replace(item, ir=dataclasses.replace(item.ir, connectivity=csr))
        keys = replace_connectivity(self._state, new_item, values)
        self._plan = self._state.plan
        self._remap_initial(owner, keys)
        self._remap_pending(owner, keys)
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
    def _spike_channel(self, item, owner: str) -> Channel:
        view = self._state.ints[item.int_nspikes : item.int_nspikes + 1]
        source = self._state.arrays[(owner, "_spiked")]
        return Channel("spike", source, True, count_view=view)

    def _array_channel(self, name: str, array, gather, phase: int) -> Channel:
        return Channel(name, array, False, gather=gather, phase=phase)

    # -- state --------------------------------------------------------------------------------
    def _host(self, array) -> np.ndarray:
        return to_host(array)

    def _device(self, host: np.ndarray):
        return self.xp.asarray(host)

    def _replace_array(self, slot, host: np.ndarray) -> None:
        self._state.replace_array(slot, host)

    def nbytes(self, owner: str) -> int:
        """Device bytes of every array of ``owner`` (attributes, connectivity, internals)."""
        self._plan.owner(owner)
        return sum(int(a.nbytes) for (o, _), a in self._state.arrays.items() if o == owner)

    def snapshot(self) -> None:
        """Take the current state as the one ``reset()`` returns to (done at load, and by
        ``ready()`` once core has set the values given before compile)."""
        self._initial = self._initial_arrays()

    def reset(self) -> None:
        """Back to the state at load (or at the last ``snapshot()``); recorders are kept."""
        for key, values in self._initial.items():
            self._state.arrays[key][...] = values
        for pop in self._plan.pops:
            self._state.set_int(pop.int_nspikes, 0)
            if pop.int_naxon >= 0:
                self._state.set_int(pop.int_naxon, 0)
        self._clear_rate_history()
        self._drop_pending()
        self._step = 0

    def close(self) -> None:
        """Release the device memory of the network."""
        self._recorders.recorders.clear()
        self._state.arrays.clear()
        self._initial = {}
