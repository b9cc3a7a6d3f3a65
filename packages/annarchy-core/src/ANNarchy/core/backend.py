"""What core expects from a backend plugin and from the runtime it loads.

A backend turns the network IR into something that runs: ``generate()`` writes sources,
``build()`` compiles them (or does nothing), ``load()`` returns a :class:`Runtime`. Methods a
runtime may offer beyond :class:`Runtime` are the ``Supports*`` protocols of
``ANNarchy.core.capabilities`` (all re-exported by ``ANNarchy.plugin``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from .network_ir import NetworkIR


@dataclass(frozen=True)
class BuildOptions:
    """What ``compile()`` passes to ``Backend.build``.

    Attributes
    ----------
    directory : Path
        Where generated sources and the build cache live.
    compiler, compiler_flags : str or None
        The user's choice of compiler and flags (None: the backend's default).
    clean : bool
        Rebuild even when the cache holds the same sources.
    silent : bool
        Print nothing.
    num_threads : int
        Threads requested for the simulation.
    add_sources : tuple of str
        Absolute paths of the user's C/C++ files to compile and link into the product
        (``compile(add_sources=...)``, checked by ``ANNarchy.core.build_inputs``).
    extra_libs : tuple of str
        Libraries and linker flags to link with (``-lname``, ``-Lpath``, absolute paths).
    debug_build : bool
        Build without optimisation, with debug information and runtime checks.
    profile_enabled : bool
        The product measures the time of each phase of a step (the network IR's
        ``options['profile_enabled']`` tells the code generator).
    """

    directory: Path
    compiler: str | None = None
    compiler_flags: str | None = None
    clean: bool = False
    silent: bool = False
    num_threads: int = 1
    add_sources: tuple[str, ...] = ()
    extra_libs: tuple[str, ...] = ()
    debug_build: bool = False
    profile_enabled: bool = False


@dataclass(frozen=True, kw_only=True)
class BuildResult:
    """What ``Backend.build`` returns and ``Backend.load`` receives.

    Attributes
    ----------
    key : str
        The content hash of the sources ('' when nothing is built).
    cached : bool
        True when nothing was compiled (a cached build, or a backend that builds nothing).
    library : Path or None
        The loadable artefact (a shared library, a CUDA image...); None when nothing is built.
    """

    key: str = ""
    cached: bool = False
    library: Path | None = None


class Runtime(Protocol):
    """A loaded network, as every backend's ``load()`` returns it.

    Owners name the objects of the network IR: ``'pop<id>'`` for populations, ``'proj<id>'``
    for projections. Optional features (stop conditions, delays changed after compile, saved
    internal state...) are the ``Supports*`` protocols of ``ANNarchy.core.capabilities``.

    Attributes
    ----------
    step : int
        The current step (read and written by core: ``set_current_step``).
    """

    step: int

    def get(self, owner: str, name: str) -> np.ndarray:
        """The values of attribute ``name`` of ``owner``.

        Parameters
        ----------
        owner : str
            ``'pop<id>'`` or ``'proj<id>'``.
        name : str
            A parameter or variable of the neuron or synapse.

        Returns
        -------
        numpy.ndarray
            One value (a 0-d array) for a global attribute, one per neuron for a population,
            one per synapse in CSR order (or one per post-synaptic neuron) for a projection.
        """

    def set(self, owner: str, name: str, values) -> None:
        """Set attribute ``name`` of ``owner``; ``values`` has the shape ``get`` returns."""

    def run(self, nsteps: int) -> None:
        """Simulate ``nsteps`` steps (recording as the recorders ask)."""

    def set_constant(self, name: str, value: float) -> None:
        """Set the global constant ``name`` (a ``Constant`` of the network)."""

    def set_learning(self, owner: str, enabled: bool) -> None:
        """Switch the plasticity of projection ``owner`` on or off."""

    def add_recorder(self, owner: str, names: list[str], period: int, offset: int) -> int:
        """Record ``names`` of ``owner`` at the steps ``t`` where ``t % period == offset``.

        Parameters
        ----------
        owner : str
            The recorded population or projection.
        names : list of str
            Attribute names, or ``'spike'`` for the spikes of a population.
        period : int
            Recording period in steps (at least 1).
        offset : int
            First step recorded, modulo ``period``.

        Returns
        -------
        int
            The id of the recorder, for ``fetch``/``pause``/``resume``/``remove``.
        """

    def fetch(self, rec_id: int) -> dict[str, np.ndarray]:
        """The values recorded since the last fetch, by name (then forgotten); spikes as
        ``(steps, ranks)`` arrays."""

    def pause(self, rec_id: int) -> None:
        """Stop recording (the recorder is kept)."""

    def resume(self, rec_id: int) -> None:
        """Record again after ``pause``."""

    def remove(self, rec_id: int) -> None:
        """Delete the recorder and what it holds."""

    def reset(self) -> None:
        """Return to the state just after ``compile()`` (values, spikes, delays, step 0)."""


class Backend(Protocol):
    """A backend plugin, registered with the ``register_backends`` hook under a paradigm name
    (``net.config(paradigm=name)``).

    Attributes
    ----------
    name : str
        The paradigm name.
    build_features : collection of str, optional
        The build arguments of ``compile()`` it honours among ``add_sources``, ``extra_libs``,
        ``debug_build`` and ``profile_enabled`` (see ``BuildOptions``); asking for another one
        raises ``BackendCapabilityError``. Absent: none.
    """

    name: str

    def available(self) -> tuple[bool, str]:
        """Whether it can run here, and why not (missing compiler, no GPU...)."""

    def generate(self, net: NetworkIR) -> dict[str, str]:
        """The sources for ``net``, by file name (empty when nothing is built)."""

    def build(self, sources: dict[str, str], options: BuildOptions) -> BuildResult:
        """Compile ``sources`` under ``options.directory`` (or take them from a cache)."""

    def load(self, build: BuildResult, net: NetworkIR) -> Runtime:
        """The runtime of ``net``, loaded from ``build``."""
