"""Shared-weight projections for ANNarchy, importable as ``ANNarchy.extensions.convolution``.

Every class is a ``Projection`` whose synapses are built with numpy from a filter, a pooling
extent or another projection; they run on any backend that runs ordinary (rate-coded or spiking)
projections (no native code).
"""

from __future__ import annotations

from ._shared import ConvolutionError, NotAvailableError
from .convolution import Convolution
from .pooling import Pooling
from .shared_weights import Copy, Transpose

__all__ = [
    "Convolution",
    "Pooling",
    "Copy",
    "Transpose",
    "ConvolutionError",
    "NotAvailableError",
]
