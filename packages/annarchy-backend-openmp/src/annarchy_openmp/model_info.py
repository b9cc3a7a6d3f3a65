"""Kept only for ``layout.py``'s import: the queries live in ``ANNarchy.codegen.model_info``."""

from __future__ import annotations

from ANNarchy.codegen.model_info import (
    delayed_pre_refs,
    needs_spike_events,
    population_global_ops,
    refractory_attribute,
)

__all__ = [
    "delayed_pre_refs",
    "needs_spike_events",
    "population_global_ops",
    "refractory_attribute",
]
