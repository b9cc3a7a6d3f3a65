"""Global functions: ``add_function()`` declares them, ``functions()`` calls them from Python."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import ANNarchyException, InvalidConfiguration
from .evaluate import numpy_function

# Functions declared with add_function(), by name, in declaration order.
_GLOBAL_FUNCTIONS: dict[str, object] = {}


def add_function(function: str) -> None:
    """Define a global function usable by all neurons and synapses.

    Parameters
    ----------
    function : str
        One or more definitions, e.g. ``'logistic(x) = 1 / (1 + exp(-x))'``.

    Examples
    --------
    >>> add_function('sq(x) = x * x')
    """
    from annarchy_parser import parse_function

    if not isinstance(function, str):
        raise InvalidConfiguration(
            f"add_function() expects a string such as 'f(x) = x * x', got {function!r}."
        )
    parsed = parse_function(function)
    defs = parsed if isinstance(parsed, (list, tuple)) else (parsed,)
    for fdef in defs:
        if fdef.name in _GLOBAL_FUNCTIONS and _GLOBAL_FUNCTIONS[fdef.name] != fdef:
            raise InvalidConfiguration(
                f"add_function(): the function '{fdef.name}' is already defined differently; "
                "call ann.clear() to forget the previous definition."
            )
        _GLOBAL_FUNCTIONS[fdef.name] = fdef


def functions(name: str, network=None) -> Callable:
    """A global function declared with ``add_function()``, callable on lists or 1D arrays.

    Parameters
    ----------
    name : str
        Name of the function.
    network : Network, optional
        Unused: global functions are the same in every network.

    Returns
    -------
    callable
        ``f(*arrays) -> numpy.ndarray``.
    """
    if name not in _GLOBAL_FUNCTIONS:
        known = ", ".join(_GLOBAL_FUNCTIONS) or "none"
        raise ANNarchyException(
            f"functions(): no global function named '{name}' (declared: {known}); "
            "declare it with ann.add_function()."
        )
    return numpy_function(_GLOBAL_FUNCTIONS[name], _GLOBAL_FUNCTIONS)


def global_functions() -> tuple:
    """The FunctionDef of every global function, in declaration order."""
    return tuple(_GLOBAL_FUNCTIONS.values())


def clear_global_functions() -> None:
    """Forget every global function (``ann.clear()``)."""
    _GLOBAL_FUNCTIONS.clear()
