"""What a backend receives at ``compile()``: the network lowered to plain data.

Sizes, connectivity and values are data: the generated code must not depend on them, so that an
unchanged model structure never recompiles (see ``docs/architecture.md``).
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
class PopulationIR:
    id: int
    name: str
    size: int
    geometry: tuple[int, ...]
    neuron: NeuronIR
    max_delay: int = 0  # steps of history of the outputs that projections need
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
