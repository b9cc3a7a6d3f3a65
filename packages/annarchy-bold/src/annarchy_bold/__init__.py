"""ANNarchy BOLD monitoring, importable as ``ANNarchy.extensions.bold``: ``BoldMonitor``,
``BoldModel`` and the predefined balloon models."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError as _NoMetadata
from importlib.metadata import version as _dist_version

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

try:  # one place for the version: the distribution's metadata (pyproject.toml)
    __version__ = _dist_version("annarchy-bold")
except _NoMetadata:  # imported from a source tree that is not installed
    __version__ = "0+unknown"

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
