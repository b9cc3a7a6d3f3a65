"""Extensions provided by other distributions, importable as ``ANNarchy.extensions.<name>``.

A plugin registers ``register.add("convolution", "annarchy_convolution")`` through the
``register_extensions`` hook; ``import ANNarchy.extensions.convolution`` (or attribute access)
then gives that module. A missing extension raises an error naming the distribution.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys

from ..errors import PluginError

_PREFIX = __name__ + "."


def _target(name: str) -> str | None:
    """The module registered for extension ``name`` (raises if a known one is missing)."""
    from ..plugins import KNOWN_PROVIDERS, registry

    extensions = registry("extensions")
    if name in extensions:
        target = extensions.get(name)
        return target if isinstance(target, str) else getattr(target, "__name__", None)
    if name in KNOWN_PROVIDERS:
        raise PluginError(
            f"ANNarchy.extensions.{name} is provided by a separate distribution: "
            f"pip install {KNOWN_PROVIDERS[name]}"
        )
    return None


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target: str):
        self.target = target

    def create_module(self, spec):
        return importlib.import_module(self.target)

    def exec_module(self, module) -> None:
        """The target module is already executed."""


class _ExtensionFinder(importlib.abc.MetaPathFinder):
    """Maps ``ANNarchy.extensions.X`` to the module a plugin registered for ``X``."""

    def find_spec(self, fullname, path=None, target=None):
        if not fullname.startswith(_PREFIX) or "." in fullname[len(_PREFIX) :]:
            return None
        module = _target(fullname[len(_PREFIX) :])
        if module is None:
            return None
        return importlib.util.spec_from_loader(fullname, _AliasLoader(module))


if not any(isinstance(f, _ExtensionFinder) for f in sys.meta_path):
    sys.meta_path.append(_ExtensionFinder())


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    module = _target(name)
    if module is None:
        raise AttributeError(f"No ANNarchy extension named '{name}' is installed.")
    return importlib.import_module(_PREFIX + name)
