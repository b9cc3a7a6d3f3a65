"""What a connector receives and returns (built-in and plugin connectors alike)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..core.network_ir import CSR
from ..errors import InvalidConfiguration


class ConnectorError(InvalidConfiguration, ValueError):
    """Invalid arguments given to a connector method (``proj.fixed_probability(...)`` etc.)."""


@dataclass(frozen=True)
class ConnectContext:
    """The two sides of a projection, as a connector sees them.

    ``pre_ranks``/``post_ranks`` are the ranks, in their full populations, of the neurons the
    projection spans (a PopulationView gives a subset). Connectors return CSR rows and columns in
    these full-population ranks.

    Attributes
    ----------
    pre_ranks, post_ranks : numpy.ndarray
        Ranks of the neurons the projection spans, in their full populations.
    pre_geometry, post_geometry : tuple of int
        Geometries of the full populations.
    same_population : bool
        Both sides belong to one population (``all_to_all`` then avoids self-connections,
        even between views).
    rng : numpy.random.Generator
        The generator connectors draw from.
    dt : float
        Step of the network in ms.
    synapse_kind : str
        ``"rate"`` or ``"spike"``.
    name : str
        Name of the projection, for error messages.
    pre, post : object
        The pre- and post-synaptic objects (population or view), when known.
    same_object : bool or None
        Pre and post are the same object (a population, or one view given for both sides),
        the only case where the random patterns avoid self-connections (``P[:10]`` to ``P``
        may connect a neuron to itself), as the reference does.
    """

    pre_ranks: np.ndarray
    post_ranks: np.ndarray
    pre_geometry: tuple[int, ...]
    post_geometry: tuple[int, ...]
    same_population: bool
    rng: np.random.Generator
    dt: float
    synapse_kind: str = "rate"  # 'rate' | 'spike'
    name: str = ""  # projection name, for error messages
    pre: Any = None  # the pre-synaptic Population/PopulationView (for from_function)
    post: Any = None  # the post-synaptic Population/PopulationView (for from_function)
    same_object: bool | None = None  # None: as same_population

    @property
    def avoid_self(self) -> bool:
        """Whether the random patterns avoid self-connections by default."""
        return self.same_population if self.same_object is None else self.same_object


@dataclass
class Connectivity:
    """A connector's result: CSR connectivity plus initial weights and delays.

    Core checks all of this (``connectors/validate.py``).

    Attributes
    ----------
    csr : CSR
        The synapses.
    weights, delays : float or numpy.ndarray
        A scalar (same for every synapse) or an array of length nnz in CSR order; delays in ms
        (core converts them to steps).
    connector : str
        Name of the connector, for ``report()`` and error messages.
    args : dict
        The connector's arguments, for ``report()``.
    multapses : bool
        A row may hold the same pre-synaptic rank more than once, on purpose (``Convolution``
        with border padding); pre ranks are then ascending non-strictly within a row.
    """

    csr: CSR
    weights: float | np.ndarray = 1.0
    delays: float | np.ndarray = 0.0
    connector: str = ""  # the connector's name, for reports
    args: dict = field(default_factory=dict)
    multapses: bool = False
