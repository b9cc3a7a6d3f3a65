"""What core expects from a backend plugin and from the runtime it loads.

A backend turns the network IR into something that runs: ``generate()`` writes sources,
``build()`` compiles them (or does nothing), ``load()`` returns a `Runtime`. Methods a
runtime may offer beyond `Runtime` are the ``Supports*`` protocols of
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
    for projections (the ``id`` of ``PopulationIR`` and ``ProjectionIR``). Core calls these
    methods from ``compile()`` on (initial values, monitors), while simulating and when the
    user reads or writes an attribute. Optional features (stop conditions, delays changed after
    compile, saved internal state...) are the ``Supports*`` protocols of
    ``ANNarchy.core.capabilities``.

    Attributes
    ----------
    step : int
        The number of steps simulated since step 0 (``run`` advances it by its ``nsteps``);
        core reads it after each run and writes it after ``reset()`` and ``load()``
        (``set_current_step``).
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
        """Set attribute ``name`` of ``owner`` (at compile for the values given before it, then
        whenever the user assigns one).

        Parameters
        ----------
        owner : str
            ``'pop<id>'`` or ``'proj<id>'``.
        name : str
            A parameter or variable of the neuron or synapse.
        values : numpy.ndarray or float
            The new values, in the shape and order ``get`` returns.
        """

    def run(self, nsteps: int) -> None:
        """Simulate ``nsteps`` steps of ``dt``, recording as the recorders ask; ``step``
        advances by ``nsteps``. Core may split a simulation into several calls (callbacks of
        ``every()``, structural plasticity rules, progress bar).

        Parameters
        ----------
        nsteps : int
            Number of steps to simulate (at least 1).
        """

    def set_constant(self, name: str, value: float) -> None:
        """Set the global constant ``name``: at compile, after ``reset()`` and each time the
        user changes its value.

        Parameters
        ----------
        name : str
            The name of a ``Constant`` of the network (as in ``NetworkIR.constants``).
        value : float
            Its new value, used by the next step.
        """

    def set_learning(self, owner: str, enabled: bool) -> None:
        """Switch the plasticity of projection ``owner`` on or off (at compile when learning
        was disabled before, then on each ``enable_learning()``/``disable_learning()``).

        Parameters
        ----------
        owner : str
            ``'proj<id>'``.
        enabled : bool
            False: the synapse equations are no longer updated and the spike events
            (``pre_spike``/``post_spike``) no longer change ``w``; transmission goes on.
        """

    def add_recorder(self, owner: str, names: list[str], period: int, offset: int) -> int:
        """Record ``names`` of ``owner`` at the steps ``t >= offset`` where
        ``(t - offset) % period == 0`` (the monitor's ``period`` and ``period_offset`` in
        steps). Called at compile for each monitor and when a monitor starts.

        Parameters
        ----------
        owner : str
            The recorded population or projection.
        names : list of str
            Attribute names, or ``'spike'`` for the spikes of a population.
        period : int
            Recording period in steps (at least 1).
        offset : int
            First step recorded (at least 0; it may exceed ``period``).

        Returns
        -------
        int
            The id of the recorder, for ``fetch``/``pause``/``resume``/``remove``.
        """

    def fetch(self, rec_id: int) -> dict[str, np.ndarray]:
        """The values recorded since the last fetch, which the runtime then forgets.

        Parameters
        ----------
        rec_id : int
            An id returned by ``add_recorder``.

        Returns
        -------
        dict
            By recorded name: an array of one row per record (each row shaped as ``get``
            returns), or for ``'spike'`` a tuple ``(steps, ranks)`` of two 1-d integer arrays
            holding the step and the rank of each spike.
        """

    def pause(self, rec_id: int) -> None:
        """Stop recording; the recorder and what it holds are kept (``Monitor.pause()``).

        Parameters
        ----------
        rec_id : int
            An id returned by ``add_recorder``.
        """

    def resume(self, rec_id: int) -> None:
        """Record again after ``pause`` (``Monitor.resume()``).

        Parameters
        ----------
        rec_id : int
            An id returned by ``add_recorder``.
        """

    def remove(self, rec_id: int) -> None:
        """Delete the recorder and what it holds (core fetches it first); the id is not used
        again by core.

        Parameters
        ----------
        rec_id : int
            An id returned by ``add_recorder``.
        """

    def reset(self) -> None:
        """Return to the state just after ``compile()`` (values, spikes, delays, step 0)."""


class Backend(Protocol):
    """A backend plugin, registered with the ``register_backends`` hook under a paradigm name
    (``net.config(paradigm=name)``).

    ``compile()`` calls ``available()``, then ``generate()``, ``build()`` and ``load()`` in
    this order, once per compiled network.

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
        """Whether it can run here, checked by ``compile()`` before anything is generated.

        Returns
        -------
        tuple of (bool, str)
            ``(True, '')``, or ``(False, reason)`` with a reason the error message quotes
            (missing compiler, no GPU...).
        """

    def generate(self, net: NetworkIR) -> dict[str, str]:
        """The sources of ``net``.

        Parameters
        ----------
        net : NetworkIR
            The validated network IR (structure, sizes, connectivity and initial values).

        Returns
        -------
        dict of str to str
            The text of each file by file name (empty when nothing is built). The same
            structure should give the same sources, so that a build cache keyed on them hits.
        """

    def build(self, sources: dict[str, str], options: BuildOptions) -> BuildResult:
        """Compile ``sources`` under ``options.directory``, or take them from a cache.

        Parameters
        ----------
        sources : dict of str to str
            What ``generate`` returned.
        options : BuildOptions
            Directory, compiler, flags, ``clean`` (ignore the cache), ``silent`` and threads.

        Returns
        -------
        BuildResult
            What ``load`` receives.
        """

    def load(self, build: BuildResult, net: NetworkIR) -> Runtime:
        """The runtime of ``net``, loaded from ``build``.

        Parameters
        ----------
        build : BuildResult
            What ``build`` returned.
        net : NetworkIR
            The network ``generate`` received: sizes, connectivity and initial values of the
            state to allocate.

        Returns
        -------
        Runtime
            The loaded network at step 0.

        Raises
        ------
        BrokenBuildError
            The cached library cannot be loaded (damaged, or built from other sources); core
            then builds again once with ``clean=True``.
        """
