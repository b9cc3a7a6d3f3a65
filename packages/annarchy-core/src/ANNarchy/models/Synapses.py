"""``ANNarchy.models.Synapses``: the built-in synapse models under the module path of the reference
documentation (``from ANNarchy.models.Synapses import STDP`` in existing scripts)."""

from __future__ import annotations

from . import list_standard_synapses
from .synapses import IBCM, STDP, STP, Hebb, Oja

__all__ = ["IBCM", "STDP", "STP", "Hebb", "Oja", "list_standard_synapses"]
