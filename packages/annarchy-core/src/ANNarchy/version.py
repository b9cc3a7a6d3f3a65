"""The version of the ANNarchy core (a leaf module: anything may import it)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:  # one place for the version: the distribution's metadata (pyproject.toml)
    __version__ = version("annarchy-core")
except PackageNotFoundError:  # imported from a source tree that is not installed
    __version__ = "0+unknown"
