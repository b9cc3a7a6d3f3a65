"""annarchy-backend-numpy: an example backend plugin of ANNarchy built only on the public plugin
surface (``ANNarchy.plugin``). It interprets the network IR with numpy, step by step, in the
order of the openmp backend, so that both give the same numbers; select it with
``net.config(paradigm='numpy')``. What it does not support raises ``BackendCapabilityError``
at ``compile()`` (see :data:`~annarchy_numpy.support.UNSUPPORTED`)."""

from __future__ import annotations

from .backend import NumpyBackend
from .runtime import NumpyRuntime

__all__ = ["NumpyBackend", "NumpyRuntime"]
