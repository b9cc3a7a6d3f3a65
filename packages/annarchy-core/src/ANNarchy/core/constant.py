"""``Constant``: a named value usable in every equation of a network, changeable at run time."""

from __future__ import annotations

import operator
import weakref
from numbers import Real

from ..errors import InvalidConfiguration
from .utils import is_user_name

# Constants declared at the global level (``ann.Constant(...)``), by name.
_GLOBAL_CONSTANTS: dict[str, Constant] = {}


class Constant(float):
    """Constant parameter that can be used by all neurons and synapses.

    Behaves as a float in arithmetic (the result is a plain float). ``set()`` changes the value;
    a constant declared at the global level propagates the change to every network's copy.

    Parameters
    ----------
    name : str
        Unique name, usable in equations.
    value : float
        Initial value (a number or a combination of constants).
    net_id : int, default 0
        0 declares a global constant; ``Network.constant()`` passes its own id.

    Examples
    --------
    >>> tau = Constant('tau', 20.0)
    >>> tau.set(30.0)
    """

    def __new__(cls, name: str, value, net_id: int = 0):
        return super().__new__(cls, _check_value(name, value))

    def __init__(self, name: str, value, net_id: int = 0):
        if not is_user_name(name):
            raise InvalidConfiguration(
                "Constant: the name must be ASCII letters, digits and '_', starting with a "
                f"letter, got {name!r}."
            )
        self.name = name
        self.value = _check_value(name, value)
        self.net_id = net_id
        self._copies: weakref.WeakSet = weakref.WeakSet()
        self._network = None  # weakref to the owning network, for run-time updates
        if net_id == 0:
            if name in _GLOBAL_CONSTANTS:
                raise InvalidConfiguration(
                    f"Constant '{name}' is already declared at the global level; use "
                    f"get_constant('{name}').set(value) to change it, or ann.clear() first."
                )
            _GLOBAL_CONSTANTS[name] = self

    def set(self, value) -> None:
        """Change the value of the constant.

        Parameters
        ----------
        value : float
            The new value. A global constant passes it on to every network's copy.
        """
        self.value = _check_value(self.name, value)
        if self.net_id == 0:
            from .registry import existing_magic_network

            net = existing_magic_network()
        else:
            net = self._network() if self._network is not None else None
        if net is not None:
            net._constant_changed(self)
        for copy in list(self._copies):
            copy.set(self.value)

    def _copy_for(self, net) -> Constant:
        """A network-local copy that follows later ``set()`` calls on this global constant."""
        local = Constant(self.name, self.value, net_id=net.id)
        local._network = weakref.ref(net)
        self._copies.add(local)
        return local

    def __float__(self) -> float:
        return float(self.value)

    def __repr__(self) -> str:
        return repr(self.value)

    def __str__(self) -> str:
        return str(self.value)

    def __hash__(self) -> int:
        return hash(self.value)

    def __reduce__(self):
        return (float, (self.value,))


def _check_value(name: str, value) -> float:
    if isinstance(value, Real) and not isinstance(value, bool):
        return float(value)
    raise InvalidConfiguration(f"Constant '{name}': the value must be a number, got {value!r}.")


def _binary(op, reflected: bool = False):
    def method(self, other):
        other = other.value if isinstance(other, Constant) else other
        if not isinstance(other, Real):
            return NotImplemented
        return op(other, self.value) if reflected else op(self.value, other)

    return method


for _name, _op in {
    "add": operator.add,
    "sub": operator.sub,
    "mul": operator.mul,
    "truediv": operator.truediv,
    "floordiv": operator.floordiv,
    "mod": operator.mod,
    "pow": operator.pow,
}.items():
    setattr(Constant, f"__{_name}__", _binary(_op))
    setattr(Constant, f"__r{_name}__", _binary(_op, reflected=True))
for _name, _op in {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
}.items():
    setattr(Constant, f"__{_name}__", _binary(_op))
Constant.__neg__ = lambda self: -self.value
Constant.__pos__ = lambda self: +self.value
Constant.__abs__ = lambda self: abs(self.value)
Constant.__bool__ = lambda self: bool(self.value)
Constant.__int__ = lambda self: int(self.value)
Constant.__round__ = lambda self, n=None: round(self.value, n)


def global_constants() -> dict[str, Constant]:
    """The constants declared at the global level, by name."""
    return dict(_GLOBAL_CONSTANTS)


def clear_global_constants() -> None:
    """Forget every global constant (``ann.clear()``)."""
    _GLOBAL_CONSTANTS.clear()
