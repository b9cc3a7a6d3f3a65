"""Control of populations after compile, shared by the code-generating runtimes.

``enable()``/``disable()`` switch an integer flag per population (``PopPlan.int_enabled``):
the kernels of a disabled population (its update, special code, history, global operations,
firing rate) and those of the projections leading to it (weighted sums, spike propagation,
learning, post-synaptic events) are skipped, so its state stays as it is; it emits no spikes.
``clear()`` forgets the spikes of a spiking population (last spike times, refractory counters,
spikes in flight to delayed projections, firing-rate history). ``compute_firing_rate(window)``
counts the spikes of each neuron over the last ``int(window / dt)`` steps (a ring of one bit per
step and neuron, ``_fr_bits``) and writes ``r = count * 1000 / window`` after each step's spikes.

A runtime mixing `PopulationControl` in provides ``_plan``, ``_net``, ``_state``
(``arrays``, ``set_int``), ``step``, ``_host``/``_device`` and ``_replace_array(slot, host)``.
"""

from __future__ import annotations

import re

import numpy as np
from ANNarchy.errors import BackendCapabilityError, InvalidConfiguration

from annarchy_codegen.layout import NetPlan, PopPlan, ProjPlan
from annarchy_codegen.state import NEVER, SINCE_ALWAYS

#: kernel names end with the owner they work for (``update_pop0``, ``learn_proj1_global``)
_KERNEL_OWNER = re.compile(r"_(pop\d+|proj\d+)(?:_global)?$")


def guard_pop(plan: NetPlan, fn: str) -> PopPlan | None:
    """The population whose ``enabled`` flag gates the kernel ``fn`` (None: always run): the
    population itself, or the post-synaptic population of a projection."""
    match = _KERNEL_OWNER.search(fn)
    if match is None:
        return None
    item = plan.owner(match.group(1))
    return plan.pop(item.ir.post) if isinstance(item, ProjPlan) else item


def window_steps(window: float, dt: float) -> int:
    """Steps of a firing-rate window of ``window`` ms (truncated, as the reference)."""
    return int(float(window) / float(dt))


def moved_bits(bits: np.ndarray, size: int, old: int, new: int, step: int) -> np.ndarray:
    """The ring of ``old`` steps ``bits`` (``size`` rows of bytes) as a ring of ``new`` steps:
    the spikes of the last ``min(old, new)`` steps (before ``step``) keep their step."""
    new_bytes = (new + 7) // 8
    if old <= 0 or size == 0:
        return np.zeros(size * new_bytes, dtype=np.uint8)
    flags = np.unpackbits(bits.reshape(size, -1), axis=1, bitorder="little")[:, :old]
    positions = np.arange(old)
    steps = step - 1 - ((step - 1 - positions) % old)  # the step each position holds
    keep = steps >= step - new
    out = np.zeros((size, new_bytes * 8), dtype=np.uint8)
    out[:, steps[keep] % new] = flags[:, keep]
    return np.packbits(out, axis=1, bitorder="little").reshape(-1)


class PopulationControl:
    """``set_enabled``, ``clear_spikes`` and ``set_firing_rate`` of a runtime (see module)."""

    def _population(self, owner: str) -> PopPlan:
        item = self._plan.owner(owner)
        if not isinstance(item, PopPlan):
            raise InvalidConfiguration(f"'{owner}' is not a population.")
        return item

    def _int_value(self, index: int) -> int:
        ints = getattr(self._state, "host_ints", None)
        return int((ints if ints is not None else self._host(self._state.ints))[index])

    def set_enabled(self, owner: str, flag: bool) -> None:
        """Update the population ``owner`` (and the projections leading to it) or not."""
        pop = self._population(owner)
        self._state.set_int(pop.int_enabled, int(bool(flag)))

    def enabled(self, owner: str) -> bool:
        return bool(self._int_value(self._population(owner).int_enabled))

    def clear_spikes(self, owner: str) -> None:
        """Forget the spikes of ``owner``: last spike times, refractory counters, spikes of the
        last step and those in flight to delayed projections, firing-rate history."""
        pop = self._population(owner)
        if not pop.spiking:
            return
        self._state.set_int(pop.int_nspikes, 0)
        if pop.int_naxon >= 0:
            self._state.set_int(pop.int_naxon, 0)
        for name in ("_refr", "_ring_n", "_fr_count", "_fr_bits"):
            if name in pop.internal:
                self._state.arrays[(owner, name)][...] = 0
        self._state.arrays[(owner, "_last")][...] = NEVER
        self._drop_pending(pop.ir.id)

    def _drop_pending(self, pre: int | None = None) -> None:
        """Forget the spikes in flight queued when per-synapse delays changed (those of the
        projections from the population of id ``pre``; all with None): ``reset()``, ``clear()``."""
        for proj in self._plan.projs:
            if proj.int_pending >= 0 and pre in (None, proj.ir.pre):
                self._state.set_int(proj.int_pending, 0)
                self._state.set_int(proj.int_since, SINCE_ALWAYS)

    def _clear_rate_history(self) -> None:
        """Forget the spikes counted by every firing-rate window (``reset()``)."""
        for pop in self._plan.pops:
            for name in ("_fr_count", "_fr_bits"):
                if name in pop.internal:
                    self._state.arrays[(pop.owner, name)][...] = 0

    def set_firing_rate(self, owner: str, window: float) -> None:
        """Compute ``r`` of ``owner`` over the last ``window`` ms from the next step on; the
        spikes already counted stay counted when they fall in the new window."""
        pop = self._population(owner)
        if pop.int_fr_window < 0:
            raise BackendCapabilityError(
                f"Population '{pop.ir.name}': this backend cannot compute firing rates over a "
                "window; record 'spike' with a Monitor and use its mean_fr()/smoothed_rate()."
            )
        new = window_steps(window, self._net.dt)
        if new < 1:
            raise InvalidConfiguration(
                f"Population '{pop.ir.name}': compute_firing_rate(window={window}) needs a "
                f"window of at least one step (dt = {self._net.dt} ms)."
            )
        old = self._int_value(pop.int_fr_window)
        slot = pop.internal["_fr_bits"]
        bits = np.asarray(self._host(self._state.arrays[(owner, "_fr_bits")]))
        moved = moved_bits(bits, pop.ir.size, old, new, self.step)
        self._replace_array(slot, moved)
        counts = np.unpackbits(moved.reshape(pop.ir.size, -1), axis=1).sum(axis=1)
        self._state.arrays[(owner, "_fr_count")][...] = self._device(counts.astype(np.int32))
        self._state.arrays[(owner, "_fr_rate")][...] = 1000.0 / float(window)
        self._state.set_int(pop.int_fr_window, new)
