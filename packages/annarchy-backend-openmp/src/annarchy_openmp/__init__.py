"""ANNarchy's CPU backend: C++ generated per network (jinja2), compiled once, run through ctypes."""

from __future__ import annotations

from .backend import OpenMPBackend

__all__ = ["OpenMPBackend"]
