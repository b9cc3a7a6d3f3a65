"""What core expects from a backend plugin and from the runtime it loads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from .network_ir import NetworkIR


@dataclass(frozen=True)
class BuildOptions:
    directory: Path  # where generated sources and the cache live
    compiler: str | None = None
    compiler_flags: str | None = None
    clean: bool = False
    silent: bool = False
    num_threads: int = 1


@dataclass(frozen=True)
class BuildResult:
    library: Path  # the loadable artefact
    key: str  # the content hash
    cached: bool  # True when nothing was compiled


class Runtime(Protocol):
    """A loaded network. Owners are 'pop<id>' and 'proj<id>'. See docs/architecture.md."""

    step: int

    def get(self, owner: str, name: str) -> np.ndarray: ...
    def set(self, owner: str, name: str, values) -> None: ...
    def run(self, nsteps: int) -> None: ...
    def set_constant(self, name: str, value: float) -> None: ...
    def set_learning(self, owner: str, enabled: bool) -> None: ...
    def add_recorder(self, owner: str, names: list[str], period: int, offset: int) -> int: ...
    def fetch(self, rec_id: int) -> dict[str, np.ndarray]: ...
    def pause(self, rec_id: int) -> None: ...
    def resume(self, rec_id: int) -> None: ...
    def remove(self, rec_id: int) -> None: ...
    def reset(self) -> None: ...


class Backend(Protocol):
    name: str

    def available(self) -> tuple[bool, str]: ...
    def generate(self, net: NetworkIR) -> dict[str, str]: ...
    def build(self, sources: dict[str, str], options: BuildOptions) -> BuildResult: ...
    def load(self, build: BuildResult, net: NetworkIR) -> Runtime: ...
