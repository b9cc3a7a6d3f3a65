"""Entry point of ``annarchy-convolution`` (``[project.entry-points.annarchy] convolution``):
``ANNarchy.extensions.convolution`` (Convolution, Pooling, Copy, Transpose)."""

from __future__ import annotations

from ANNarchy.plugin import hookimpl


@hookimpl
def register_extensions(register):
    """``ANNarchy.extensions.convolution``."""
    register.add("convolution", __package__)
