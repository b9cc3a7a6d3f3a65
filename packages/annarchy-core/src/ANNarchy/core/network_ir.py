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
    """Connectivity by post-synaptic neuron; rows are the post ranks with >= 1 synapse."""

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
    """

    kind: str
    data: dict[str, np.ndarray] = field(default_factory=dict)
    state: dict[str, np.ndarray] = field(default_factory=dict)
    options: dict = field(default_factory=dict)


@dataclass(frozen=True)
class PopulationIR:
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
    dt: float
    seed: int | None
    populations: tuple[PopulationIR, ...]
    projections: tuple[ProjectionIR, ...]
    constants: dict[str, float] = field(default_factory=dict)
    functions: tuple[FunctionDef, ...] = ()
    num_threads: int = 1
    options: dict = field(default_factory=dict)
