"""Built-in neuron and synapse models (PyNN naming), resolved as top-level names.

``ann.Izhikevich`` and the others are found here by ``ANNarchy.__getattr__``. Each model is a
subclass of `Neuron` or `Synapse` whose constructor takes the
parameters of the model with their default values, so both ``net.create(10, ann.Izhikevich)``
and ``net.create(10, ann.Izhikevich(a=0.1))`` work.
"""

from __future__ import annotations

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
from .synapses import IBCM, STDP, STP, Hebb, Oja

NEURON_MODELS = (
    LeakyIntegrator,
    Izhikevich,
    IF_curr_exp,
    IF_cond_exp,
    IF_curr_alpha,
    IF_cond_alpha,
    HH_cond_exp,
    EIF_cond_alpha_isfa_ista,
    EIF_cond_exp_isfa_ista,
)
"""Every built-in neuron model."""

SYNAPSE_MODELS = (Hebb, Oja, IBCM, STP, STDP)
"""Every built-in synapse model."""


def list_standard_neurons() -> list[type]:
    """The built-in neuron models.

    Returns
    -------
    list of type
        The classes (``LeakyIntegrator``, ``Izhikevich``, ``IF_curr_exp``...), which
        ``net.create()`` accepts as they are or instantiated with other parameter values.
    """
    return list(NEURON_MODELS)


def list_standard_synapses() -> list[type]:
    """The built-in synapse models.

    Returns
    -------
    list of type
        The classes, in the reference's order: ``STP``, ``STDP``, ``Hebb``, ``Oja``,
        ``IBCM``.
    """
    return [STP, STDP, Hebb, Oja, IBCM]


__all__ = [
    "EIF_cond_alpha_isfa_ista",
    "EIF_cond_exp_isfa_ista",
    "HH_cond_exp",
    "Hebb",
    "IBCM",
    "IF_cond_alpha",
    "IF_cond_exp",
    "IF_curr_alpha",
    "IF_curr_exp",
    "Izhikevich",
    "LeakyIntegrator",
    "NEURON_MODELS",
    "Oja",
    "STDP",
    "STP",
    "SYNAPSE_MODELS",
    "list_standard_neurons",
    "list_standard_synapses",
]
