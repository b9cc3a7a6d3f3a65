"""The runtime of a loaded network: ctypes over the generated library, numpy over its state."""

from __future__ import annotations

import ctypes
import dataclasses
from pathlib import Path

import numpy as np
from ANNarchy.errors import BrokenBuildError, InvalidConfiguration
from ANNarchy.plugin import NetworkIR
from annarchy_codegen.runtime_parts import ArrayRuntime
from annarchy_codegen.state import check_connectivity

from . import native
from .cache import check_build_key, close_library, open_checked
from .codegen import ABI_VERSION, step_calls
from .layout import INT_STEP, NetPlan
from .profiling import profile_slot, profiled, read_profile
from .recorders import Channel, Recorder, RecorderSet
from .special import is_special, set_array
from .state import NetworkState, replace_connectivity
from .threads import prepare_openmp


def open_library(path: Path, key: str | None = None) -> ctypes.CDLL:
    """Load the library at ``path``; with ``key``, refuse one that reports another build key
    (``BrokenBuildError``: ``compile()`` rebuilds it)."""
    prepare_openmp()
    lib = open_checked(path)
    if key is not None:
        check_build_key(lib, path, key)
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
        close_library(lib)
        raise BrokenBuildError(f"The library {path} was built for another ABI; rebuild it.")
    return lib


class OpenMPRuntime(ArrayRuntime):
    """A loaded network (see the Runtime protocol of ``ANNarchy.core.backend``; the methods
    shared with the cuda backend are in ``annarchy_codegen.runtime_parts``).

    Population attributes are returned as writable numpy views of the simulated state. Synaptic
    attributes are exchanged in CSR order (views for CSR and full dense storage).
    """

    _recorder = Recorder
    stopped = False  # set by run_until: whether the stop conditions held at its last step

    def __init__(self, library: Path, plan: NetPlan, net: NetworkIR, key: str | None = None):
        self._lib = open_library(library, key)
        self._plan = plan
        self._net = net
        self._state = NetworkState(plan, net)
        self._timings, self._labels = self._attach_timings(plan, net)
        self._recorders = RecorderSet(self._state)
        self._initial: dict | None = None  # taken by ready() or before the first run

    def _attach_timings(self, plan: NetPlan, net: NetworkIR):
        """(timing array, label of each call) of a profiled build (``profiling``), handed to
        the library in the pointer table's extra last slot; (None, []) otherwise."""
        if not profiled(net):
            return None, []
        labels = [call.label for call in step_calls(plan)[1]]
        timings = np.zeros(2 * len(labels), dtype=np.float64)
        pointers = np.zeros(profile_slot(plan) + 1, dtype=np.uint64)
        pointers[: len(self._state.pointers)] = self._state.pointers
        pointers[profile_slot(plan)] = timings.ctypes.data
        self._state.pointers = pointers
        return timings, labels

    # -- profile ------------------------------------------------------------------------------
    def profile(self, clear: bool = False) -> dict[str, dict[str, float]]:
        """``{label: {'seconds': s, 'calls': n}}``: the time spent in each phase of the steps
        run so far (``profiling``); ``clear`` starts the measurement again."""
        if self._timings is None:
            raise InvalidConfiguration(
                "The network was compiled without profiling; compile it with "
                "compile(profile_enabled=True) to measure its phases."
            )
        out = read_profile(self._timings, self._labels)
        if clear:
            self._timings[:] = 0.0
        return out

    # -- time ---------------------------------------------------------------------------------
    @property
    def step(self) -> int:
        return int(self._state.ints[INT_STEP])

    @step.setter
    def step(self, value: int) -> None:
        self._state.ints[INT_STEP] = int(value)

    def run(self, nsteps: int) -> None:
        """Simulate ``nsteps`` steps in the library (returns early only to drain recorders);
        a recording that would not fit in memory raises ``RecordingMemoryError`` first."""
        if self._initial is None:
            self.snapshot()
        remaining = int(nsteps)
        self._recorders.check_run(self._state.ints[INT_STEP], remaining)
        address = self._state.pointers.ctypes.data
        while remaining > 0:
            done = self._lib.ann_run(address, remaining)  # < 0: a buffer is nearly full
            remaining -= abs(done)
            if done < 0:
                self._recorders.drain_full()

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
        if self._recorders.blocked:
            self._recorders.drain_full()
        stopped, done = ctypes.c_int64(0), 0
        address = self._state.pointers.ctypes.data
        any_pop = int(operator == "or")
        while done < nsteps:
            left = int(nsteps) - done
            flag = ctypes.byref(stopped)
            ran = self._lib.ann_run_until(address, left, pops.ctypes.data, len(ids), any_pop, flag)
            done += abs(ran)
            if ran < 0:
                self._recorders.drain_full()
            if stopped.value:
                break
        self.stopped = bool(stopped.value)
        return done

    # -- attributes ---------------------------------------------------------------------------
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
        if gather is None and _frozen_fit(values, array):
            self._adopt((owner, name), values)  # read-only values: kept, not copied
            return
        if not array.flags.writeable:  # values adopted before: copied on the first write
            array = self._adopt((owner, name), array.copy())
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

    # -- structural plasticity ----------------------------------------------------------------
    def set_connectivity(self, owner: str, csr, values: dict) -> None:
        """Give the projection ``owner`` a new connectivity, without recompiling.

        ``csr`` keeps the same kind of delays as at load (``csr.delays`` in steps when they are
        non-uniform; one above the history of the pre-synaptic population grows it). ``values`` maps
        attribute names to their new per-synapse arrays (CSR order); arrays not given keep the
        values of the remaining synapses. Recorders of the projection now record the new
        arrays: fetch what they hold before the call (the width changes).
        """
        item = self._projection(owner)
        check_connectivity(item, csr)
        self._prepare_connectivity(item, csr)
        new_item = dataclasses.replace(item, ir=dataclasses.replace(item.ir, connectivity=csr))
        if self._initial is None:
            self.snapshot()
        keys = replace_connectivity(self._state, new_item, values)
        self._plan = self._state.plan
        self._remap_initial(owner, keys)
        self._remap_pending(owner, keys)
        self._retarget_recorders(owner)

    def _adopt(self, key: tuple[str, str], array: np.ndarray) -> np.ndarray:
        """``array`` becomes the array of ``key`` (same type and shape): the library's pointer
        and the recorders follow. Read-only arrays (values the library never writes, e.g. the
        connector's weights of a non-plastic projection) are shared with core's copies for
        ``reset()`` and copied on the first write."""
        slot = next(s for s in self._plan.slots if (s.owner, s.name) == key)
        self._state.arrays[key] = array
        self._state.pointers[slot.slot] = array.ctypes.data
        if any(r.owner == key[0] for r in self._recorders.recorders.values()):
            self._retarget_recorders(key[0])
        return array

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
    def _spike_channel(self, item, owner: str) -> Channel:
        source = self._state.arrays[(owner, "_spiked")]
        return Channel("spike", source, True, aux=item.int_nspikes)

    def _array_channel(self, name: str, array, gather, phase: int) -> Channel:
        return Channel(name, array, False, gather=gather, phase=phase)

    # -- state --------------------------------------------------------------------------------
    def _replace_array(self, slot, host: np.ndarray) -> None:
        """``host`` becomes the array of ``slot`` (its length may differ)."""
        array = np.ascontiguousarray(host, dtype=slot.dtype).copy()
        self._state.arrays[(slot.owner, slot.name)] = array
        self._state.pointers[slot.slot] = array.ctypes.data

    def spike_lists(self, steps: np.ndarray, groups: np.ndarray, ngroups: int):
        """Lists of the steps of each group's spikes, built natively (see
        ``ANNarchy.plugin.SupportsSpikeLists``); None without the native extension."""
        return native.spike_lists(steps, groups, ngroups)

    def group_spikes(self, steps: np.ndarray, groups: np.ndarray, ngroups: int):
        """The steps of each group's spikes as flat arrays, grouped natively (see
        ``ANNarchy.plugin.SupportsSpikeGrouping``); None without the native extension."""
        return native.group_steps(steps, groups, ngroups)

    def snapshot(self) -> None:
        """Take the current state as the one ``reset()`` returns to (done at load)."""
        self._initial = self._initial_arrays()
        self._initial_ints = self._state.ints.copy()

    def reset(self) -> None:
        """Back to the state at load (or at the last ``snapshot()``); recorders are kept."""
        if self._initial is None:  # nothing ran since load
            self.snapshot()
        for key, values in self._initial.items():
            target = self._state.arrays[key]
            if values is target:
                continue
            if not values.flags.writeable or not target.flags.writeable:
                self._adopt(key, values if not values.flags.writeable else values.copy())
            else:
                target[...] = values
        for pop in self._plan.pops:
            self._state.ints[pop.int_nspikes] = self._initial_ints[pop.int_nspikes]
            if pop.int_naxon >= 0:
                self._state.ints[pop.int_naxon] = 0
        self._clear_rate_history()
        self._drop_pending()
        self.step = 0


def _frozen_fit(values, array: np.ndarray) -> bool:
    """Whether ``values`` is a read-only array the runtime can use as ``array`` itself."""
    return (
        isinstance(values, np.ndarray)
        and not values.flags.writeable
        and values.flags.c_contiguous
        and values.dtype == array.dtype
        and values.shape == array.shape
    )
