"""``CurrentInjection`` (rate-coded -> spiking current) and ``DecodingProjection`` (spikes ->
rate over a window): projections whose transmission is native code (special code kinds
``current_injection`` and ``decoding``)."""

from __future__ import annotations

import numpy as np
from ANNarchy import Projection
from ANNarchy.errors import InvalidConfiguration
from ANNarchy.plugin import SpecialIR, base_population

from ._base import to_steps

CURRENT_INJECTION, DECODING = "current_injection", "decoding"


def _kind(pop) -> str:
    return base_population(pop).neuron_type.type


class CurrentInjection(Projection):
    """Inject the rates ``r`` of a rate-coded population into the conductance ``g_target`` of
    a spiking population of the same size: at each step, ``g_target`` of neuron i is ``r`` of
    pre-synaptic neuron i (at the previous step). Connect it with ``connect_current()``.

    Parameters
    ----------
    pre : Population
        Rate-coded population.
    post : Population
        Spiking population of the same size.
    target : str
        The conductance to set (``'exc'`` sets ``g_exc``).
    name : str, optional
        Unique name of the projection.
    copied : bool
        Kept for compatibility.
    net_id : int
        Id of the network (0: the magic network).
    """

    def __init__(self, pre, post, target, name=None, copied=False, net_id=0):
        who = f"CurrentInjection '{name or ''}'"
        if not isinstance(target, str):
            raise InvalidConfiguration(f"{who}: target must be one name such as 'exc'.")
        if _kind(pre) != "rate" or _kind(post) != "spike":
            raise InvalidConfiguration(
                f"{who}: the pre-synaptic population must be rate-coded and the post-synaptic "
                "one spiking."
            )
        if len(pre) != len(post):
            raise InvalidConfiguration(
                f"{who}: pre ({len(pre)} neurons) and post ({len(post)} neurons) must have the "
                "same size."
            )
        super().__init__(pre, post, target, name=name, net_id=net_id)

    def connect_current(self):
        """Connect neuron i of pre to neuron i of post (no weight, no delay)."""
        return self.one_to_one(weights=1.0)

    def _special_ir(self) -> SpecialIR:
        return SpecialIR(CURRENT_INJECTION)


class DecodingProjection(Projection):
    """Decode spike trains into rates: ``sum(target)`` of a post-synaptic neuron is the
    weighted number of spikes its synapses received over the last ``window`` ms, in Hz per
    synapse (``w * count * 1000 / (window * n_synapses)``). Delays are ignored.

    Parameters
    ----------
    pre : Population
        Spiking population.
    post : Population
        Rate-coded population.
    target : str
        Type of the connection (read with ``sum(target)``).
    window : float
        Duration of the window in ms (0: one step).
    name : str, optional
        Unique name of the projection.
    copied : bool
        Kept for compatibility.
    net_id : int
        Id of the network (0: the magic network).

    Examples
    --------
    >>> proj = net.connect(ann.DecodingProjection(pop1, pop2, 'exc', window=10.0))
    >>> proj.all_to_all(1.0)
    """

    def __init__(self, pre, post, target, window=0.0, name=None, copied=False, net_id=0):
        who = f"DecodingProjection '{name or ''}'"
        if _kind(pre) != "spike" or _kind(post) != "rate":
            raise InvalidConfiguration(
                f"{who}: the pre-synaptic population must be spiking and the post-synaptic "
                "one rate-coded."
            )
        if float(window) < 0:
            raise InvalidConfiguration(f"{who}: window must be >= 0 ms, got {window}.")
        super().__init__(pre, post, target, name=name, net_id=net_id)
        self.window = float(window)

    def _special_ir(self) -> SpecialIR:
        steps = max(1, int(to_steps(self.window, self._net.dt)))
        rows = self._csr().n_rows
        return SpecialIR(
            DECODING,
            data={"_wsteps": np.array(steps, np.int64)},
            state={"_window": np.zeros(steps * rows), "_head": np.array(0, np.int64)},
        )
