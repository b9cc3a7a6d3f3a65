"""ANNarchy inputs: InputArray, TimedArray, PoissonPopulation, TimedPoissonPopulation,
SpikeSourceArray, HomogeneousCorrelatedSpikeTrains, CurrentInjection, DecodingProjection,
ImagePopulation and VideoPopulation, reachable as ``ANNarchy.X`` once installed."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError as _NoMetadata
from importlib.metadata import version as _dist_version

from .correlated import HomogeneousCorrelatedSpikeTrains
from .image import ImagePopulation, VideoPopulation
from .poisson import PoissonPopulation
from .projections import CurrentInjection, DecodingProjection
from .spike_source import SpikeSourceArray
from .timed import InputArray, TimedArray, TimedPoissonPopulation

try:  # one place for the version: the distribution's metadata (pyproject.toml)
    __version__ = _dist_version("annarchy-inputs")
except _NoMetadata:  # imported from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = [
    "CurrentInjection",
    "DecodingProjection",
    "HomogeneousCorrelatedSpikeTrains",
    "ImagePopulation",
    "InputArray",
    "PoissonPopulation",
    "SpikeSourceArray",
    "TimedArray",
    "TimedPoissonPopulation",
    "VideoPopulation",
]
