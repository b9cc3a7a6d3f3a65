"""``Neuron`` and ``Synapse``: descriptions kept as written, parsed by ``annarchy_parser``.

A description is parsed when a population or projection uses it (``net.create``,
``net.connect``), so errors come before any code is generated, and again at ``compile()`` with the
network's final settings (constants, global functions, default numerical method). Results are
cached per settings, so each model is parsed once per distinct configuration.
"""

from __future__ import annotations

import itertools
from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import cache

from ..errors import InvalidConfiguration

_counter = itertools.count()


@dataclass(frozen=True)
class ParseSettings:
    """What a network contributes to parsing a model."""

    constants: tuple[str, ...] = ()
    global_functions: tuple = ()
    default_method: str = "explicit"


def parse_kwargs(settings: ParseSettings) -> dict:
    """The keyword arguments of ``parse_neuron``/``parse_synapse`` that come from the network:
    constants, global functions, default numerical method and the registered methods."""
    from ..plugins import registry

    return {
        "constants": settings.constants,
        "global_functions": settings.global_functions,
        "default_method": settings.default_method,
        "methods": dict(registry("methods").items()),
    }


class _Model(ABC):
    """What Neuron and Synapse share: the kept description and the parse cache."""

    _kind_label = "model"

    def _init_model(self, parameters, equations, functions, name, description, extra_values):
        self.parameters = parameters
        self.equations = equations
        self.functions = functions
        self.name = name or f"{self._kind_label}{next(_counter)}"
        self.description = description
        self.extra_values = dict(extra_values or {})
        self._parsed: dict[ParseSettings, object] = {}

    def _parse(self, settings: ParseSettings | None = None):
        """The model IR for these settings (parsed once, then cached)."""
        settings = settings or ParseSettings()
        if settings not in self._parsed:
            self._parsed[settings] = self._run_parser(settings)
        return self._parsed[settings]

    @abstractmethod
    def _run_parser(self, settings: ParseSettings):
        """Parse the description into the model's IR (``NeuronIR`` or ``SynapseIR``)."""


class Neuron(_Model):
    """Base class to define a neuron model.

    Rate-coded unless ``spike`` is given. The description is stored as written and parsed by
    ``annarchy_parser`` when a population uses it.

    Parameters
    ----------
    parameters : str or dict
        Parameters and their initial values.
    equations : str or list
        Equations of the variables.
    spike : str, optional
        Spike condition (spiking neurons only).
    axon_spike : str, optional
        Condition to emit an axonal spike.
    reset : str or list, optional
        Changes after a spike.
    axon_reset : str or list, optional
        Changes after an axonal spike.
    refractory : float or str, optional
        Refractory period in ms, or the name of a parameter.
    functions : str, optional
        Additional functions, ``"f(x) = ..."`` per line.
    name : str
        Name of the model (reports, error messages).
    description : str
        Short description (reports).
    extra_values : dict
        Extra values kept for extensions.
    """

    _kind_label = "neuron"

    def __init__(
        self,
        parameters="",
        equations="",
        spike=None,
        axon_spike=None,
        reset=None,
        axon_reset=None,
        refractory=None,
        functions=None,
        name="",
        description="",
        extra_values=None,
    ):
        self._init_model(parameters, equations, functions, name, description, extra_values)
        self.spike = spike
        self.axon_spike = axon_spike
        self.reset = reset
        self.axon_reset = axon_reset
        self.refractory = refractory
        self.type = "spike" if spike else "rate"

    def _run_parser(self, settings: ParseSettings):
        from annarchy_parser import parse_neuron

        return parse_neuron(
            name=self.name,
            parameters=self.parameters,
            equations=self.equations,
            spike=self.spike,
            reset=self.reset,
            refractory=self.refractory,
            axon_spike=self.axon_spike,
            axon_reset=self.axon_reset,
            functions=self.functions,
            **parse_kwargs(settings),
        )

    def __repr__(self) -> str:
        return f"<Neuron '{self.name}' ({self.type})>"


class Synapse(_Model):
    """Base class to define a synapse model.

    Parameters
    ----------
    parameters : str or dict
        Parameters and their initial values.
    equations : str or list
        Equations of the variables (including ``w`` when plastic).
    psp : str, optional
        Rate-coded transmission (default ``w * pre.r``).
    operation : str, default 'sum'
        ``sum``, ``max``, ``min`` or ``mean`` over the psp of a post-synaptic neuron.
    pre_spike : str or list, optional
        Updates when a pre-synaptic spike arrives (spiking only).
    post_spike : str or list, optional
        Updates when the post-synaptic neuron spikes (spiking only).
    pre_axon_spike : str, optional
        Updates when an axonal spike arrives.
    functions : str, optional
        Additional functions.
    pruning, creating : str, optional
        Structural plasticity conditions (kept for the backend).
    name : str, optional
        Name of the model.
    description : str, optional
        Short description.
    extra_values : dict
        Extra values kept for extensions.
    """

    _kind_label = "synapse"

    def __init__(
        self,
        parameters="",
        equations="",
        psp=None,
        operation="sum",
        pre_spike=None,
        post_spike=None,
        pre_axon_spike=None,
        functions=None,
        pruning=None,
        creating=None,
        name=None,
        description=None,
        extra_values=None,
    ):
        self._init_model(parameters, equations, functions, name, description, extra_values)
        if operation not in ("sum", "max", "min", "mean"):
            raise InvalidConfiguration(
                f"Synapse '{self.name}': operation must be 'sum', 'max', 'min' or 'mean', "
                f"got {operation!r}."
            )
        self.psp = psp
        self.operation = operation
        self.pre_spike = pre_spike
        self.post_spike = post_spike
        self.pre_axon_spike = pre_axon_spike
        self.pruning = pruning
        self.creating = creating
        self.type = "spike" if (pre_spike or post_spike or pre_axon_spike) else "rate"

    def _run_parser(self, settings: ParseSettings):
        from annarchy_parser import parse_synapse

        return parse_synapse(
            name=self.name,
            parameters=self.parameters,
            equations=self.equations,
            psp=self.psp,
            operation=self.operation,
            pre_spike=self.pre_spike,
            post_spike=self.post_spike,
            pre_axon_spike=self.pre_axon_spike,
            functions=self.functions,
            creating=self.creating,
            pruning=self.pruning,
            **parse_kwargs(settings),
        )

    def __repr__(self) -> str:
        return f"<Synapse '{self.name}' ({self.type})>"


@cache
def default_synapse(kind: str) -> Synapse:
    """The synapse of ``connect()`` without ``synapse=``: ``w * pre.r`` or ``g_target += w``."""
    if kind == "spike":
        return Synapse(pre_spike="g_target += w", name="Default spiking synapse")
    return Synapse(psp="w * pre.r", name="Default rate-coded synapse")


def as_model(obj, cls, owner: str):
    """Accept a model instance or a model class (instantiated without arguments)."""
    if isinstance(obj, type) and issubclass(obj, cls):
        obj = obj()
    if not isinstance(obj, cls):
        raise InvalidConfiguration(
            f"{owner}: expected a {cls.__name__} instance (e.g. ann.{cls.__name__}(...)), "
            f"got {type(obj).__name__}."
        )
    return obj
