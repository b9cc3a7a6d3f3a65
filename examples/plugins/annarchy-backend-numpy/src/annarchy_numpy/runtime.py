"""The runtime of a network interpreted with numpy (the ``Runtime`` protocol of
``ANNarchy.plugin``): attribute access, the step loop, recorders, constants, learning flags,
``reset()``."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from ANNarchy.errors import InvalidConfiguration
from ANNarchy.plugin import NetworkIR

from . import extras
from .simulation import Simulation
from .state import PopState, ProjState


@dataclass
class Recorder:
    """``names`` of ``owner`` recorded at the steps s >= offset with (s - offset) % period == 0;
    ``phases[name]`` is 0 for conductances of spiking populations (recorded as the step
    received them, before the neuron update), 1 for the rest (end of the step)."""

    item: PopState | ProjState
    names: list[str]
    period: int
    offset: int
    phases: dict[str, int]
    active: bool = True
    data: dict[str, list] = field(default_factory=dict)

    def due(self, step: int) -> bool:
        return self.active and step >= self.offset and (step - self.offset) % self.period == 0

    def record(self, step: int, phase: int) -> None:
        for name in self.names:
            if self.phases[name] != phase:
                continue
            if name == "spike":
                ranks = self.item.spiked
                self.data[name].append((np.full(len(ranks), step, dtype=np.int64), ranks))
            else:
                self.data[name].append(np.array(self.item.arrays[name]))

    def take(self) -> dict:
        out = {}
        for name in self.names:
            chunks, self.data[name] = self.data[name], []
            if name == "spike":
                steps = [c[0] for c in chunks] or [np.zeros(0, dtype=np.int64)]
                ranks = [c[1] for c in chunks] or [np.zeros(0, dtype=np.int64)]
                out[name] = (np.concatenate(steps), np.concatenate(ranks).astype(np.int64))
            else:
                shape = self.item.arrays[name].shape
                out[name] = np.array(chunks) if chunks else np.zeros((0, *shape))
        return out


class NumpyRuntime:
    """A network loaded by the numpy backend.

    Owners are ``'pop<id>'`` and ``'proj<id>'``; synaptic attributes are exchanged in CSR order.
    """

    def __init__(self, net: NetworkIR):
        self._sim = Simulation(net)
        self._recorders: dict[int, Recorder] = {}
        self._next_id = 0
        self._initial: dict | None = None
        self.step = 0
        self.stopped = False  # whether the stop conditions held at the last step of run_until

    # -- attributes ---------------------------------------------------------------------------
    def _array(self, owner: str, name: str) -> np.ndarray:
        item = self._sim.owner(owner)
        try:
            return item.arrays[name]
        except KeyError:
            raise InvalidConfiguration(f"'{owner}' has no attribute '{name}'.") from None

    def get(self, owner: str, name: str) -> np.ndarray:
        return self._array(owner, name)

    def set(self, owner: str, name: str, values) -> None:
        array = self._array(owner, name)
        try:
            array[...] = values
        except ValueError:
            raise InvalidConfiguration(
                f"Cannot set {owner}.{name} (shape {array.shape}) from values of shape "
                f"{np.shape(values)}."
            ) from None

    def set_constant(self, name: str, value: float) -> None:
        self._sim.constants[name] = float(value)

    def _projection(self, owner: str) -> ProjState:
        item = self._sim.owner(owner)
        if not isinstance(item, ProjState):
            raise InvalidConfiguration(f"'{owner}' is not a projection.")
        return item

    def set_learning(self, owner: str, enabled: bool) -> None:
        self._projection(owner).learn = bool(enabled)

    def set_learning_schedule(self, owner: str, period: int, offset: int) -> None:
        """Run the continuous update of ``owner`` at the steps s with (s - offset) % period
        == 0, with ``dt * period`` as its time step."""
        if int(period) < 1 or not 0 <= int(offset) < int(period):
            raise InvalidConfiguration(
                f"'{owner}': a learning period of {period} steps with offset {offset} is invalid."
            )
        proj = self._projection(owner)
        proj.period, proj.offset = int(period), int(offset)

    def _population(self, owner: str) -> PopState:
        item = self._sim.owner(owner)
        if not isinstance(item, PopState):
            raise InvalidConfiguration(f"'{owner}' is not a population.")
        return item

    def set_enabled(self, owner: str, flag: bool) -> None:
        """Update the population ``owner`` (and the projections leading to it) or not."""
        self._population(owner).enabled = bool(flag)

    def enabled(self, owner: str) -> bool:
        return self._population(owner).enabled

    def clear_spikes(self, owner: str) -> None:
        """Forget the spikes of ``owner``: last spike times, refractory counters, spikes of the
        last step and those in flight to delayed projections."""
        self._population(owner).clear_spikes()

    def set_delay(self, owner: str, steps) -> None:
        """Change the delays (in steps, at least 1) of the projection ``owner``: one value when
        it was compiled with one delay for all synapses, one per synapse (CSR order) when with
        per-synapse delays. The history of the pre-synaptic population grows when needed (the
        steps it did not keep read as zeros or without spikes, as in the reference)."""
        proj = self._projection(owner)
        extras.check_delays(proj, steps)
        need = int(np.max(steps)) if np.size(steps) else 1
        if need > proj.pre.depth:
            if self._initial is None:
                self.snapshot()
            saved = self._initial["pops"][proj.pre.ir.id]
            extras.grow_history(proj.pre, need, self.step, saved)
        if proj.delay == "nonuniform":
            proj.delays = np.asarray(steps, dtype=np.int64).copy()
        else:
            proj.uniform_delay = int(steps)

    # -- simulation ---------------------------------------------------------------------------
    def run(self, nsteps: int) -> None:
        """Simulate ``nsteps`` steps."""
        if self._initial is None:
            self.snapshot()
        for _ in range(int(nsteps)):
            self._sim.step(self.step, self._record)
            self.step += 1

    def run_until(self, nsteps: int, owners: list[str], operator: str = "and") -> int:
        """Simulate at most ``nsteps`` steps; stop after the first step where the stop
        conditions of the populations ``owners`` hold together (``operator`` 'and') or for one
        of them ('or'). Returns the number of steps done; ``stopped`` tells whether the
        conditions held at the last of them."""
        pops = []
        for owner in owners:
            item = self._sim.owner(owner)
            if getattr(item.ir, "stop_condition", None) is None:
                raise InvalidConfiguration(f"'{owner}' has no stop condition.")
            pops.append(item)
        if self._initial is None:
            self.snapshot()
        combine = any if operator == "or" else all
        self.stopped = False
        for done in range(1, int(nsteps) + 1):
            self._sim.step(self.step, self._record)
            self.step += 1
            if pops and combine(extras.stop_reached(self._sim, p, self.step) for p in pops):
                self.stopped = True
                return done
        return int(nsteps)

    def export_state(self, owner: str) -> dict[str, np.ndarray]:
        """Copies of what ``owner`` keeps besides its attributes (spikes of the last steps,
        refractory counters, delay rings, global operations, event steps), for ``save()``."""
        return extras.export_state(self._sim.owner(owner))

    def import_state(self, owner: str, values: dict) -> None:
        """Write back what ``export_state(owner)`` returned (same names and shapes)."""
        extras.import_state(self._sim.owner(owner), values)

    def adapt_state(self, owner: str, values: dict, step: int, now: int | None = None) -> dict:
        """What ``export_state(owner)`` returned at ``step``, fitted to this network at
        ``now`` (other delay rings, another time)."""
        item = self._sim.owner(owner)
        return extras.adapt_state(item, values, step, step if now is None else now)

    def history_depth(self, owner: str) -> int:
        """Steps of history a population keeps (0 for a projection)."""
        item = self._sim.owner(owner)
        return item.depth if isinstance(item, PopState) else 0

    def _record(self, step: int, phase: int) -> None:
        for recorder in self._recorders.values():
            if recorder.due(step):
                recorder.record(step, phase)

    def ready(self) -> None:
        """Core has set the values given before compile: delay rings take them, and
        ``reset()`` returns here."""
        for pop in self._sim.pops.values():
            pop.fill_history()
        self.snapshot()

    def snapshot(self) -> None:
        """Take the current state as the one ``reset()`` returns to."""
        self._initial = {
            "pops": {k: p.state() for k, p in self._sim.pops.items()},
            "projs": [p.state() for p in self._sim.projs],
        }

    def reset(self) -> None:
        """Back to the state at load (recorders are kept, with what they hold)."""
        if self._initial is None:
            self.snapshot()
        for key, pop in self._sim.pops.items():
            pop.restore(self._initial["pops"][key])
        for proj, saved in zip(self._sim.projs, self._initial["projs"], strict=True):
            proj.restore(saved)
        self.step = 0

    # -- recording ----------------------------------------------------------------------------
    def add_recorder(self, owner: str, names: list[str], period: int = 1, offset: int = 0) -> int:
        """Record ``names`` of ``owner`` every ``period`` steps from ``offset``."""
        item = self._sim.owner(owner)
        if int(period) < 1:
            raise InvalidConfiguration(f"A recording period must be >= 1 step, not {period}.")
        phases = {}
        for name in names:
            if name == "spike":
                if not getattr(item, "spiking", False) or isinstance(item, ProjState):
                    raise InvalidConfiguration(f"'{owner}' does not emit spikes.")
                phases[name] = 1
            else:
                self._array(owner, name)
                conductance = isinstance(item, PopState) and item.spiking
                conductance = conductance and name in {f"g_{t}" for t in item.targets}
                phases[name] = 0 if conductance else 1
        recorder = Recorder(item, list(names), int(period), int(offset), phases)
        recorder.data = {name: [] for name in names}
        rec_id, self._next_id = self._next_id, self._next_id + 1
        self._recorders[rec_id] = recorder
        return rec_id

    def _recorder(self, rec_id: int) -> Recorder:
        try:
            return self._recorders[rec_id]
        except KeyError:
            raise InvalidConfiguration(f"No recorder with id {rec_id}.") from None

    def fetch(self, rec_id: int) -> dict:
        return self._recorder(rec_id).take()

    def pause(self, rec_id: int) -> None:
        self._recorder(rec_id).active = False

    def resume(self, rec_id: int) -> None:
        self._recorder(rec_id).active = True

    def remove(self, rec_id: int) -> None:
        self._recorder(rec_id)
        del self._recorders[rec_id]
