"""The version of the ANNarchy core (a leaf module: anything may import it)."""

from __future__ import annotations

__version__ = "5.0.0"
