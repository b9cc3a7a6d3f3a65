"""ANNarchy 5: neural networks described in Python, generated as native code and simulated.

Names provided by other distributions (``ANNarchy.PoissonPopulation`` from ``annarchy-inputs``,
...) are found through the plugin registry ``registry("api")``; a missing one raises an error
naming the distribution to install.
"""

from __future__ import annotations

import importlib

from .core.callbacks import every
from .core.constant import Constant
from .core.dendrite import Dendrite, IndividualSynapse
from .core.functions import add_function, functions
from .core.global_api import (
    callbacks_enabled,
    clear,
    clear_all_callbacks,
    compile,
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
    reset,
    save,
    save_parameters,
    set_current_step,
    set_seed,
    set_time,
    setup,
    simulate,
    simulate_until,
    step,
)
from .core.monitor import Monitor
from .core.network import Network
from .core.neuron import Neuron, Synapse
from .core.population import Population
from .core.projection import Projection
from .core.registry import magic_network
from .core.report import report
from .core.saving_formats import StateFileError, StateMismatchError
from .core.utils import timeit
from .core.view import IndividualNeuron, PopulationView
from .errors import (
    ANNarchyException,
    BackendCapabilityError,
    CompilationError,
    InvalidConfiguration,
    NotCompiledError,
    ParserError,
    PluginError,
    ReadOnlyAttributeError,
    RecordingMemoryError,
    UnknownAttributeError,
)
from .random import (
    Binomial,
    DiscreteUniform,
    Exponential,
    Gamma,
    LogNormal,
    Normal,
    RandomDistribution,
    Uniform,
)
from .version import __version__

# Names defined in modules that may be missing while the packages are assembled; resolved on
# first access (module, attribute).
_LAZY = {
    "Parameter": ("annarchy_parser", "Parameter"),
    "Variable": ("annarchy_parser", "Variable"),
    "Creating": ("annarchy_parser", "Creating"),
    "Pruning": ("annarchy_parser", "Pruning"),
    "LILConnectivity": ("ANNarchy.connectors", "LILConnectivity"),
    "sparse_random_matrix": ("ANNarchy.connectors", "sparse_random_matrix"),
    "sparse_delays_from_weights": ("ANNarchy.connectors", "sparse_delays_from_weights"),
}
_MODEL_MODULE = "ANNarchy.models"


def _lazy(name: str):
    module_name, attr = _LAZY.get(name, (_MODEL_MODULE, name))
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    return getattr(module, attr, None)


def __getattr__(name: str):
    """Resolve names of other modules and plugins on first access."""
    if name == "__all__":
        return _star_names()
    if name.startswith("__"):
        raise AttributeError(name)
    if name == "models":  # the subpackage itself: ann.models.list_standard_neurons()
        return importlib.import_module(_MODEL_MODULE)
    value = _lazy(name)
    if value is not None:
        globals()[name] = value
        return value
    from .plugins import KNOWN_PROVIDERS, registry

    api = registry("api")
    if name in api:
        return api.get(name)
    if name in KNOWN_PROVIDERS:
        raise PluginError(
            f"ANNarchy.{name} is provided by a separate distribution: "
            f"pip install {KNOWN_PROVIDERS[name]}"
        )
    raise AttributeError(f"module 'ANNarchy' has no attribute '{name}'")


__all__ = [
    "ANNarchyException",
    "Binomial",
    "CompilationError",
    "Constant",
    "Dendrite",
    "DiscreteUniform",
    "Exponential",
    "Gamma",
    "IndividualNeuron",
    "IndividualSynapse",
    "InvalidConfiguration",
    "LogNormal",
    "Monitor",
    "Network",
    "Neuron",
    "Normal",
    "NotCompiledError",
    "ParserError",
    "PluginError",
    "Population",
    "PopulationView",
    "Projection",
    "RandomDistribution",
    "ReadOnlyAttributeError",
    "RecordingMemoryError",
    "BackendCapabilityError",
    "StateFileError",
    "StateMismatchError",
    "Synapse",
    "Uniform",
    "UnknownAttributeError",
    "__version__",
    "add_function",
    "callbacks_enabled",
    "clear",
    "clear_all_callbacks",
    "compile",
    "disable_callbacks",
    "disable_learning",
    "dt",
    "enable_callbacks",
    "enable_learning",
    "every",
    "functions",
    "get_current_step",
    "get_population",
    "get_projection",
    "get_time",
    "load",
    "load_parameters",
    "magic_network",
    "monitors",
    "populations",
    "projections",
    "report",
    "reset",
    "save",
    "save_parameters",
    "set_current_step",
    "set_seed",
    "set_time",
    "setup",
    "simulate",
    "simulate_until",
    "step",
    "timeit",
]
# `from ANNarchy import *` also gives the lazily resolved core names and the built-in models
# (as the reference), and the names of the installed plugins (PoissonPopulation, InputArray...):
# `__all__` is resolved by `__getattr__` on first use (see `_star_names`).
__all__ += [
    *_LAZY,
    *(
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
        "Oja",
        "STDP",
        "STP",
    ),
]
_CORE_NAMES = __all__
del __all__


def _star_names() -> list[str]:
    """``__all__``: the core names and those of the installed plugins (``from ANNarchy import *``
    in ANNarchy 4 scripts gives ``PoissonPopulation``, ``InputArray``...)."""
    from .plugins import registry

    plugin_names = [n for n in registry("api").names() if n not in _CORE_NAMES]
    return [*_CORE_NAMES, *plugin_names]
