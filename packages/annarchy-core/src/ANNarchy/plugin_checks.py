"""What ``Registry.add(name, obj)`` accepts, per kind of registry.

Each check returns a sentence saying what is wrong with ``(name, obj)`` (None when it is
acceptable); ``Registry.add`` turns it into a ``PluginError`` naming the plugin and its
distribution, so a malformed object fails when it is registered, not later while a user's
model is parsed or a network compiled.
"""

from __future__ import annotations

import inspect
import sys
import types
from collections.abc import Callable

from .core.setting import Setting

_BACKEND_METHODS = ("available", "generate", "build", "load")


def _identifier(name) -> str | None:
    if not isinstance(name, str) or not name.isidentifier() or name.startswith("_"):
        return f"the name must be a public Python identifier, got {name!r}"
    return None


def _accepts_context(fn) -> bool:
    """Whether ``fn(ctx)`` binds (one positional argument, other parameters aside)."""
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):  # a builtin without signature: trust it
        return True
    try:
        signature.bind_partial(None)
    except TypeError:
        return False
    return True


def check_backend(name, obj) -> str | None:
    """A ``Backend`` instance: ``name`` equal to the registered name and the four methods."""
    if isinstance(obj, type):
        return f"register an instance of {obj.__name__}, not the class"
    missing = [m for m in _BACKEND_METHODS if not callable(getattr(obj, m, None))]
    if missing:
        return (
            f"{type(obj).__name__} lacks the Backend method(s) {', '.join(missing)} "
            "(see ANNarchy.plugin.Backend)"
        )
    if getattr(obj, "name", None) != name:
        return f"its name attribute is {getattr(obj, 'name', None)!r}; it must be {name!r}"
    return None


def check_connector(name, obj) -> str | None:
    """A callable ``fn(ctx, *args, **kwargs)``."""
    problem = _identifier(name)
    if problem:
        return problem
    if not callable(obj):
        return f"a connector is a callable fn(ctx, ...), got {type(obj).__name__}"
    if not _accepts_context(obj):
        return "a connector must take the ConnectContext as its first positional parameter"
    return None


def check_method(name, obj) -> str | None:
    """An ``annarchy_parser.Method`` instance whose ``name`` is the registered name."""
    if isinstance(obj, type):
        return f"register an instance of {obj.__name__}, not the class"
    if not isinstance(name, str) or not name:
        return f"the name must be a non-empty string, got {name!r}"
    if getattr(obj, "name", None) != name:
        return f"its name attribute is {getattr(obj, 'name', None)!r}; it must be {name!r}"
    if not isinstance(getattr(obj, "event_driven", None), bool):
        return "it needs a boolean attribute event_driven (see annarchy_parser.Method)"
    discretise = getattr(obj, "discretise", None)
    if not callable(discretise) or not _accepts_context(discretise):
        return "it needs a method discretise(odes) returning statements"
    return None


def check_api(name, obj) -> str | None:
    """A public name the core does not define itself (the core's name would hide it)."""
    problem = _identifier(name)
    if problem:
        return problem
    core = sys.modules.get("ANNarchy")
    if core is not None and (name in vars(core) or name in getattr(core, "_CORE_NAMES", ())):
        return f"ANNarchy.{name} is a name of the core; choose another name"
    return None


def check_extension(name, obj) -> str | None:
    """A dotted module name or a module."""
    problem = _identifier(name)
    if problem:
        return problem
    if isinstance(obj, types.ModuleType):
        return None
    if not isinstance(obj, str) or not all(p.isidentifier() for p in obj.split(".")):
        return f"an extension is a module or a dotted module name, got {obj!r}"
    return None


def check_monitor(name, obj) -> str | None:
    """A class."""
    problem = _identifier(name)
    if problem:
        return problem
    if not isinstance(obj, type):
        return f"a monitor is a class, got {type(obj).__name__}"
    return None


def check_bold_model(name, obj) -> str | None:
    """A ``BoldModel`` class or instance (checked by duck typing: the core does not import
    annarchy-bold)."""
    problem = _identifier(name)
    if problem:
        return problem
    if not isinstance(obj, type) and not (hasattr(obj, "inputs") and hasattr(obj, "output")):
        return f"a BOLD model is a BoldModel class or instance, got {type(obj).__name__}"
    return None


def check_special_code(name, obj) -> str | None:
    """A ``(backend, kind)`` key and a callable generator."""
    if not (isinstance(name, tuple) and len(name) == 2 and all(isinstance(n, str) for n in name)):
        return f"the key must be a (backend, kind) pair of strings, got {name!r}"
    if not callable(obj):
        return f"the generator must be callable, got {type(obj).__name__}"
    return None


def check_setting(name, obj) -> str | None:
    """A ``Setting``."""
    problem = _identifier(name)
    if problem:
        return problem
    if not isinstance(obj, Setting):
        return f"a setting is an ANNarchy.plugin.Setting, got {type(obj).__name__}"
    problem = obj.problem()
    if problem is None and obj.validate(obj.default) is not None:
        problem = f"its default {obj.default!r} fails its own check: {obj.validate(obj.default)}"
    return problem


#: kind of registry (the ``<kind>`` of hook ``register_<kind>``) -> its check
CHECKS: dict[str, Callable[[object, object], str | None]] = {
    "backends": check_backend,
    "connectors": check_connector,
    "methods": check_method,
    "api": check_api,
    "extensions": check_extension,
    "monitors": check_monitor,
    "bold_models": check_bold_model,
    "special_code": check_special_code,
    "settings": check_setting,
}
