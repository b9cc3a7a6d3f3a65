"""The plugin manager: loaded lazily, on first use, from the ``annarchy`` entry-point group.

Each registry (``registry("connectors")``, ...) is filled by calling every plugin's hook
``register_<kind>`` with a `Registry` that knows which plugin is registering, so a
malformed object or a name registered twice is an error naming the plugin and its
distribution. Two environment variables restrict which entry points load, for debugging a
broken installation (the core's own plugin ``core`` always loads):

- ``ANNARCHY_PLUGINS=openmp,inputs``: load only these (entry-point or distribution names);
- ``ANNARCHY_DISABLE_PLUGINS=cuda,bold``: load all but these.
"""

from __future__ import annotations

import difflib
import importlib.metadata
import os
import warnings
from dataclasses import dataclass
from functools import cache

import pluggy

from . import hookspecs
from .errors import PluginError
from .plugin_checks import CHECKS

ENV_ONLY = "ANNARCHY_PLUGINS"
ENV_DISABLE = "ANNARCHY_DISABLE_PLUGINS"
CORE_PLUGIN = "core"

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

#: how error messages call an object of each registry
_LABELS = {
    "api": "API name",
    "bold_models": "BOLD model",
    "special_code": "special code",
}

#: plugin name -> the distribution that provides it (entry points, register_plugin)
_DISTRIBUTIONS: dict[str, str] = {CORE_PLUGIN: "annarchy-core"}


@dataclass(frozen=True)
class Origin:
    """Who registers an object: a plugin and the distribution that provides it."""

    plugin: str
    distribution: str

    def __str__(self) -> str:
        return f"plugin '{self.plugin}' (distribution {self.distribution})"


def origin_of(plugin_name: str) -> Origin:
    """The `Origin` of the plugin registered under ``plugin_name``."""
    return Origin(plugin_name, _DISTRIBUTIONS.get(plugin_name, "unknown"))


class Registry:
    """Named objects of one kind, with the plugin that registered each.

    Parameters
    ----------
    kind : str
        What the objects are, for error messages (``"connector"``).
    check : callable, optional
        ``check(name, obj)`` returns what is wrong with an object (None when it is acceptable);
        see ``ANNarchy.plugin_checks``.
    """

    def __init__(self, kind: str, check=None):
        self.kind = kind
        self._check = check
        self._items: dict = {}
        self._origins: dict = {}
        #: the plugin whose hook is running (set by the manager around each call)
        self.current = Origin("?", "unknown")

    def add(self, name, obj) -> None:
        """Register ``obj`` under ``name``.

        Parameters
        ----------
        name : str
            The name users and core look it up by.
        obj : object
            The registered object; its kind's protocol is checked.

        Raises
        ------
        PluginError
            ``name`` is already registered (the message names both plugins and their
            distributions), or ``obj`` does not follow the protocol of this kind.
        """
        origin = self.current
        try:
            first = self._origins.get(name)
        except TypeError:
            raise PluginError(
                f"{origin} registers a {self.kind} under an unhashable name {name!r}."
            ) from None
        if first is not None:
            raise PluginError(
                f"Two plugins register the {self.kind} {name!r}: {first} and {origin}. "
                "Uninstall one of them (or rename the object in your own plugin)."
            )
        problem = self._check(name, obj) if self._check is not None else None
        if problem:
            raise PluginError(f"{origin} cannot register the {self.kind} {name!r}: {problem}.")
        self._items[name] = obj
        self._origins[name] = origin

    def get(self, name):
        """The object registered under ``name``.

        Parameters
        ----------
        name : str
            The registered name.

        Returns
        -------
        object

        Raises
        ------
        PluginError
            When nothing is registered under ``name`` (naming the distribution to install when it
            is a known one).
        """
        try:
            return self._items[name]
        except KeyError:
            hint = ""
            if name in KNOWN_PROVIDERS:
                hint = f" Install it with: pip install {KNOWN_PROVIDERS[name]}"
            known = ", ".join(sorted(map(str, self._items))) or "none"
            raise PluginError(
                f"No {self.kind} named '{name}' is installed (known: {known}).{hint}"
                f"{restriction_note()}"
            ) from None

    def origin(self, name) -> Origin:
        """Which plugin (and distribution) registered ``name``.

        Parameters
        ----------
        name : str
            The registered name.

        Returns
        -------
        Origin
        """
        return self._origins[name]

    def __contains__(self, name) -> bool:
        return name in self._items

    def names(self) -> list:
        return list(self._items)

    def items(self):
        return self._items.items()


# ------------------------------------------------------------------ environment filter
def _env_names(variable: str) -> set[str] | None:
    value = os.environ.get(variable, "").strip()
    if not value:
        return None
    return {n.strip() for n in value.replace(";", ",").split(",") if n.strip()}


def restriction_note() -> str:
    """`` (plugins are restricted by ANNARCHY_PLUGINS=...)`` when a filter is set, else ``""``."""
    notes = [f"{v}={os.environ[v]}" for v in (ENV_ONLY, ENV_DISABLE) if _env_names(v)]
    return f" (plugins are restricted by {' and '.join(notes)})" if notes else ""


def _wanted(name: str, dist: str) -> bool:
    """Whether the entry point ``name`` of distribution ``dist`` passes the environment
    filter (the core's own plugin always does)."""
    if name == CORE_PLUGIN:
        return True
    only, disabled = _env_names(ENV_ONLY), _env_names(ENV_DISABLE)
    if only is not None and name not in only and dist not in only:
        return False
    return not (disabled and (name in disabled or dist in disabled))


def _warn_unknown_filter_names(found: dict[str, str]) -> None:
    """Warn when ``ANNARCHY_PLUGINS`` asks for a plugin that is not installed (disabling one
    that is not installed is harmless)."""
    unknown = sorted((_env_names(ENV_ONLY) or set()) - set(found) - set(found.values()))
    if unknown:
        warnings.warn(
            f"{ENV_ONLY} names {', '.join(unknown)}, which no installed plugin provides "
            f"(installed: {', '.join(sorted(found))}).",
            RuntimeWarning,
            stacklevel=4,
        )


# ------------------------------------------------------------------ loading
def _dist_name(ep) -> str:
    dist = getattr(ep, "dist", None)
    return dist.name if dist is not None else "unknown"


def _register(pm: pluggy.PluginManager, plugin, name: str) -> None:
    """``pm.register`` with pluggy's validation errors turned into a ``PluginError``."""
    try:
        pm.register(plugin, name=name)
    except (pluggy.PluginValidationError, ValueError) as exc:
        raise PluginError(
            f"{origin_of(name)} cannot be registered: {exc}. Fix the plugin, or load without "
            f"it: {ENV_DISABLE}={name}."
        ) from None


def _load_entry_points(pm: pluggy.PluginManager) -> None:
    """Register every wanted ``annarchy`` entry point. A plugin that fails to import is
    skipped with a warning naming its distribution (one broken plugin must not make the
    others unusable); two distributions declaring the same entry-point name is an error."""
    found: dict[str, str] = {}
    for ep in importlib.metadata.entry_points(group="annarchy"):
        dist = _dist_name(ep)
        if found.get(ep.name, dist) != dist:
            raise PluginError(
                f"The distributions {found[ep.name]} and {dist} both declare the ANNarchy "
                f"plugin '{ep.name}'; uninstall one of them."
            )
        found[ep.name] = dist
        if not _wanted(ep.name, dist) or pm.has_plugin(ep.name) or pm.is_blocked(ep.name):
            continue
        try:
            plugin = ep.load()
        except Exception as exc:  # any import failure of a third-party plugin
            warnings.warn(
                f"The ANNarchy plugin '{ep.name}' (distribution {dist}) could not be loaded "
                f"and is ignored: {exc}. Reinstall it (pip install --force-reinstall {dist}), "
                f"or silence this with {ENV_DISABLE}={ep.name}.",
                RuntimeWarning,
                stacklevel=3,
            )
            continue
        _DISTRIBUTIONS[ep.name] = dist
        _register(pm, plugin, ep.name)
    _warn_unknown_filter_names(found)


def _unknown_hooks(pm: pluggy.PluginManager, plugin) -> list[str]:
    """The hook names ``plugin`` implements that no hook specification declares."""
    names = []
    for name, caller in vars(pm.hook).items():
        if name.startswith("_") or caller.has_spec():
            continue
        if any(impl.plugin is plugin for impl in caller.get_hookimpls()):
            names.append(name)
    return sorted(names)


def _check_hooks(pm: pluggy.PluginManager) -> None:
    """``pm.check_pending()``: a hook implementation without specification (a misspelled
    hook) raises ``PluginError`` naming the plugin, its distribution and the closest hook."""
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        name = pm.get_name(exc.plugin) or repr(exc.plugin)
        unknown = _unknown_hooks(pm, exc.plugin)
        known = sorted(n for n in vars(hookspecs) if n.startswith("register_"))
        hints = [
            f"'{u}' (did you mean '{m[0]}'?)" if m else f"'{u}'"
            for u in unknown
            for m in [difflib.get_close_matches(u, known, n=1)]
        ]
        raise PluginError(
            f"{origin_of(name)} implements the unknown hook(s) {', '.join(hints)}. "
            f"The hooks are: {', '.join(known)}. Fix the plugin, or load without it: "
            f"{ENV_DISABLE}={name}."
        ) from None


@cache
def manager() -> pluggy.PluginManager:
    """The plugin manager with every wanted entry point loaded and checked.

    Raises
    ------
    PluginError
        A plugin implements an unknown hook, fails pluggy's validation, or two distributions
        declare the same plugin name. The error is raised again at every use (nothing cached).
    """
    pm = pluggy.PluginManager("annarchy")
    pm.add_hookspecs(hookspecs)
    _load_entry_points(pm)
    from . import builtin_plugin

    if not pm.is_registered(builtin_plugin) and not pm.has_plugin(CORE_PLUGIN):
        _register(pm, builtin_plugin, CORE_PLUGIN)
    _check_hooks(pm)
    return pm


def _fill(reg: Registry, kind: str) -> None:
    """Call each plugin's ``register_<kind>`` with ``reg`` knowing who registers."""
    caller = getattr(manager().hook, f"register_{kind}")
    for impl in caller.get_hookimpls():  # registration order: installed plugins first
        reg.current = origin_of(impl.plugin_name)
        if impl.wrapper or impl.hookwrapper:
            raise PluginError(f"{reg.current}: register_{kind} cannot be a hook wrapper.")
        try:
            impl.function(*(reg for _ in impl.argnames))
        except PluginError:
            raise
        except Exception as exc:  # a bug of the plugin: say whose
            raise PluginError(
                f"{reg.current}: its hook register_{kind} failed with {type(exc).__name__}: {exc}"
            ) from exc
    reg.current = Origin("?", "unknown")


@cache
def registry(kind: str) -> Registry:
    """The registry filled by hook ``register_<kind>`` of every plugin (cached).

    Parameters
    ----------
    kind : str
        ``backends``, ``connectors``, ``methods``, ``api``, ``extensions``, ``monitors``,
        ``bold_models``, ``special_code`` or ``settings``.
    """
    if kind not in CHECKS:
        raise PluginError(f"No plugin registry '{kind}' (known: {', '.join(CHECKS)}).")
    reg = Registry(_LABELS.get(kind, kind.rstrip("s")), CHECKS[kind])
    _fill(reg, kind)
    return reg


def refresh() -> None:
    """Forget loaded registries (after registering a plugin by hand, e.g. in tests)."""
    registry.cache_clear()


def reload() -> None:
    """Forget the plugin manager and the registries: entry points are read again at the next
    use (after changing ``ANNARCHY_PLUGINS``/``ANNARCHY_DISABLE_PLUGINS``, or installing)."""
    manager.cache_clear()
    refresh()


@cache
def _package_distributions() -> dict[str, list[str]]:
    return dict(importlib.metadata.packages_distributions())


def _distribution_of(obj) -> str:
    module = getattr(obj, "__name__", None) if hasattr(obj, "__file__") else None
    module = module or getattr(obj, "__module__", None) or type(obj).__module__
    dists = _package_distributions().get(str(module).split(".")[0])
    return dists[0] if dists else f"none: registered by hand from {module}"


def register_plugin(module_or_object, name: str | None = None, distribution: str | None = None):
    """Register a plugin object at run time (what an entry point does at install time).

    Parameters
    ----------
    module_or_object : module or object
        Holds ``@hookimpl`` functions or methods.
    name : str, optional
        The plugin name (default: pluggy's canonical name of the object).
    distribution : str, optional
        The distribution named in error messages (default: the one that installed the
        object's top-level package, if any).

    Raises
    ------
    PluginError
        The name is taken, or the plugin implements an unknown hook or fails pluggy's
        validation (it is then not registered).
    """
    pm = manager()
    name = name or pm.get_canonical_name(module_or_object)
    if pm.has_plugin(name):
        raise PluginError(
            f"A plugin named '{name}' is already registered ({origin_of(name)}); register "
            "yours under another name."
        )
    _DISTRIBUTIONS[name] = distribution or _distribution_of(module_or_object)
    _register(pm, module_or_object, name)
    try:
        _check_hooks(pm)
    except PluginError:
        pm.unregister(module_or_object)
        raise
    refresh()
