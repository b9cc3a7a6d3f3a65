"""Example ANNarchy connector plugin: ``proj.ring()`` and ``proj.small_world()``."""

from __future__ import annotations

from .connectors import ring, small_world

__all__ = ["ring", "small_world"]
