"""``PoissonPopulation``: spiking neurons firing as Poisson processes, written as a plain neuron
model (``p = Uniform(0, 1) * 1000 / dt``, spike when ``p < rates``), so every backend runs it."""

from __future__ import annotations

from numbers import Number

import numpy as np
from ANNarchy import Neuron, Population
from ANNarchy.errors import InvalidConfiguration
from ANNarchy.plugin import is_user_name

from ._base import check_rates

DRAW = "p = Uniform(0.0, 1.0) * 1000.0 / dt"


def poisson_neuron(rates, target, parameters, refractory, who: str) -> Neuron:
    """The neuron of a Poisson population for constant/array, equation or target rates."""
    parameters = dict(parameters or {})
    if "rates" in parameters:
        raise InvalidConfiguration(f"{who}: 'rates' cannot be an additional parameter.")
    if target is not None:
        if not is_user_name(target):
            raise InvalidConfiguration(f"{who}: target must be a name such as 'exc'.")
        equations = f"rates = g_{target}\n{DRAW}"
    elif isinstance(rates, str):
        equations = f"rates = {rates} : population\n{DRAW}"
    else:
        equations = DRAW
        parameters = "rates = 10.0\n" + "\n".join(
            f"{key} = {float(value)!r} : population" for key, value in parameters.items()
        )
    return Neuron(
        parameters=parameters,
        equations=equations,
        spike="p < rates",
        refractory=refractory,
        name="Poisson",
        description="Spiking neurons following a Poisson distribution.",
    )


class PoissonPopulation(Population):
    """Spiking neurons emitting spikes as Poisson processes of mean rate ``rates`` (Hz).

    Parameters
    ----------
    geometry : int or tuple
        Shape of the population.
    name : str, optional
        Unique name of the population.
    rates : float, array_like or str
        Mean rate of each neuron (one value, or one per neuron), or an equation of ``t`` and
        of the ``parameters`` (the same rate for every neuron).
    target : str, optional
        Instead of ``rates``: the rate is the conductance ``g_target`` the incoming
        projections of this target give (e.g. from a ``TimedArray``).
    parameters : dict
        Additional (global) parameters usable in the ``rates`` equation.
    refractory : float, optional
        Refractory period in ms.
    copied : bool
        Kept for compatibility.
    net_id : int
        Id of the network (0: the magic network).

    Examples
    --------
    >>> pop = net.create(ann.PoissonPopulation(100, rates=np.linspace(0.0, 200.0, 100)))
    """

    def __init__(
        self,
        geometry,
        name=None,
        rates=None,
        target=None,
        parameters=None,
        refractory=None,
        copied=False,
        net_id=0,
    ):
        who = f"PoissonPopulation '{name or ''}'"
        if (rates is None) == (target is None):
            raise InvalidConfiguration(f"{who}: give either rates or a target (not both).")
        if parameters and not isinstance(rates, str):
            raise InvalidConfiguration(
                f"{who}: additional parameters are only used by a rates equation (a string)."
            )
        values = None
        if rates is not None and not isinstance(rates, str):
            values = check_rates(who, rates)
        neuron = poisson_neuron(rates, target, parameters, refractory, who)
        super().__init__(geometry, neuron, name=name, net_id=net_id)
        if values is not None:
            self.rates = values

    def __setattr__(self, name: str, value) -> None:
        if name == "rates" and "rates" in self.__dict__.get("_attributes", ()):
            if isinstance(value, (Number, list, tuple, np.ndarray)):
                value = check_rates(f"PoissonPopulation '{self.name}'", value)
        super().__setattr__(name, value)
