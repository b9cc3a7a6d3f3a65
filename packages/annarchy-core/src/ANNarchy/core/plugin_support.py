"""What plugins need from the objects of a network beyond the user API, as public functions
(re-exported by ``ANNarchy.plugin``), so that no plugin touches a private member of core."""

from __future__ import annotations

import numpy as np

from ..errors import InvalidConfiguration


def runtime_of(obj):
    """The runtime of the network ``obj`` belongs to.

    Parameters
    ----------
    obj : Population or Projection
        An object of a network.

    Returns
    -------
    Runtime or None
        None before ``compile()`` (or when ``obj`` belongs to no network).
    """
    return obj._runtime()


def parse_model(model, net=None):
    """The IR of a ``Neuron`` or ``Synapse`` parsed with the settings of ``net`` (its
    constants, global functions and default numerical method); cached per settings.

    Parameters
    ----------
    model : Neuron or Synapse
    net : Network, optional
        None: the default settings.

    Returns
    -------
    annarchy_parser.NeuronIR or annarchy_parser.SynapseIR
    """
    return model._parse(None if net is None else net._parse_settings())


def withdraw(obj) -> None:
    """Take back the population or projection that its network accepted last (a plugin class
    that refuses its arguments after ``Population.__init__``/``Projection.__init__`` joined the
    network), so that the network stays as before the failed call.

    Parameters
    ----------
    obj : Population or Projection
        The object to take back.

    Raises
    ------
    InvalidConfiguration
        The network is compiled, or ``obj`` is not the last object it accepted.
    """
    net = obj._net
    if net is None:
        return
    kind = "projection" if obj in net._projections else "population"
    net._release(obj, kind)


def add_extension(net, obj) -> int:
    """Declare ``obj`` (a BOLD monitor, a logger...) an extension of ``net``: listed by
    ``net.get_extensions()`` and found by name. Adding it again changes nothing.

    Parameters
    ----------
    net : Network
        The network.
    obj : object
        The extension object.

    Returns
    -------
    int
        Its index among the extensions of ``net``.
    """
    if obj not in net._extensions:
        net._extensions.append(obj)
    return net._extensions.index(obj)


def kept_value(obj, name: str):
    """The value of attribute ``name`` that core keeps for ``obj`` and hands to the runtime at
    ``compile()``.

    Parameters
    ----------
    obj : Population or Projection
        The owner of the attribute.
    name : str
        Name of the attribute.

    Returns
    -------
    float or numpy.ndarray
        A scalar or an array; for a projection, one value or one per synapse in CSR order.

    Raises
    ------
    InvalidConfiguration
        ``obj`` has no such attribute.
    """
    try:
        return obj._values[name]
    except KeyError:
        raise InvalidConfiguration(f"'{obj.name}' has no attribute '{name}'.") from None


def delays_ms(proj) -> float | np.ndarray:
    """The delays of a projection in ms.

    Parameters
    ----------
    proj : Projection
        The projection.

    Returns
    -------
    float or numpy.ndarray
        One float for all synapses, or one per synapse in CSR order.
    """
    return proj._delays
