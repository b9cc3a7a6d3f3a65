"""ANNarchy's CUDA backend: kernels generated per network (jinja2), compiled with NVRTC, run
through CuPy."""

from __future__ import annotations

from .backend import CudaBackend

__all__ = ["CudaBackend"]
