"""The hooks a plugin may implement (pluggy project name ``annarchy``).

Every hook receives a typed registry and calls ``register.add(name, obj)``. The core's own
connectors, numerical methods and models register through these same hooks
(``ANNarchy.builtin_plugin``). A distribution exposes its plugin module with::

    [project.entry-points.annarchy]
    myplugin = "my_package.plugin"
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("annarchy")
hookimpl = pluggy.HookimplMarker("annarchy")


@hookspec
def register_backends(register):
    """Add code generators/runtimes: ``register.add("openmp", backend)``.

    ``backend`` follows the ``Backend`` protocol of ``ANNarchy.core.backend``.
    """


@hookspec
def register_connectors(register):
    """Add connection methods of ``Projection``: ``register.add("fixed_number_pre", fn)``.

    ``fn(ctx, *args, **kwargs)`` receives a ``ConnectContext`` and returns a ``Connectivity``
    (both in ``ANNarchy.connectors.base``);
    the projection exposes it as ``proj.fixed_number_pre(...)``.
    """


@hookspec
def register_methods(register):
    """Add numerical methods usable in ``Variable(method=...)``: ``register.add(name, method)``.

    ``method`` follows the ``annarchy_parser.methods.Method`` protocol.
    """


@hookspec
def register_api(register):
    """Add top-level names: ``register.add("PoissonPopulation", obj)``, reachable as ``ANNarchy.X``."""


@hookspec
def register_extensions(register):
    """Add extension modules: ``register.add("convolution", "annarchy_convolution")``,
    importable as ``ANNarchy.extensions.convolution``."""


@hookspec
def register_monitors(register):
    """Add special monitors (e.g. ``BoldMonitor``): ``register.add(name, cls)``."""


@hookspec
def register_bold_models(register):
    """Add BOLD models: ``register.add(name, model)``."""


@hookspec
def register_special_code(register):
    """Add backend code for special objects: ``register.add((backend, kind), generator)``."""
