"""The backend object registered under the paradigm name ``'numpy'``: nothing to generate or
build; ``load()`` interprets the network IR."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ANNarchy.plugin import BuildOptions, BuildResult, NetworkIR

from .runtime import NumpyRuntime
from .simulation import __doc__ as STEP_ORDER
from .support import check_supported

SOURCE_NAME = "network.txt"


class NumpyBackend:
    """A backend without a compiler: a numpy interpreter of the network IR."""

    name = "numpy"

    def available(self) -> tuple[bool, str]:
        return True, ""

    def generate(self, net: NetworkIR) -> dict[str, str]:
        """No code: a description of the network (refuses what it cannot interpret)."""
        check_supported(net)
        lines = [f"numpy interpreter, dt = {net.dt}", STEP_ORDER or ""]
        lines += [f"{p.owner}: {p.name} ({p.size} {p.neuron.kind})" for p in net.populations]
        lines += [
            f"{p.owner}: {p.name} (pop{p.pre} -> pop{p.post}, {p.connectivity.nnz} synapses)"
            for p in net.projections
        ]
        return {SOURCE_NAME: "\n".join(lines) + "\n"}

    def build(self, sources: dict[str, str], options: BuildOptions) -> BuildResult:
        """Nothing is built."""
        key = hashlib.sha256(sources.get(SOURCE_NAME, "").encode()).hexdigest()[:16]
        return BuildResult(library=Path(options.directory) / SOURCE_NAME, key=key, cached=True)

    def load(self, build: BuildResult, net: NetworkIR) -> NumpyRuntime:
        return NumpyRuntime(net)
