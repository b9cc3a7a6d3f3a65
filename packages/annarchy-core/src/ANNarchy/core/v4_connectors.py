"""The ANNarchy 4 connector names: ``proj.connect_X(...)`` is ``proj.X(...)``.

ANNarchy 4 named every connector method ``connect_<pattern>``; ANNarchy 5 drops the prefix.
Any registered connector ``X`` (built-in or from a plugin) and any connector method a
``Projection`` subclass lists in ``_connector_methods`` (``Pooling.pooling``, ``Copy.copy``...)
is reachable under its 4.x name, with the same arguments and the same synapses, and warns with a
``DeprecationWarning`` that Python's warning filters show once per call site.
"""

from __future__ import annotations

import warnings

from ..plugins import registry

PREFIX = "connect_"

# 4.x names whose 5.x counterpart is not simply the name without the prefix.
RENAMED = {"with_func": "from_function"}


def v4_name(connector: str) -> str:
    """The ANNarchy 4 name of the connector method ``connector``."""
    old = {new: old for old, new in RENAMED.items()}.get(connector, connector)
    return PREFIX + old


def v4_connector(proj, name: str):
    """The connector method that the 4.x name ``name`` stands for, or None.

    Parameters
    ----------
    proj : Projection
        The projection the name is looked up on.
    name : str
        An attribute name such as ``connect_fixed_probability``.

    Returns
    -------
    callable or None
        The bound connector method (after warning), or None when ``name`` is no 4.x connector
        name of ``proj``.
    """
    if not name.startswith(PREFIX):
        return None
    short = name[len(PREFIX) :]
    new = RENAMED.get(short, short)
    connectors = registry("connectors")
    if new in connectors:
        method = proj._connector_method(new, connectors.get(new))
    elif new in getattr(type(proj), "_connector_methods", ()):
        method = getattr(proj, new)
    else:
        return None
    warnings.warn(
        f"Projection.{name}() is deprecated since ANNarchy 5.0: use {new}() instead "
        "(same arguments).",
        DeprecationWarning,
        stacklevel=3,
    )
    return method


def v4_names(proj, looked_up: str = PREFIX) -> list[str]:
    """All 4.x connector names of ``proj``, for the error on an unknown ``looked_up`` name
    (none unless it starts with ``connect``)."""
    if not looked_up.startswith(PREFIX[:-1]):
        return []
    names = [*registry("connectors").names(), *getattr(type(proj), "_connector_methods", ())]
    return [v4_name(n) for n in names]
