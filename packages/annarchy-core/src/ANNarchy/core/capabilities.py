"""Optional capabilities of a runtime, as ``runtime_checkable`` protocols.

The `Runtime` protocol lists what every backend's runtime must
offer. Everything else is optional: a runtime offers a capability by having its methods, and the
core asks with `supports` (a feature it can do without) or `require` (a feature the
user asked for: a clear `BackendCapabilityError` naming the backend when
it is missing). Owners are ``'pop<id>'`` and ``'proj<id>'``, as in ``Runtime``.

``isinstance`` on these protocols checks only that the members exist, not their signatures.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

from ..errors import BackendCapabilityError


@runtime_checkable
class SupportsStop(Protocol):
    """Stop conditions (``Network.simulate_until``).

    Attributes
    ----------
    stopped : bool
        Whether the stop conditions held at the last step run by ``run_until`` (a run that
        ends exactly at the stop cannot tell it from its count).
    """

    stopped: bool

    def run_until(self, nsteps: int, owners: list[str], operator: str = "and") -> int:
        """Run at most ``nsteps`` steps; stop after the first step where the stop conditions
        hold. Recorders record as in ``run``.

        Parameters
        ----------
        nsteps : int
            The most steps to run (``max_duration`` in steps, or the part of it up to the next
            structural plasticity rule).
        owners : list of str
            ``'pop<id>'`` of the populations whose ``stop_condition`` is checked (each has
            one).
        operator : str
            ``'and'``: stop when the conditions of all of them hold at the same step;
            ``'or'``: when one of them holds.

        Returns
        -------
        int
            The number of steps run (``step`` advanced by as many); ``stopped`` tells whether
            the last of them met the conditions.
        """


@runtime_checkable
class SupportsEnable(Protocol):
    """Populations switched off and on (``Population.disable()`` / ``enable()``)."""

    def set_enabled(self, owner: str, flag: bool) -> None:
        """Skip or run again the updates of a population (called at compile for a population
        disabled before, then on each ``enable()``/``disable()``).

        Parameters
        ----------
        owner : str
            ``'pop<id>'``.
        flag : bool
            False: the population and the projections leading to it are not updated (their
            variables keep their values) and it emits no spikes; True: updated again.
        """


@runtime_checkable
class SupportsClearSpikes(Protocol):
    """``Population.clear()``: forget spike times, refractory periods and spikes in flight."""

    def clear_spikes(self, owner: str) -> None:
        """Clear the spiking events emitted so far by a spiking population; its variables keep
        their values.

        Parameters
        ----------
        owner : str
            ``'pop<id>'`` of a spiking population: its last spike times, refractory counters,
            spikes of the last step and those still in flight to delayed projections, and the
            spikes counted by ``compute_firing_rate()`` are forgotten.
        """


@runtime_checkable
class SupportsFiringRate(Protocol):
    """``Population.compute_firing_rate(window)``."""

    def set_firing_rate(self, owner: str, window: float) -> None:
        """Compute ``r`` of a spiking population from its spikes over a sliding window
        (``r`` = spikes in the window * 1000 / ``window``, in Hz, after each step's spikes).
        Called when the user asks, and at compile for a window chosen before.

        Parameters
        ----------
        owner : str
            ``'pop<id>'`` of a spiking population.
        window : float
            Length of the window in ms (> 0; checked by core).
        """


@runtime_checkable
class SupportsDelays(Protocol):
    """Delays changed after ``compile()`` (``proj.delay = ...``)."""

    def set_delay(self, owner: str, steps) -> None:
        """New delays of a projection; core has checked that their kind (one delay for all
        synapses, or one per synapse) is the one the projection was compiled with.

        Parameters
        ----------
        owner : str
            ``'proj<id>'``.
        steps : numpy.int32 or numpy.ndarray
            The delays in steps (at least 1): one int32 for a projection compiled with one
            delay for all its synapses, an int32 array of one per synapse (CSR order) for one
            compiled with per-synapse delays. A delay longer than the history kept for the
            pre-synaptic population grows that history.
        """


@runtime_checkable
class SupportsConnectivity(Protocol):
    """Synapses replaced after ``compile()`` (structural plasticity, ``load()``)."""

    def set_connectivity(self, owner: str, csr, values: dict) -> None:
        """Replace the synapses of a projection without recompiling. Core fetches the
        recorders of the projection first (their width changes).

        Parameters
        ----------
        owner : str
            ``'proj<id>'``.
        csr : CSR
            The new synapses (``ANNarchy.plugin.CSR``); ``csr.delays`` holds per-synapse
            delays in steps when the projection was compiled with per-synapse delays (at most
            the history kept for the pre-synaptic population, see ``SupportsHistoryDepth``),
            None for one delay for all synapses.
        values : dict
            Attribute name to its values for the new synapses (one per synapse, CSR order;
            ``'w'`` always given); attributes not given keep the values of the synapses that
            remain.
        """


@runtime_checkable
class SupportsHistoryDepth(Protocol):
    """How far back the runtime keeps the outputs of a population (checked before new synapses
    with longer delays replace old ones)."""

    def history_depth(self, owner: str) -> int:
        """The number of past steps of spikes/rates kept for a population.

        Parameters
        ----------
        owner : str
            ``'pop<id>'`` (a projection keeps none: 0).

        Returns
        -------
        int
            The largest delay, in steps, its projections can have without rebuilding (0 when
            it keeps no history).
        """


@runtime_checkable
class SupportsLearningSchedule(Protocol):
    """``Projection.enable_learning(period=..., offset=...)``."""

    def set_learning_schedule(self, owner: str, period: int, offset: int) -> None:
        """Update the synapse equations of a projection only at the steps ``t`` where
        ``(t - offset) % period == 0``, with ``dt * period`` as their time step. Called at
        compile when the runtime offers it (a schedule other than every step requires it) and
        on each ``enable_learning(period=..., offset=...)`` after compile.

        Parameters
        ----------
        owner : str
            ``'proj<id>'``.
        period : int
            Steps between two updates (at least 1; 1: every step).
        offset : int
            The step of the first update within a period (``0 <= offset < period``).
        """


@runtime_checkable
class SupportsStateExport(Protocol):
    """The runtime's own arrays (spike histories, delayed values...) saved and loaded with
    ``save()``/``load()``."""

    def export_state(self, owner: str) -> dict[str, np.ndarray]:
        """Copies of the arrays that ``owner`` keeps besides its attributes (spikes of the last
        steps, refractory counters, delay rings, spike counts...), so that a saved network
        continues exactly once they are imported again.

        Parameters
        ----------
        owner : str
            ``'pop<id>'`` or ``'proj<id>'``.

        Returns
        -------
        dict of str to numpy.ndarray
            The arrays by name (``save()`` stores them besides the attributes); empty when
            it keeps none.
        """

    def import_state(self, owner: str, values: dict) -> None:
        """Set the internal arrays of ``owner`` (``load()``, or ``compile()`` after a
        ``load()`` before it).

        Parameters
        ----------
        owner : str
            ``'pop<id>'`` or ``'proj<id>'``.
        values : dict of str to numpy.ndarray
            Arrays with the names and shapes ``export_state(owner)`` returns (as fitted by
            ``adapt_state`` when the runtime offers it).

        Raises
        ------
        InvalidConfiguration
            A name or a shape does not fit this network.
        """


@runtime_checkable
class SupportsStateAdapt(Protocol):
    """Saved internal arrays fitted to a network built with other delays."""

    def adapt_state(self, owner: str, saved: dict, *steps) -> dict:
        """``saved`` fitted to the arrays of ``owner`` before ``import_state``.

        Parameters
        ----------
        owner : str
            ``'pop<id>'`` or ``'proj<id>'``.
        saved : dict of str to numpy.ndarray
            What ``export_state`` returned in the network that was saved (other delays may
            give rings of past steps of another length; a ``.mat`` file gives 2-d arrays).
        *steps : int
            The step at which the file was saved, then the step of this network once loaded
            (the same for ``Network.load``; a population or projection loaded alone keeps the
            network's time, so the steps of past events move by the difference).

        Returns
        -------
        dict of str to numpy.ndarray
            The arrays for ``import_state``: with the names and shapes of ``export_state`` in
            this network (arrays the file lacks are left out).

        Raises
        ------
        InvalidConfiguration
            An array cannot be fitted; core reports it as a ``StateMismatchError``.
        """


@runtime_checkable
class SupportsRecordingCheck(Protocol):
    """A check, before a simulation, that the recorders can hold its duration."""

    def check_recording(self, nsteps: int) -> None:
        """Refuse a simulation whose recording cannot fit in memory, before it runs
        (``simulate()`` checks its whole duration at once).

        Parameters
        ----------
        nsteps : int
            Steps about to be simulated.

        Raises
        ------
        RecordingMemoryError
            The active recorders would need more memory than is available for ``nsteps``
            more steps.
        """


@runtime_checkable
class SupportsReady(Protocol):
    """A call once ``compile()`` has set the initial values (to derive internal state)."""

    def ready(self) -> None:
        """All values of the compiled network are set."""


@runtime_checkable
class SupportsSnapshot(Protocol):
    """A state ``reset()`` returns to, taken again after ``load()`` before compile."""

    def snapshot(self) -> None:
        """Remember the current state as the one ``reset()`` restores."""


@runtime_checkable
class SupportsClose(Protocol):
    """Resources released when the network is cleared."""

    def close(self) -> None:
        """Release the loaded library, device memory, files..."""


@runtime_checkable
class SupportsMemoryReport(Protocol):
    """The memory held by a population or projection (``nbytes``)."""

    def nbytes(self, owner: str) -> int:
        """The memory held by ``owner`` (``Network.memory_footprint()``; without this
        capability core counts the attributes and connectivity it reads).

        Parameters
        ----------
        owner : str
            ``'pop<id>'`` or ``'proj<id>'``.

        Returns
        -------
        int
            Bytes of its attributes, connectivity and internal arrays.
        """


@runtime_checkable
class SupportsSpikeLists(Protocol):
    """Recorded spikes turned into the lists of ``Monitor.get('spike')`` natively."""

    def spike_lists(self, steps: np.ndarray, groups: np.ndarray, ngroups: int):
        """The steps of the spikes of each group as lists of Python ints.

        Parameters
        ----------
        steps : numpy.ndarray
            The step of each spike (int64), in the order of emission (never decreasing).
        groups : numpy.ndarray
            The group (position of the neuron among the recorded ones) of each spike; spikes
            with a group outside ``[0, ngroups)`` are left out.
        ngroups : int
            The number of groups.

        Returns
        -------
        list[list[int]] or None
            ``ngroups`` lists, each in ascending order of steps; None when this runtime cannot
            build them for these arrays (the core then groups the spikes with numpy).
        """


@runtime_checkable
class SupportsSpikeGrouping(Protocol):
    """Recorded spikes grouped by neuron natively (the flat trains of the spike analysis)."""

    def group_spikes(self, steps: np.ndarray, groups: np.ndarray, ngroups: int):
        """The steps of the spikes of each group, group after group.

        Parameters
        ----------
        steps, groups, ngroups
            As for `SupportsSpikeLists.spike_lists`.

        Returns
        -------
        tuple[numpy.ndarray, numpy.ndarray] or None
            ``(ptr, grouped)``: the steps of group ``g`` are ``grouped[ptr[g]:ptr[g + 1]]`` in
            ascending order (both int64, ``ptr`` of ``ngroups + 1`` bounds); None when this
            runtime cannot group these arrays (the core then sorts them with numpy).
        """


CAPABILITIES: dict[type, str] = {
    SupportsStop: "stop conditions (simulate_until)",
    SupportsEnable: "disabling and enabling populations",
    SupportsClearSpikes: "clearing spike histories",
    SupportsFiringRate: "computing firing rates (compute_firing_rate)",
    SupportsDelays: "changing delays after compile()",
    SupportsConnectivity: "changing the synapses of a compiled network",
    SupportsHistoryDepth: "reporting how many past steps it keeps",
    SupportsLearningSchedule: "learning only every period (enable_learning(period=...))",
    SupportsStateExport: "saving and loading its internal arrays",
    SupportsStateAdapt: "fitting saved internal arrays to other delays",
    SupportsRecordingCheck: "checking recorder capacity",
    SupportsReady: "a call when the compiled network is ready",
    SupportsSnapshot: "a reset state",
    SupportsClose: "releasing its resources",
    SupportsMemoryReport: "reporting its memory",
    SupportsSpikeLists: "building spike lists natively",
    SupportsSpikeGrouping: "grouping recorded spikes by neuron natively",
}


def supports(runtime, capability: type) -> bool:
    """Whether ``runtime`` offers the optional ``capability`` (one of the ``Supports*``
    protocols of this module, or any ``runtime_checkable`` protocol).

    Parameters
    ----------
    runtime : object or None
        A loaded runtime (None before ``compile()``: supports nothing).
    capability : type
        A ``runtime_checkable`` protocol.

    Returns
    -------
    bool
    """
    return runtime is not None and isinstance(runtime, capability)


def require(runtime, capability: type, what: str, backend: str | None, hint: str = ""):
    """``runtime`` itself when it offers ``capability``, else a clear error.

    Parameters
    ----------
    runtime : object
        A loaded runtime.
    capability : type
        A ``runtime_checkable`` protocol (e.g. ``SupportsEnable``).
    what : str
        What the user asked for, opening the message (e.g. ``"Population 'pop0': disable()"``).
    backend : str or None
        The name of the backend, quoted in the message.
    hint : str, optional
        What to do instead (default: use a backend that has the capability).

    Returns
    -------
    object
        ``runtime``, typed as ``capability``.

    Raises
    ------
    BackendCapabilityError
        The runtime lacks a member of ``capability``; the message names the backend, the
        capability and the missing members.
    """
    if supports(runtime, capability):
        return runtime
    members = [m for m in protocol_members(capability) if not hasattr(runtime, m)]
    label = CAPABILITIES.get(capability, capability.__name__)
    raise BackendCapabilityError(
        f"{what}: the '{backend}' backend does not support {label} (its runtime has no "
        f"{', '.join(members)}; {capability.__name__}); "
        f"{hint or 'use a backend that does, e.g. openmp'}."
    )


def protocol_members(capability: type) -> list[str]:
    """The names a runtime needs to offer ``capability``, sorted.

    Parameters
    ----------
    capability : type
        One of the ``Supports*`` protocols.

    Returns
    -------
    list of str
    """
    names = set()
    for klass in capability.__mro__:
        if klass is object or klass is Protocol or klass.__name__ == "Generic":
            continue
        names.update(n for n in vars(klass) if not n.startswith("_"))
        names.update(n for n in vars(klass).get("__annotations__", {}) if not n.startswith("_"))
    return sorted(names)
