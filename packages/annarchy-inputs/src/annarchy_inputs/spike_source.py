"""``SpikeSourceArray``: neurons spiking at given times (special code kind ``spike_times``).

The native code sets the neuron's ``emit`` flag at the steps of its spike times (relative to the
last ``reset()``); the neuron model's spike condition ``emit > 0`` then emits the spike, so
recording, delays and refractoriness are the backend's usual ones.
"""

from __future__ import annotations

from numbers import Number

import numpy as np
from ANNarchy import Neuron, Population
from ANNarchy.errors import InvalidConfiguration
from ANNarchy.plugin import SpecialIR

from ._base import to_steps, write_runtime

SPIKE_TIMES = "spike_times"


def check_spike_times(who: str, spike_times) -> list[list[float]]:
    """A list (one neuron) or a list of lists of increasing times >= 0, as lists of floats."""
    if isinstance(spike_times, np.ndarray):
        spike_times = spike_times.tolist()
    if not isinstance(spike_times, (list, tuple)):
        raise InvalidConfiguration(
            f"{who}: spike_times must be a list of times (one neuron) or a list of lists."
        )
    if all(isinstance(t, Number) for t in spike_times):
        spike_times = [spike_times]
    out = []
    for rank, times in enumerate(spike_times):
        try:
            array = np.asarray(times, dtype=np.float64).reshape(-1)
        except (TypeError, ValueError):
            raise InvalidConfiguration(
                f"{who}: the spike times of neuron {rank} are not a list of numbers."
            ) from None
        if np.any(~np.isfinite(array)) or np.any(array < 0):
            raise InvalidConfiguration(f"{who}: the spike times of neuron {rank} must be >= 0.")
        if np.any(np.diff(array) < 0):
            raise InvalidConfiguration(
                f"{who}: the spike times of neuron {rank} are not sorted "
                f"({array.tolist()}); give them in increasing order."
            )
        out.append(array.tolist())
    if not out:
        raise InvalidConfiguration(f"{who}: spike_times needs at least one neuron.")
    return out


def spike_arrays(spike_times: list[list[float]], dt: float) -> dict[str, np.ndarray]:
    """``_times`` (steps, each neuron's sorted and without repeats) and ``_ptr`` (offsets)."""
    steps = [np.unique(to_steps(times, dt)) for times in spike_times]
    counts = np.array([len(s) for s in steps], dtype=np.int64)
    ptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    times = np.concatenate(steps).astype(np.int64) if steps else np.zeros(0, np.int64)
    return {"_times": times, "_ptr": ptr}


class SpikeSourceArray(Population):
    """Spiking neurons emitting spikes at the given times (ms, rounded to the nearest step).

    Parameters
    ----------
    spike_times : list of float or list of lists of float
        The times of one neuron, or one list per neuron (the population is 1D).
    name : str, optional
        Unique name of the population.
    copied : bool
        Kept for compatibility.
    net_id : int
        Id of the network (0: the magic network).

    Notes
    -----
    Times are relative to the start of the simulation, or to the last ``reset()`` or
    ``clear()``; as in the reference, the source's clock stands still while it is disabled.
    ``spike_times`` can be changed after ``compile()`` (same number of neurons); times already
    past are skipped.
    """

    def __init__(self, spike_times, name=None, copied=False, net_id=0):
        times = check_spike_times(f"SpikeSourceArray '{name or ''}'", spike_times)
        neuron = Neuron(
            parameters="emit = 0 : int",
            spike="emit > 0",
            name="Spike source",
            description="Spikes at given times.",
        )
        super().__init__(len(times), neuron, name=name, net_id=net_id)
        self._times = times

    @property
    def spike_times(self) -> list[list[float]]:
        """The spike times (ms) of each neuron."""
        return [list(t) for t in self._times]

    @spike_times.setter
    def spike_times(self, value) -> None:
        times = check_spike_times(f"SpikeSourceArray '{self.name}'", value)
        if len(times) != self.size:
            raise InvalidConfiguration(
                f"SpikeSourceArray '{self.name}': {len(times)} lists of spike times for "
                f"{self.size} neurons; the number of neurons cannot change."
            )
        self._times = times
        if self._net is not None and self._runtime() is not None:
            data = spike_arrays(times, self._net.dt)
            data["_cursor"] = np.zeros(self.size, np.int64)
            write_runtime(self, data)

    def _special_ir(self) -> SpecialIR:
        state = {"_cursor": np.zeros(self.size, np.int64), "_t0": np.array(0, np.int64)}
        return SpecialIR(SPIKE_TIMES, data=spike_arrays(self._times, self._net.dt), state=state)

    def reset(self, attributes=None) -> None:
        """Replay the spike times from now on (they become relative to the current time).

        Parameters
        ----------
        attributes : list of str, optional
            The attributes to reset, as in ``Population.reset`` (all by default); the spike
            times are replayed in any case.
        """
        super().reset(attributes)
        self._restart()

    def clear(self) -> None:
        """Forget the spikes emitted so far (see ``Population.clear()``) and replay the spike
        times from now on (they become relative to the current time)."""
        super().clear()
        self._restart()

    def _restart(self) -> None:
        runtime = self._runtime()
        if runtime is not None:
            state = {"_cursor": np.zeros(self.size, np.int64), "_t0": runtime.step}
            write_runtime(self, state)
            if not self.enabled:
                self.__dict__["_disabled_at"] = runtime.step

    def _set_enabled(self, flag: bool) -> None:
        """As the reference, the source's clock stands still while it is disabled: its
        remaining spike times are emitted that much later once it is enabled again."""
        runtime, was = self._runtime(), self.__dict__.get("enabled", True)
        super()._set_enabled(flag)
        if runtime is None:
            return
        if not flag:
            if was or self.__dict__.get("_disabled_at") is None:
                self.__dict__["_disabled_at"] = runtime.step
            return
        since = self.__dict__.pop("_disabled_at", None)
        if since is not None:
            t0 = int(np.asarray(runtime.get(self.owner, "_t0")).reshape(-1)[0])
            write_runtime(self, {"_t0": t0 + runtime.step - since})
