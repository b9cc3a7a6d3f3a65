"""Optional capabilities of a runtime, as ``runtime_checkable`` protocols.

The :class:`~ANNarchy.core.backend.Runtime` protocol lists what every backend's runtime must
offer. Everything else is optional: a runtime offers a capability by having its methods, and the
core asks with :func:`supports` (a feature it can do without) or :func:`require` (a feature the
user asked for: a clear :class:`~ANNarchy.errors.BackendCapabilityError` naming the backend when
it is missing). Owners are ``'pop<id>'`` and ``'proj<id>'``, as in ``Runtime``.

``isinstance`` on these protocols checks only that the members exist, not their signatures.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

from ..errors import BackendCapabilityError


@runtime_checkable
class SupportsStop(Protocol):
    """Stop conditions (``Network.simulate_until``)."""

    stopped: bool  # whether the conditions held at the last step run by ``run_until``

    def run_until(self, nsteps: int, owners: list[str], operator: str = "and") -> int:
        """Run at most ``nsteps`` steps; stop after the first step where the stop conditions of
        the populations ``owners`` hold together (``'and'``) or one of them holds (``'or'``).
        Returns the number of steps done and sets ``stopped``."""


@runtime_checkable
class SupportsEnable(Protocol):
    """Populations switched off and on (``Population.disable()`` / ``enable()``)."""

    def set_enabled(self, owner: str, flag: bool) -> None:
        """Skip (``flag`` False) or run again the updates of population ``owner``."""


@runtime_checkable
class SupportsClearSpikes(Protocol):
    """``Population.clear()``: forget spike times, refractory periods and spikes in flight."""

    def clear_spikes(self, owner: str) -> None:
        """Clear the spiking events emitted so far by population ``owner``."""


@runtime_checkable
class SupportsFiringRate(Protocol):
    """``Population.compute_firing_rate(window)``."""

    def set_firing_rate(self, owner: str, window: float) -> None:
        """Compute ``r`` of population ``owner`` from its spikes over the last ``window`` ms."""


@runtime_checkable
class SupportsDelays(Protocol):
    """Delays changed after ``compile()`` (``proj.delay = ...``)."""

    def set_delay(self, owner: str, steps) -> None:
        """New delays of projection ``owner``, in steps: one int or one per synapse."""


@runtime_checkable
class SupportsConnectivity(Protocol):
    """Synapses replaced after ``compile()`` (structural plasticity, ``load()``)."""

    def set_connectivity(self, owner: str, csr, values: dict) -> None:
        """Replace the synapses of projection ``owner`` by ``csr`` (a ``CSR``, with per-synapse
        delays in steps when they are not uniform) holding the synaptic ``values``."""


@runtime_checkable
class SupportsHistoryDepth(Protocol):
    """How far back the runtime keeps the outputs of a population (checked before new synapses
    with longer delays replace old ones)."""

    def history_depth(self, owner: str) -> int:
        """The number of past steps of spikes/rates kept for population ``owner`` (the
        largest delay, in steps, its projections can have without rebuilding)."""


@runtime_checkable
class SupportsLearningSchedule(Protocol):
    """``Projection.enable_learning(period=..., offset=...)``."""

    def set_learning_schedule(self, owner: str, period: int, offset: int) -> None:
        """Learn only at the steps ``t`` of projection ``owner`` where
        ``t % period == offset``."""


@runtime_checkable
class SupportsStateExport(Protocol):
    """The runtime's own arrays (spike histories, delayed values...) saved and loaded with
    ``save()``/``load()``."""

    def export_state(self, owner: str) -> dict[str, np.ndarray]:
        """Copies of the internal arrays of ``owner``, by name."""

    def import_state(self, owner: str, values: dict) -> None:
        """Set the internal arrays of ``owner`` (as returned by ``export_state``)."""


@runtime_checkable
class SupportsStateAdapt(Protocol):
    """Saved internal arrays fitted to a network built with other delays."""

    def adapt_state(self, owner: str, saved: dict, *steps) -> dict:
        """``saved`` fitted to the arrays of ``owner``; raises ``InvalidConfiguration`` when it
        cannot be."""


@runtime_checkable
class SupportsRecordingCheck(Protocol):
    """A check, before a simulation, that the recorders can hold its duration."""

    def check_recording(self, nsteps: int) -> None:
        """Raise ``RecordingMemoryError`` when recording ``nsteps`` more steps cannot fit."""


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
        """Bytes held by ``owner``, internal arrays included."""


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
