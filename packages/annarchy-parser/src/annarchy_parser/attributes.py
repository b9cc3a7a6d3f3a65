"""``Parameter`` and ``Variable``: the dataclasses users put in ``parameters`` and ``equations``.

Core re-exports them as ``ann.Parameter`` and ``ann.Variable``.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

from .errors import InvalidConfiguration

_TYPES = {
    float: "double",
    int: "int",
    bool: "bool",
    "float": "double",
    "double": "double",
    "int": "int",
    "bool": "bool",
}
_LOCALITIES = {
    "local": "local",
    "global": "global",
    "semiglobal": "semiglobal",
    # the string-interface flags, accepted here too
    "population": "global",
    "projection": "global",
    "postsynaptic": "semiglobal",
}


def normalize_type(value: object, owner: str = "") -> str:
    """Return the IR ctype ('double', 'int' or 'bool') of a user type (``float``, ``'int'``...).

    Raises
    ------
    InvalidConfiguration
        If the type is not one of float, int, bool (as Python types or strings).
    """
    try:
        return _TYPES[value]  # type: ignore[index]
    except (KeyError, TypeError):
        where = f"{owner}: " if owner else ""
        raise InvalidConfiguration(
            f"{where}type must be float, int or bool (or their names as strings), got {value!r}"
        ) from None


def normalize_locality(value: object, owner: str = "") -> str:
    """Return the IR locality ('local', 'semiglobal' or 'global') of a user locality string.

    Raises
    ------
    InvalidConfiguration
        If the locality is not 'local', 'semiglobal' or 'global'.
    """
    try:
        return _LOCALITIES[value]  # type: ignore[index]
    except (KeyError, TypeError):
        where = f"{owner}: " if owner else ""
        raise InvalidConfiguration(
            f"{where}locality must be 'local', 'semiglobal' or 'global', got {value!r}"
        ) from None


@dataclass
class Parameter:
    """A parameter of a Neuron or Synapse, given as a value of the ``parameters`` dict.

    Parameters
    ----------
    value : float | int | bool | RandomDistribution | str
        Initial value. A random distribution is sampled by the core with the right shape; a
        string names a constant.
    locality : str | None
        'local' (one value per neuron or synapse), 'semiglobal' (one value per post-synaptic
        neuron, synapses only) or 'global' (one value per population or projection). When
        left out, a parameter is global, as the manual states ("The default locality of a
        parameter is global") and the reference implementation does, except a parameter whose
        value is a random distribution, which is local (the example of the API reference,
        ``baseline = Parameter(value=Uniform(-1., 1.))``; the reference fails on it).
    type : type | str
        float, int or bool (or 'float', 'int', 'bool').

    Examples
    --------
    >>> Parameter(10.0).locality
    'global'
    >>> Parameter(10.0, locality="local").locality
    'local'
    """

    value: object
    locality: str | None = None
    type: object = "float"

    def __post_init__(self) -> None:
        self.ctype = normalize_type(self.type, "Parameter")
        if self.locality is None:
            plain = isinstance(self.value, (numbers.Number, str)) or self.value is None
            self.locality = "global" if plain else "local"
        self.locality_ir = normalize_locality(self.locality, "Parameter")


@dataclass
class Variable:
    """A variable of a Neuron or Synapse, given in the ``equations`` list.

    Parameters
    ----------
    equation : str
        The equation, e.g. ``'tau * dv/dt + v = I'`` or ``'r = pos(v)'``.
    init : float | int | bool | RandomDistribution | str | None
        Initial value (0 of the type by default); a string names a parameter or a constant.
    min, max : float | str | None
        Bounds applied after each update; a string is an expression of parameters/constants.
    method : str | None
        Numerical method of an ODE ('explicit', 'implicit', 'semiimplicit', 'exponential',
        'midpoint', 'rk4', 'event-driven'); the network's default when None.
    locality : str
        'local' (default), 'semiglobal' or 'global'.
    type : type | str
        float, int or bool (or 'float', 'int', 'bool').
    """

    equation: str
    init: object = None
    min: object = None
    max: object = None
    method: str | None = None
    locality: str = "local"
    type: object = "float"

    def __post_init__(self) -> None:
        if not isinstance(self.equation, str):
            raise InvalidConfiguration(
                f"Variable: the equation must be a string, got {type(self.equation).__name__}"
            )
        self.ctype = normalize_type(self.type, f"Variable('{self.equation}')")
        self.locality_ir = normalize_locality(self.locality, f"Variable('{self.equation}')")


@dataclass
class Creating:
    """Creation condition of a synapse (structural plasticity).

    Parameters
    ----------
    equation : str
        Boolean condition on pre-/post-synaptic attributes and parameters, e.g.
        ``"pre.r * post.r > T"``.
    proba : float
        Probability of creating the synapse when the condition holds.
    w : float
        Weight of a created synapse.
    d : float | None
        Delay of a created synapse (ms); the projection's default when None.
    """

    equation: str
    proba: float = 1.0
    w: float = 0.0
    d: float | None = None


@dataclass
class Pruning:
    """Pruning condition of a synapse (structural plasticity).

    Parameters
    ----------
    equation : str
        Boolean condition, which may use the synapse's own variables (e.g. ``"age > T"``).
    proba : float
        Probability of deleting the synapse when the condition holds.
    """

    equation: str
    proba: float = 1.0
