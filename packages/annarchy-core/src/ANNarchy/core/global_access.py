"""The deprecated top-level accessors of ANNarchy 4 scripts, acting on the magic network (or
the network ``net_id``): its populations, projections and monitors, learning, time, callbacks and
files. Each warns once, as those of ``global_api``."""

from __future__ import annotations

from .deprecation import _deprecated, _network


@_deprecated("net.get_population()")
def get_population(name, net_id=0):
    """The population of the magic network with the given name.

    Parameters
    ----------
    name : str
        Name of the population.
    net_id : int
        Id of the network (0: the magic network).

    Returns
    -------
    Population
        The population called ``name``.
    """
    return _network(net_id).get_population(name)


@_deprecated("net.get_projection()")
def get_projection(name, net_id=0):
    """The projection of the magic network with the given name.

    Parameters
    ----------
    name : str
        Name of the projection.
    net_id : int
        Id of the network (0: the magic network).

    Returns
    -------
    Projection
        The projection called ``name``.
    """
    return _network(net_id).get_projection(name)


@_deprecated("net.get_populations()")
def populations(net_id=0) -> list:
    """The populations of the magic network.

    Parameters
    ----------
    net_id : int
        Id of the network (0: the magic network).

    Returns
    -------
    list of Population
        In the order of creation.
    """
    return _network(net_id).get_populations()


@_deprecated("net.get_projections()")
def projections(net_id=0, post=None, pre=None, target=None, suppress_error=False) -> list:
    """The projections of the magic network, optionally filtered.

    Parameters
    ----------
    net_id : int
        Id of the network (0: the magic network).
    post, pre : Population or str, optional
        Keep the projections to (from) this population.
    target : str, optional
        Keep the projections of this target.
    suppress_error : bool
        Return an empty list instead of raising when none matches.

    Returns
    -------
    list of Projection
        In the order of creation.
    """
    return _network(net_id).get_projections(post, pre, target, suppress_error)


@_deprecated("net.get_monitors()")
def monitors(net_id=0) -> list:
    """The monitors of the magic network.

    Parameters
    ----------
    net_id : int
        Id of the network (0: the magic network).

    Returns
    -------
    list of Monitor
        In the order of creation.
    """
    return _network(net_id).get_monitors()


@_deprecated("net.enable_learning()")
def enable_learning(projections=None, period=None, offset=None, net_id=0) -> None:
    """Enable learning in the projections of the magic network.

    Parameters
    ----------
    projections : list of Projection, optional
        The projections (all of them by default).
    period : float, optional
        Learn every ``period`` ms only.
    offset : float, optional
        Offset in ms of the learning steps within the period.
    net_id : int
        Id of the network (0: the magic network).
    """
    _network(net_id).enable_learning(projections, period, offset)


@_deprecated("net.disable_learning()")
def disable_learning(projections=None, net_id=0) -> None:
    """Disable learning in the projections of the magic network.

    Parameters
    ----------
    projections : list of Projection, optional
        The projections (all of them by default).
    net_id : int
        Id of the network (0: the magic network).
    """
    _network(net_id).disable_learning(projections)


@_deprecated("net.time")
def get_time(net_id=0) -> float:
    """Current time of the magic network in ms.

    Parameters
    ----------
    net_id : int
        Id of the network (0: the magic network).

    Returns
    -------
    float
        Time in ms.
    """
    return _network(net_id).time


@_deprecated("net.time = t")
def set_time(t, net_id=0) -> None:
    """Set the current time of the magic network in ms.

    Parameters
    ----------
    t : float
        The new time in ms.
    net_id : int
        Id of the network (0: the magic network).
    """
    _network(net_id).time = t


@_deprecated("net.current_step")
def get_current_step(net_id=0) -> int:
    """Current step of the magic network.

    Parameters
    ----------
    net_id : int
        Id of the network (0: the magic network).

    Returns
    -------
    int
        Number of steps simulated.
    """
    return _network(net_id).current_step


@_deprecated("net.current_step = n")
def set_current_step(t, net_id=0) -> None:
    """Set the current step of the magic network.

    Parameters
    ----------
    t : int
        The new step.
    net_id : int
        Id of the network (0: the magic network).
    """
    _network(net_id).current_step = t


@_deprecated("net.dt")
def dt(net_id=0) -> float:
    """Step size of the magic network in ms.

    Parameters
    ----------
    net_id : int
        Id of the network (0: the magic network).

    Returns
    -------
    float
        ``dt`` in ms.
    """
    return _network(net_id).dt


@_deprecated("net.callbacks_enabled()")
def callbacks_enabled(net_id=0) -> bool:
    """Whether callbacks are enabled in the magic network.

    Parameters
    ----------
    net_id : int
        Id of the network (0: the magic network).

    Returns
    -------
    bool
        True when the callbacks run during ``simulate()``.
    """
    return _network(net_id).callbacks_enabled()


@_deprecated("net.enable_callbacks()")
def enable_callbacks(net_id=0) -> None:
    """Enable callbacks in the magic network.

    Parameters
    ----------
    net_id : int
        Id of the network (0: the magic network).
    """
    _network(net_id).enable_callbacks()


@_deprecated("net.disable_callbacks()")
def disable_callbacks(net_id=0) -> None:
    """Disable callbacks in the magic network.

    Parameters
    ----------
    net_id : int
        Id of the network (0: the magic network).
    """
    _network(net_id).disable_callbacks()


@_deprecated("net.clear_all_callbacks()")
def clear_all_callbacks(net_id=0) -> None:
    """Forget the callbacks of the magic network.

    Parameters
    ----------
    net_id : int
        Id of the network (0: the magic network).
    """
    _network(net_id).clear_all_callbacks()


@_deprecated("net.save()")
def save(filename, populations=True, projections=True, net_id=0) -> None:
    """Save the state of the network ``net_id`` (the magic network by default); see
    ``Network.save()``.

    Parameters
    ----------
    filename : str
        File to write: ``.npz``, ``.mat``, ``.h5``, ``.gz`` (pickle) or ``.data`` (pickle).
    populations, projections : bool
        Save the populations (projections).
    net_id : int
        Id of the network (0: the magic network).
    """
    _network(net_id).save(filename, populations, projections)


@_deprecated("net.load()")
def load(filename, populations=True, projections=True, pickle_encoding=None, net_id=0) -> None:
    """Load a state saved by ``save()`` into the network ``net_id``; see ``Network.load()``.

    Parameters
    ----------
    filename : str
        File written by ``save()``.
    populations, projections : bool
        Load the populations (projections).
    pickle_encoding : str, optional
        Encoding of pickled files written by Python 2.
    net_id : int
        Id of the network (0: the magic network).
    """
    _network(net_id).load(filename, populations, projections, pickle_encoding)


@_deprecated("net.save_parameters()")
def save_parameters(filename, net_id=0) -> None:
    """Save the global parameters of the network ``net_id`` to a JSON file.

    Parameters
    ----------
    filename : str
        The JSON file to write.
    net_id : int
        Id of the network (0: the magic network).
    """
    _network(net_id).save_parameters(filename)


@_deprecated("net.load_parameters()")
def load_parameters(filename, global_only=True, verbose=False, net_id=0) -> dict:
    """Load parameters from a JSON file into the network ``net_id``.

    Parameters
    ----------
    filename : str
        A JSON file written by ``save_parameters()``.
    global_only : bool
        Load only the global parameters (not those of each neuron or synapse).
    verbose : bool
        Print what is loaded.
    net_id : int
        Id of the network (0: the magic network).

    Returns
    -------
    dict
        The ``network`` section of the file.
    """
    return _network(net_id).load_parameters(filename, global_only, verbose)
