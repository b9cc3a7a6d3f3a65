"""Entry point of ``annarchy-inputs`` (``[project.entry-points.annarchy] inputs``): the input
classes as top-level ``ANNarchy.X`` names, ``ANNarchy.extensions.image``, and their native
code for each backend."""

from __future__ import annotations

from ANNarchy.plugin import hookimpl

#: top-level names (``ANNarchy.PoissonPopulation``) -> module of this package
API = {
    "InputArray": "timed",
    "TimedArray": "timed",
    "TimedPoissonPopulation": "timed",
    "PoissonPopulation": "poisson",
    "HomogeneousCorrelatedSpikeTrains": "correlated",
    "SpikeSourceArray": "spike_source",
    "CurrentInjection": "projections",
    "DecodingProjection": "projections",
    "ImagePopulation": "image",
    "VideoPopulation": "image",
}


@hookimpl
def register_api(register):
    """``ANNarchy.TimedArray`` and the other input classes."""
    import importlib

    for name, module in API.items():
        register.add(name, getattr(importlib.import_module(f"{__package__}.{module}"), name))


@hookimpl
def register_extensions(register):
    """``ANNarchy.extensions.image`` (ImagePopulation, VideoPopulation)."""
    register.add("image", f"{__package__}.image")


@hookimpl
def register_special_code(register):
    """The native code of TimedArray, SpikeSourceArray, CurrentInjection, ... per backend."""
    from .native import SUFFIXES, generators

    for backend in SUFFIXES:
        for kind, generator in generators(backend).items():
            register.add((backend, kind), generator)
