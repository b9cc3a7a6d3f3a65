"""Entry point of the ``cuda`` backend (``[project.entry-points.annarchy] cuda``)."""

from __future__ import annotations

from ANNarchy.plugin import hookimpl


@hookimpl
def register_backends(register):
    """Register the CUDA backend under the name ``cuda`` (cupy is imported only when used)."""
    from .backend import CudaBackend

    register.add("cuda", CudaBackend())
