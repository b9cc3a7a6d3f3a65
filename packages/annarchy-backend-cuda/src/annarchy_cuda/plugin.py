"""Entry point of the ``cuda`` backend (``[project.entry-points.annarchy] cuda``)."""

from __future__ import annotations

from ANNarchy.plugin import hookimpl


@hookimpl
def register_backends(register):
    """Register the CUDA backend under the name ``cuda`` (cupy is imported only when used)."""
    from .backend import CudaBackend

    register.add("cuda", CudaBackend())


@hookimpl
def register_settings(register):
    """``cuda_device``: ``net.config(cuda_device=1)``, ``--gpu=1``, ``cuda.device`` of the
    configuration file."""
    from .settings import CUDA_DEVICE

    register.add("cuda_device", CUDA_DEVICE)
