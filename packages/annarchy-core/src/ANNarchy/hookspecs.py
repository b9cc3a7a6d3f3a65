"""The hooks a plugin may implement (pluggy project name ``annarchy``).

Every hook receives a `Registry` of one kind and calls
``register.add(name, obj)`` for each object it provides. The registry checks what is added
(see each hook below and ``ANNarchy.plugin_checks``) and raises ``PluginError`` naming the
plugin and its distribution for a malformed object or a name another plugin already
registered. The core's own connectors and numerical methods register through these same hooks
(``ANNarchy.builtin_plugin``). A distribution exposes its plugin module with::

    [project.entry-points.annarchy]
    myplugin = "my_package.plugin"

A hook implementation whose name is not one of these hooks (``register_conectors``) is an error
naming the plugin and its distribution, raised at the first use of a registry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from .plugins import Registry

hookspec = pluggy.HookspecMarker("annarchy")
hookimpl = pluggy.HookimplMarker("annarchy")


@hookspec
def register_backends(register: Registry) -> None:
    """Add code generators and runtimes, selected with ``net.config(paradigm=name)``.

    Parameters
    ----------
    register : Registry
        ``register.add("openmp", backend)``: ``backend`` is an instance following the
        ``Backend`` protocol (``ANNarchy.plugin.Backend``): a ``name`` equal to the registered
        name and the methods ``available()``, ``generate(net_ir)``, ``build(sources, options)``
        and ``load(build, net_ir)``.
    """


@hookspec
def register_connectors(register: Registry) -> None:
    """Add connection methods of ``Projection``, exposed as ``proj.<name>(...)``.

    Parameters
    ----------
    register : Registry
        ``register.add("fixed_number_pre", fn)``: ``fn(ctx, *args, **kwargs)`` is a callable
        whose first positional parameter receives a ``ConnectContext`` and which returns a
        ``Connectivity`` (both in ``ANNarchy.plugin``).
    """


@hookspec
def register_methods(register: Registry) -> None:
    """Add numerical methods usable in ``Variable(method=...)`` and equation flags.

    Parameters
    ----------
    register : Registry
        ``register.add(name, method)``: ``method`` is an instance (not a class) following the
        ``annarchy_parser.Method`` protocol: ``name`` equal to the registered name,
        ``event_driven`` (bool) and ``discretise(odes)`` returning parser statements.
    """


@hookspec
def register_api(register: Registry) -> None:
    """Add top-level names, reachable as ``ANNarchy.<name>`` and ``from ANNarchy import *``.

    Parameters
    ----------
    register : Registry
        ``register.add("PoissonPopulation", obj)``: ``name`` is a public identifier that the
        core does not define itself; ``obj`` is any object.
    """


@hookspec
def register_extensions(register: Registry) -> None:
    """Add extension modules, importable as ``ANNarchy.extensions.<name>``.

    Parameters
    ----------
    register : Registry
        ``register.add("convolution", "annarchy_convolution")``: ``name`` is an identifier and
        the value a dotted module name (imported on first use) or a module object.
    """


@hookspec
def register_monitors(register: Registry) -> None:
    """Add special monitors created through ``Network`` methods (e.g. ``BoldMonitor`` behind
    ``net.boldmonitor()``).

    Parameters
    ----------
    register : Registry
        ``register.add("BoldMonitor", cls)``: ``name`` is an identifier and ``cls`` a class.
        ``net.boldmonitor(...)`` (the spec's API for special monitors) creates the class
        registered as ``"BoldMonitor"``, with the keyword arguments of that method.
    """


@hookspec
def register_bold_models(register: Registry) -> None:
    """Add BOLD models, usable by name: ``net.boldmonitor(pop, bold_model="balloon_RN")``.

    Parameters
    ----------
    register : Registry
        ``register.add(name, model)``: ``model`` is a ``BoldModel`` class (called without
        arguments for a model with its default parameters) or a ``BoldModel`` instance.
    """


@hookspec
def register_special_code(register: Registry) -> None:
    """Add the native code of special objects (``TimedArray``, ...) for a backend.

    Parameters
    ----------
    register : Registry
        ``register.add((backend, kind), generator)``: the key is a pair of strings (backend
        name, kind of the special object) and ``generator`` a callable.
    """


@hookspec
def register_settings(register: Registry) -> None:
    """Add settings of ``net.config()``/``setup()`` (e.g. the ``cuda_device`` of a backend).

    Parameters
    ----------
    register : Registry
        ``register.add("cuda_device", Setting(default=0, check=...))``: ``name`` is an
        identifier that the core does not define and ``Setting`` (``ANNarchy.plugin.Setting``)
        gives the default, a check of the values, and optionally a command-line flag and a key
        of the configuration file that set it.
    """
