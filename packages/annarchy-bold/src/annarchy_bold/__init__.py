"""ANNarchy BOLD monitoring, importable as ``ANNarchy.extensions.bold``: ``BoldMonitor``,
``BoldModel`` and the predefined balloon models."""

from __future__ import annotations

from .model import BoldModel
from .monitor import BoldMonitor, BoldMonitorError
from .predefined import (
    balloon_CL,
    balloon_CN,
    balloon_maith2021,
    balloon_RL,
    balloon_RN,
    balloon_two_inputs,
)

__version__ = "0.1.0"

__all__ = [
    "BoldModel",
    "BoldMonitor",
    "BoldMonitorError",
    "balloon_CL",
    "balloon_CN",
    "balloon_RL",
    "balloon_RN",
    "balloon_maith2021",
    "balloon_two_inputs",
]
