"""How the deprecated top-level functions of ANNarchy 4 scripts (``global_api``,
``global_access``) warn, once each, and find the network they act on."""

from __future__ import annotations

import functools
import warnings

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


def _network(net_id):
    from .registry import network_by_id

    return network_by_id(net_id)
