"""``ANNarchy.models.Neurons``: the built-in neuron models under the module path of the reference
documentation (``from ANNarchy.models.Neurons import Izhikevich`` in existing scripts)."""

from __future__ import annotations

from . import list_standard_neurons
from .neurons import (
    EIF_cond_alpha_isfa_ista,
    EIF_cond_exp_isfa_ista,
    HH_cond_exp,
    IF_cond_alpha,
    IF_cond_exp,
    IF_curr_alpha,
    IF_curr_exp,
    Izhikevich,
    LeakyIntegrator,
)

__all__ = [
    "EIF_cond_alpha_isfa_ista",
    "EIF_cond_exp_isfa_ista",
    "HH_cond_exp",
    "IF_cond_alpha",
    "IF_cond_exp",
    "IF_curr_alpha",
    "IF_curr_exp",
    "Izhikevich",
    "LeakyIntegrator",
    "list_standard_neurons",
]
