"""The plugin manager: loaded lazily, on first use, from the ``annarchy`` entry-point group."""

from __future__ import annotations

import importlib.metadata
import warnings
from functools import cache

import pluggy

from . import hookspecs
from .errors import PluginError

# Which distribution provides which well-known name, for error messages when it is missing.
KNOWN_PROVIDERS = {
    "openmp": "annarchy-backend-openmp",
    "cuda": "annarchy-backend-cuda",
    "PoissonPopulation": "annarchy-inputs",
    "TimedArray": "annarchy-inputs",
    "InputArray": "annarchy-inputs",
    "TimedPoissonPopulation": "annarchy-inputs",
    "SpikeSourceArray": "annarchy-inputs",
    "HomogeneousCorrelatedSpikeTrains": "annarchy-inputs",
    "CurrentInjection": "annarchy-inputs",
    "DecodingProjection": "annarchy-inputs",
    "ImagePopulation": "annarchy-inputs",
    "VideoPopulation": "annarchy-inputs",
    "convolution": "annarchy-convolution",
    "bold": "annarchy-bold",
    "tensorboard": "annarchy-tensorboard",
    "ann_to_snn_conversion": "annarchy-ann2snn",
}


class Registry:
    """Named objects of one kind; refuses duplicate names."""

    def __init__(self, kind: str):
        self.kind = kind
        self._items: dict[str, object] = {}

    def add(self, name: str, obj: object) -> None:
        if name in self._items:
            raise PluginError(f"Two plugins register the {self.kind} '{name}'.")
        self._items[name] = obj

    def get(self, name: str):
        try:
            return self._items[name]
        except KeyError:
            hint = ""
            if name in KNOWN_PROVIDERS:
                hint = f" Install it with: pip install {KNOWN_PROVIDERS[name]}"
            known = ", ".join(sorted(self._items)) or "none"
            raise PluginError(
                f"No {self.kind} named '{name}' is installed (known: {known}).{hint}"
            ) from None

    def __contains__(self, name: str) -> bool:
        return name in self._items

    def names(self) -> list[str]:
        return list(self._items)

    def items(self):
        return self._items.items()


def _load_entry_points(pm: pluggy.PluginManager) -> None:
    """Register every ``annarchy`` entry point; a plugin that fails to import is skipped with a
    warning naming its distribution (one broken plugin must not break the others)."""
    for ep in importlib.metadata.entry_points(group="annarchy"):
        if pm.get_plugin(ep.name) is not None or pm.is_blocked(ep.name):
            continue
        try:
            plugin = ep.load()
        except Exception as exc:  # any import failure of a third-party plugin
            dist = ep.dist.name if ep.dist is not None else "?"
            warnings.warn(
                f"The ANNarchy plugin '{ep.name}' (distribution {dist}) could not be loaded "
                f"and is ignored: {exc}. Reinstall it (pip install --force-reinstall {dist}).",
                RuntimeWarning,
                stacklevel=3,
            )
            continue
        pm.register(plugin, name=ep.name)


@cache
def manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager("annarchy")
    pm.add_hookspecs(hookspecs)
    _load_entry_points(pm)
    from . import builtin_plugin

    if not pm.is_registered(builtin_plugin) and pm.get_plugin("core") is None:
        pm.register(builtin_plugin, name="core")
    return pm


@cache
def registry(kind: str) -> Registry:
    """The registry filled by hook ``register_<kind>`` of every plugin (cached)."""
    reg = Registry(kind.rstrip("s"))
    getattr(manager().hook, f"register_{kind}")(register=reg)
    return reg


def refresh() -> None:
    """Forget loaded registries (after registering a plugin by hand, e.g. in tests)."""
    registry.cache_clear()


def register_plugin(module_or_object, name: str | None = None) -> None:
    """Register a plugin object at run time (what an entry point does at install time)."""
    manager().register(module_or_object, name=name)
    refresh()
