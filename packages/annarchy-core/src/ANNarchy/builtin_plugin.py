"""The core's own plugin: registers built-in connectors and numerical methods through the same
hooks a third-party distribution would use."""

from __future__ import annotations

from .hookspecs import hookimpl


@hookimpl
def register_connectors(register):
    from .connectors import BUILTIN_CONNECTORS

    for name, fn in BUILTIN_CONNECTORS.items():
        register.add(name, fn)
    from .connectors.from_file import from_file

    register.add("from_file", from_file)


@hookimpl
def register_methods(register):
    from annarchy_parser.methods import BUILTIN_METHODS

    for name, method in BUILTIN_METHODS.items():
        register.add(name, method)
