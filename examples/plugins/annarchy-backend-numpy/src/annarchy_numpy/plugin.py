"""The entry point of the distribution (group ``annarchy``): registers the backend."""

from __future__ import annotations

from ANNarchy.plugin import hookimpl

from .backend import NumpyBackend


@hookimpl
def register_backends(register):
    register.add("numpy", NumpyBackend())
