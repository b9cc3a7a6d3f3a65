"""The deprecated top-level API of ANNarchy 4 scripts, acting on the magic network.

``ann.setup()``, ``ann.compile()``, ``ann.simulate()``, ... still work; each warns once with a
``DeprecationWarning`` naming the ``Network`` method to use instead. The accessors (populations,
time, learning, callbacks, files) are in ``global_access``.
"""

from __future__ import annotations

from . import config as _config
from .constant import clear_global_constants
from .deprecation import _deprecated, _network, _warned
from .functions import clear_global_functions
from .global_access import (
    callbacks_enabled,
    clear_all_callbacks,
    disable_callbacks,
    disable_learning,
    dt,
    enable_callbacks,
    enable_learning,
    get_current_step,
    get_population,
    get_projection,
    get_time,
    load,
    load_parameters,
    monitors,
    populations,
    projections,
    save,
    save_parameters,
    set_current_step,
    set_time,
)
from .registry import existing_magic_network


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


__all__ = [
    "DEPRECATED",
    "_warned",
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

#: the deprecated top-level functions, all defined here or in ``global_access``
DEPRECATED = [name for name in __all__ if name not in ("DEPRECATED", "_warned")]
