"""``Monitor``: records variables of populations, views, projections and dendrites.

The runtime records (``add_recorder``); the monitor pulls what was recorded since its last
visit (``fetch``) whenever data is asked for, so records accumulate across ``simulate()`` calls.
A record is taken at the end of step ``s`` when ``(s - offset) % period == 0``.
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidConfiguration
from .capabilities import SupportsSpikeGrouping, SupportsSpikeLists, supports
from .dendrite import Dendrite
from .monitor_spikes import SpikeAnalysis
from .monitor_target import owner_network, target_of
from .monitor_trains import NativeSpikes


def _steps(value, dt: float, what: str, owner: str, default: int) -> int:
    if value is None:
        return default
    steps = int(round(float(value) / dt))
    if steps < 0 or (what == "period" and steps < 1):
        raise InvalidConfiguration(f"{owner}: {what} must be at least dt ({dt} ms), got {value}.")
    return steps


class Monitor(SpikeAnalysis):
    """Records variables of a ``Population``, ``PopulationView``, ``Dendrite`` or ``Projection``.

    Returned by ``Network.monitor()``; creating one directly adds it to the magic network.

    Parameters
    ----------
    obj : Population, PopulationView, Dendrite or Projection
        The recorded object.
    variables : str or list of str
        Variables to record (``'spike'`` for spiking populations, ``'sum(exc)'`` for weighted
        sums of rate-coded ones).
    period : float, optional
        Interval between two records in ms (default: dt).
    period_offset : float, optional
        Offset of the records within the period, in ms (default: 0).
    start : bool
        Whether recording starts at ``compile()`` (or at once when already compiled).
    name : str, optional
        Unique name in the network.
    net_id : int
        Id of the network (0: the magic network).
    """

    def __init__(
        self, obj, variables=(), period=None, period_offset=None, start=True, name=None, net_id=0
    ):
        from .registry import network_by_id

        net = network_by_id(net_id)
        if net_id == 0:
            net = owner_network(obj) or net
        self.object = obj
        self._user_name = name
        self.name = name
        self._net = net
        self._target = target_of(obj, net)
        self._set_variables(variables)
        self._set_period(period, period_offset)
        self._state = "idle"
        self._rec_id = None
        self._chunks: dict[str, list] = {v: [] for v in self._variables}
        self._segments: dict[str, dict] = {}
        self._last_times: dict[str, dict] = {}
        net._add_monitor(self)
        if start:
            self.start()

    # ----------------------------------------------------------- settings
    def _set_variables(self, variables) -> None:
        names = [variables] if isinstance(variables, str) else list(variables)
        if not names:
            raise InvalidConfiguration(
                f"Monitor on {self._target.label}: give at least one variable to record."
            )
        self._runtime_names = {v: self._target.runtime_name(v) for v in names}
        self._variables = names

    def _set_period(self, period, offset) -> None:
        dt = self._net.dt
        label = f"Monitor on {self._target.label}"
        self._period_steps = _steps(period, dt, "period", label, 1)
        self._offset_steps = _steps(offset, dt, "period_offset", label, 0)

    @property
    def variables(self) -> list[str]:
        """Current list of recorded variables."""
        return list(self._variables)

    @property
    def period(self) -> float:
        """Period of recording in ms."""
        return self._period_steps * self._net.dt

    @property
    def period_offset(self) -> float:
        """Offset of recording within a period, in ms."""
        return self._offset_steps * self._net.dt

    # ------------------------------------------------------------ runtime
    def _runtime(self):
        return self._net._runtime

    def _now(self) -> int:
        return self._net.current_step

    def _register(self) -> None:
        """Create the runtime recorder (after compile)."""
        rt = self._runtime()
        owner = self._target.owner
        names = [self._runtime_names[v] for v in self._variables]
        self._rec_id = rt.add_recorder(owner, names, self._period_steps, self._offset_steps)
        if self._state == "paused":
            rt.pause(self._rec_id)

    def _on_compile(self) -> None:
        """Called by ``compile()`` once the runtime is loaded."""
        if self._state != "idle":
            self._register()
        if self._state == "recording":
            self._open_segment()

    def _detach(self) -> None:
        """Pull pending data and drop the runtime recorder (before a runtime reset)."""
        if self._rec_id is not None:
            self._pull()
            self._runtime().remove(self._rec_id)
            self._rec_id = None

    def _pull(self) -> None:
        rt = self._runtime()
        if rt is None or self._rec_id is None:
            return
        data = rt.fetch(self._rec_id)
        for var in self._variables:
            raw = data.get(self._runtime_names[var])
            if raw is not None:
                self._chunks.setdefault(var, []).append(self._target.select(var, raw))

    # ------------------------------------------------------------ control
    def _open_segment(self) -> None:
        now = self._now()
        for var in self._variables:
            self._segments.setdefault(var, {"start": [], "stop": []})["start"].append(now)

    def _close_segment(self) -> None:
        now = self._now()
        for var in self._variables:
            self._segments.setdefault(var, {"start": [], "stop": []})["stop"].append(now)

    def start(self, variables=None, period=None) -> None:
        """Start recording (again), optionally with other variables or another period.

        Parameters
        ----------
        variables : list of str, optional
            Variables to record (the current ones by default).
        period : float, optional
            Recording period in ms (the current one by default).
        """
        if variables is not None or period is not None:
            self._pull()
            if variables is not None:
                self._set_variables(variables)
            if period is not None:
                self._set_period(period, None)
            if self._rec_id is not None:
                self._runtime().remove(self._rec_id)
                self._rec_id = None
        if self._state == "paused" and self._rec_id is not None:
            self.resume()
            return
        self._state = "recording"
        if self._runtime() is not None:
            if self._rec_id is None:
                self._register()
            self._open_segment()

    def pause(self) -> None:
        """Pause the recording."""
        if self._state != "recording":
            return
        self._state = "paused"
        if self._rec_id is not None:
            self._runtime().pause(self._rec_id)
            self._close_segment()

    def resume(self) -> None:
        """Resume the recording (starts it if it was created with ``start=False``)."""
        if self._state == "idle":
            self.start()
            return
        if self._state != "paused":
            return
        self._state = "recording"
        if self._rec_id is not None:
            self._runtime().resume(self._rec_id)
            self._open_segment()

    def stop(self) -> None:
        """Stop recording and discard the data not retrieved yet."""
        if self._rec_id is not None:
            self._runtime().remove(self._rec_id)
            self._rec_id = None
        self._state = "idle"
        self._chunks = {v: [] for v in self._variables}
        self._segments = {}

    def reset(self) -> None:
        """Discard the recorded data and the recording times."""
        self._pull()
        self._chunks = {v: [] for v in self._variables}
        self._segments = {}
        if self._state == "recording" and self._runtime() is not None:
            self._open_segment()

    # --------------------------------------------------------------- data
    def get(self, variables=None, keep=False, reshape=True, force_dict=False):
        """The recorded values, then (unless ``keep``) empty the buffers.

        Parameters
        ----------
        variables : str or list of str, optional
            What to return (default: every recorded variable).
        keep : bool
            Keep the data in memory.
        reshape : bool
            Give population records the population's geometry (not for views).
        force_dict : bool
            Return a dictionary even for a single variable name.

        Returns
        -------
        numpy.ndarray or dict
            Arrays with time as the first axis; ``'spike'`` gives ``{rank: [steps]}``.
        """
        self._pull()
        single = isinstance(variables, str)
        names = self._variables if variables is None else ([variables] if single else variables)
        out = {}
        for var in names:
            if var not in self._variables:
                raise InvalidConfiguration(
                    f"Monitor on {self._target.label} does not record '{var}' "
                    f"(recorded: {', '.join(self._variables)})."
                )
            chunks = self._chunks.get(var, [])
            if not keep:
                self._chunks[var] = []
            out[var] = self._target.combine(var, chunks, reshape, self._native_spikes())
            del chunks
            self._update_times(var, keep)
        if single and not force_dict:
            return out[variables]
        return out

    def _native_spikes(self) -> NativeSpikes:
        """The runtime's native builders of spike lists and trains (None: numpy builds them)."""
        rt = self._runtime()
        return NativeSpikes(
            rt.spike_lists if supports(rt, SupportsSpikeLists) else None,
            rt.group_spikes if supports(rt, SupportsSpikeGrouping) else None,
        )

    def _take_spikes(self):
        """The recorded spikes as ``FlatTrains``, emptying the monitor like ``get('spike')``."""
        self._pull()
        chunks = self._chunks.get("spike", [])
        self._chunks["spike"] = []
        flat = self._target.flat_spikes(chunks, self._native_spikes())
        self._update_times("spike", False)
        return flat

    def _update_times(self, var: str, keep: bool) -> None:
        segment = self._segments.get(var, {"start": [], "stop": []})
        stops = list(segment["stop"])
        if self._state == "recording" and len(stops) < len(segment["start"]):
            stops.append(self._now())
        self._last_times[var] = {"start": list(segment["start"]), "stop": stops}
        if not keep:
            recording = self._state == "recording" and self._rec_id is not None
            self._segments[var] = {"start": [self._now()] if recording else [], "stop": []}

    def times(self, variables=None) -> dict:
        """Start and stop steps of the recordings returned by the last ``get()``.

        Parameters
        ----------
        variables : str or list of str, optional
            Variables (default: all).
        """
        names = [variables] if isinstance(variables, str) else (variables or self._variables)
        return {v: dict(self._last_times.get(v, {"start": [], "stop": []})) for v in names}

    def save(self, filename, variables=None, keep=False, reshape=False, force_dict=False):
        """Save the recorded values (then, unless ``keep``, empty the buffers as ``get()``).

        What is saved is what ``get()`` returns: the values of a single variable name
        directly, a dictionary ``{variable: values}`` for a list, for all variables, or with
        ``force_dict``. A ``.npy`` file holds that object (``numpy.save``; a dictionary as an
        object array: ``numpy.load(filename, allow_pickle=True).item()``); a ``.npz`` archive
        always holds one entry per variable name (an archive is a mapping); any other name is
        a pickle.

        Parameters
        ----------
        filename : str
            File to write (``.npy``, ``.npz``, else a pickle).
        variables : str or list of str, optional
            Variables to save (all recorded ones by default).
        keep : bool
            Keep the values in the monitor (otherwise they are emptied, as by ``get()``).
        reshape : bool
            Give the values the geometry of the population.
        force_dict : bool
            Save a dictionary even for a single variable name.
        """
        import pickle

        data = self.get(variables, keep=keep, reshape=reshape, force_dict=force_dict)
        single = isinstance(variables, str) and not force_dict
        name = str(filename)
        if name.endswith(".npz"):
            data = {variables: data} if single else data
            np.savez_compressed(
                filename, **{k: np.asarray(v, dtype=object) for k, v in data.items()}
            )
        elif name.endswith(".npy"):
            if isinstance(data, dict):
                data = np.array(data, dtype=object)
            np.save(filename, data, allow_pickle=True)
        else:
            with open(filename, "wb") as handle:
                pickle.dump(data, handle)

    def __repr__(self) -> str:
        return f"Monitor '{self.name}' on {self._target.label}: {', '.join(self._variables)}"


__all__ = ["Monitor", "Dendrite"]
