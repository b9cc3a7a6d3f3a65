"""Networks by id. Id 0 is the magic network, created on first use, which collects the objects
created with the deprecated top-level API (``ann.Population(...)``, ``ann.compile()``)."""

from __future__ import annotations

import itertools
import weakref

from ..errors import InvalidConfiguration

_networks: weakref.WeakValueDictionary = weakref.WeakValueDictionary()
_ids = itertools.count(1)
_magic = None  # strong reference: the magic network lives as long as the module
_magic_factory = None  # set by core/network.py: makes the magic network (no import cycle)


def set_magic_factory(factory) -> None:
    """Declare the function that creates the magic network (``Network._magic``)."""
    global _magic_factory
    _magic_factory = factory


def new_id() -> int:
    """A fresh network id (never 0)."""
    return next(_ids)


def register(net) -> None:
    """Record ``net`` under its id."""
    _networks[net.id] = net


def network_by_id(net_id: int):
    """The network of id ``net_id`` (0: the magic network, created if needed).

    Parameters
    ----------
    net_id : int
        Id of the network.

    Returns
    -------
    Network
    """
    if net_id == 0:
        return magic_network()
    net = _networks.get(net_id)
    if net is None:
        raise InvalidConfiguration(f"There is no network with id {net_id}.")
    return net


def magic_network():
    """Returns the magic network of ID 0.

    The magic network collects populations, projections and monitors created directly, as in
    the ANNarchy 4 API.

    Returns
    -------
    Network
        The magic network.
    """
    global _magic
    if _magic is None:
        _magic = _magic_factory()
        register(_magic)
    return _magic


def existing_magic_network():
    """The magic network if it has been created, else None."""
    return _magic
