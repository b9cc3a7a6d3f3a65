"""The deprecated top-level API of ANNarchy 4 scripts, acting on the magic network.

``ann.setup()``, ``ann.compile()``, ``ann.simulate()``, ... still work; each warns once with a
``DeprecationWarning`` naming the ``Network`` method to use instead.
"""

from __future__ import annotations

import functools
import warnings

from . import config as _config
from .constant import clear_global_constants
from .functions import clear_global_functions
from .registry import existing_magic_network

_warned: set[str] = set()


def _deprecated(replacement: str):
    def wrap(fn):
        @functools.wraps(fn)
        def inner(*args, **kwargs):
            if fn.__name__ not in _warned:
                _warned.add(fn.__name__)
                warnings.warn(
                    f"ANNarchy.{fn.__name__}() is deprecated since ANNarchy 5.0: use "
                    f"{replacement} on a Network instead.",
                    DeprecationWarning,
                    stacklevel=2,
                )
            return fn(*args, **kwargs)

        return inner

    return wrap


@_deprecated("net.config()")
def setup(**keyValueArgs) -> None:
    """Configure ANNarchy (``dt``, ``seed``, ``num_threads``, ``method``, ``paradigm``, ...).

    Changes the global settings copied by networks created afterwards, and the magic network.

    Parameters
    ----------
    **keyValueArgs
        Settings and their values, e.g. ``setup(dt=0.1, seed=1)``; see ``Network.config()``.
    """
    _config.setup(**keyValueArgs)
    magic = existing_magic_network()
    if magic is not None and not magic.compiled:
        magic.config(**keyValueArgs)


@_deprecated("net.compile()")
def compile(
    directory="annarchy",
    clean=False,
    compiler="default",
    compiler_flags="default",
    silent=False,
    net_id=0,
    **kwargs,
) -> None:
    """Compile the magic network (see ``Network.compile()``).

    Parameters
    ----------
    directory : str
        Folder of the generated code and the build cache.
    clean : bool
        Rebuild even when a cached library matches.
    compiler : str
        C++ compiler (``"default"``: the configured one, ``g++`` otherwise).
    compiler_flags : str
        Compiler flags (``"default"``: the configured ones).
    silent : bool
        Print nothing about the compilation.
    net_id : int
        Id of the network (0: the magic network).
    **kwargs
        Other arguments of ``Network.compile()``.
    """
    _network(net_id).compile(
        directory=directory,
        clean=clean,
        compiler=compiler,
        compiler_flags=compiler_flags,
        silent=silent,
        **kwargs,
    )


@_deprecated("net.simulate()")
def simulate(
    duration, measure_time=False, callbacks=True, show_monitor_memory_estimate=False, net_id=0
) -> None:
    """Simulate the magic network for ``duration`` ms.

    Parameters
    ----------
    duration : float
        Duration in ms (``ceil(duration / dt)`` steps).
    measure_time : bool
        Print the time the simulation took.
    callbacks : bool
        Run the callbacks declared with ``every``.
    show_monitor_memory_estimate : bool
        Accepted for compatibility; ignored.
    net_id : int
        Id of the network (0: the magic network).
    """
    _network(net_id).simulate(duration, measure_time=measure_time, callbacks=callbacks)


@_deprecated("net.simulate_until()")
def simulate_until(max_duration, population, operator="and", measure_time=False, net_id=0):
    """Simulate the magic network until a stop condition is met.

    Parameters
    ----------
    max_duration : float
        Longest duration in ms.
    population : Population or list of Population
        Population(s) whose ``stop_condition`` ends the simulation.
    operator : {"and", "or"}
        Whether all populations or one of them must meet their condition.
    measure_time : bool
        Print the time the simulation took.
    net_id : int
        Id of the network (0: the magic network).

    Returns
    -------
    float
        The simulated duration in ms.
    """
    return _network(net_id).simulate_until(max_duration, population, operator, measure_time)


@_deprecated("net.step()")
def step(net_id=0) -> None:
    """Perform one simulation step of the magic network.

    Parameters
    ----------
    net_id : int
        Id of the network (0: the magic network).
    """
    _network(net_id).step()


@_deprecated("net.reset()")
def reset(
    populations=True, projections=False, synapses=False, monitors=True, reseed_rng=True, net_id=0
) -> None:
    """Reset the magic network to its state at compile time.

    Parameters
    ----------
    populations : bool
        Reset the variables of the populations.
    projections : bool
        Reset the variables of the projections.
    synapses : bool
        Restore the synapses of compile time (structural plasticity).
    monitors : bool
        Empty the monitors.
    reseed_rng : bool
        Restart the random number generators from the seed.
    net_id : int
        Id of the network (0: the magic network).
    """
    _network(net_id).reset(populations, projections, synapses, monitors, reseed_rng)


@_deprecated("ann.Network() and a new network")
def clear(functions=True, neurons=True, synapses=True) -> None:
    """Forget everything declared at the top level, as if ANNarchy had just been imported.

    Parameters
    ----------
    functions : bool
        Also forget the global functions declared with ``add_function()``.
    neurons : bool
        Accepted for compatibility (neuron models are plain objects).
    synapses : bool
        Accepted for compatibility (synapse models are plain objects).
    """
    magic = existing_magic_network()
    if magic is not None:
        magic.clear()
    if functions:
        clear_global_functions()
    clear_global_constants()
    _config.reset_global_settings()


@_deprecated("Network(seed=...)")
def set_seed(seed, use_seed_seq=True, net_id=0) -> None:
    """Seed the random number generators of the magic network.

    Parameters
    ----------
    seed : int
        The seed.
    use_seed_seq : bool
        Accepted for compatibility; ignored.
    net_id : int
        Id of the network (0: the magic network).
    """
    _network(net_id).config(seed=seed)


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


def _network(net_id):
    from .registry import network_by_id

    return network_by_id(net_id)


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


DEPRECATED = [
    "setup",
    "compile",
    "simulate",
    "simulate_until",
    "step",
    "reset",
    "clear",
    "set_seed",
    "get_population",
    "get_projection",
    "populations",
    "projections",
    "monitors",
    "enable_learning",
    "disable_learning",
    "get_time",
    "set_time",
    "get_current_step",
    "set_current_step",
    "dt",
    "callbacks_enabled",
    "enable_callbacks",
    "disable_callbacks",
    "clear_all_callbacks",
    "save",
    "load",
    "save_parameters",
    "load_parameters",
]
