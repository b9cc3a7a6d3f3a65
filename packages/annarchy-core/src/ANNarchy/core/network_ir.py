"""What a backend receives at ``compile()``: the network lowered to plain data.

Sizes, connectivity and values are data: the generated code must not depend on them, so that an
unchanged model structure never recompiles (see ``docs/internals.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from annarchy_parser.ir import FunctionDef, NeuronIR, SynapseIR


@dataclass(frozen=True)
class CSR:
    """Connectivity by post-synaptic neuron; rows are the post ranks with >= 1 synapse.

    Attributes
    ----------
    post_ranks : numpy.ndarray
        int32, one per row, ascending.
    row_ptr : numpy.ndarray
        int64, ``n_rows + 1`` offsets into ``pre_ranks``.
    pre_ranks : numpy.ndarray
        int32, one per synapse, ascending within a row.
    delays : numpy.ndarray or None
        int32 delays in steps, one per synapse, only when they are not uniform.
    """

    post_ranks: np.ndarray  # int32[n_rows], ascending
    row_ptr: np.ndarray  # int64[n_rows + 1]
    pre_ranks: np.ndarray  # int32[nnz], ascending within a row
    delays: np.ndarray | None = None  # int32[nnz] in steps, only when non-uniform

    @property
    def nnz(self) -> int:
        return int(self.row_ptr[-1]) if len(self.row_ptr) else 0

    @property
    def n_rows(self) -> int:
        return len(self.post_ranks)


@dataclass(frozen=True)
class SpecialIR:
    """Native code a plugin brings for one population or projection (``docs/internals.md``
    section 6): the backend looks up the generator registered for ``(backend, kind)``.

    ``data`` (inputs written from Python, kept by ``reset()``) and ``state`` (internal counters,
    restored by ``reset()``) map names to numpy arrays, flat (1-D) or 0-d for scalars. Their
    values and lengths are data: changing them never recompiles; their names and dtypes, the
    ``kind`` and the ``options`` (hashable values) are structure and may change the code.

    Attributes
    ----------
    kind : str
        Name of the special code (e.g. ``"current_injection"``).
    data : dict of str to numpy.ndarray
        Inputs written from Python, kept by ``reset()``.
    state : dict of str to numpy.ndarray
        Internal counters, restored by ``reset()``.
    options : dict
        Hashable values that may change the generated code.
    """

    kind: str
    data: dict[str, np.ndarray] = field(default_factory=dict)
    state: dict[str, np.ndarray] = field(default_factory=dict)
    options: dict = field(default_factory=dict)


@dataclass(frozen=True)
class PopulationIR:
    """A population as a backend sees it.

    Attributes
    ----------
    id : int
        Id of the population; its owner name is ``pop<id>``.
    name : str
        The user's name of the population.
    size : int
        Number of neurons.
    geometry : tuple of int
        Shape of the population.
    neuron : NeuronIR
        The parsed neuron model.
    max_delay : int
        Steps of history of the outputs that the projections need.
    special : SpecialIR or None
        Native code brought by a plugin (e.g. ``TimedArray``).
    stop_condition : object
        ``annarchy_parser.stop_condition.StopCondition`` (expression, mode ``'any'`` or
        ``'all'``) or None.
    """

    id: int
    name: str
    size: int
    geometry: tuple[int, ...]
    neuron: NeuronIR
    max_delay: int = 0  # steps of history of the outputs that projections need
    special: SpecialIR | None = None  # native code brought by a plugin (e.g. TimedArray)
    # annarchy_parser.stop_condition.StopCondition (expr, mode 'any'|'all') or None
    stop_condition: object = None

    @property
    def owner(self) -> str:
        return f"pop{self.id}"


@dataclass(frozen=True)
class ProjectionIR:
    """A projection as a backend sees it.

    Attributes
    ----------
    id : int
        Id of the projection; its owner name is ``proj<id>``.
    name : str
        The user's name of the projection.
    pre, post : int
        Ids of the pre- and post-synaptic populations.
    target : str or tuple of str
        Target(s) of the projection.
    synapse : SynapseIR
        The parsed synapse model.
    connectivity : CSR
        The synapses.
    storage_format, storage_order : str
        The user's storage choices (``"auto"``, ``"post_to_pre"``).
    uniform_delay : int
        Delay in steps of every synapse; -1 when not uniform (see ``connectivity.delays``).
    special : SpecialIR or None
        Native code brought by a plugin (e.g. ``CurrentInjection``).
    """

    id: int
    name: str
    pre: int  # population id
    post: int  # population id
    target: str | tuple[str, ...]
    synapse: SynapseIR
    connectivity: CSR
    storage_format: str = "auto"
    storage_order: str = "post_to_pre"
    uniform_delay: int = 0  # steps; -1 when non-uniform (see connectivity.delays)
    special: SpecialIR | None = None  # native code brought by a plugin (e.g. CurrentInjection)

    @property
    def owner(self) -> str:
        return f"proj{self.id}"

    @property
    def targets(self) -> tuple[str, ...]:
        return (self.target,) if isinstance(self.target, str) else tuple(self.target)


@dataclass(frozen=True)
class NetworkIR:
    """The network lowered to plain data: what ``Backend.generate`` receives.

    Attributes
    ----------
    dt : float
        Step in ms.
    seed : int or None
        Seed of the random number generators (None: drawn at random).
    populations : tuple of PopulationIR
        The populations, in the order of their ids.
    projections : tuple of ProjectionIR
        The projections, in the order of their ids.
    constants : dict of str to float
        The global constants (``Constant``) and their values.
    functions : tuple of FunctionDef
        The global functions (``add_function``).
    num_threads : int
        Threads requested for the simulation.
    options : dict
        Other settings of the network (backend-specific ones included).
    """

    dt: float
    seed: int | None
    populations: tuple[PopulationIR, ...]
    projections: tuple[ProjectionIR, ...]
    constants: dict[str, float] = field(default_factory=dict)
    functions: tuple[FunctionDef, ...] = ()
    num_threads: int = 1
    options: dict = field(default_factory=dict)
