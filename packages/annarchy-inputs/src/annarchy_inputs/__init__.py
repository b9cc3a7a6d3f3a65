"""ANNarchy inputs: InputArray, TimedArray, PoissonPopulation, TimedPoissonPopulation,
SpikeSourceArray, HomogeneousCorrelatedSpikeTrains, CurrentInjection, DecodingProjection,
ImagePopulation and VideoPopulation, reachable as ``ANNarchy.X`` once installed."""

from __future__ import annotations

from .correlated import HomogeneousCorrelatedSpikeTrains
from .image import ImagePopulation, VideoPopulation
from .poisson import PoissonPopulation
from .projections import CurrentInjection, DecodingProjection
from .spike_source import SpikeSourceArray
from .timed import InputArray, TimedArray, TimedPoissonPopulation

__version__ = "0.1.0"

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
