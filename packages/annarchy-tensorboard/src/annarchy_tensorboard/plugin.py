"""Entry point of ``annarchy-tensorboard`` (``[project.entry-points.annarchy] tensorboard``):
the extension module ``ANNarchy.extensions.tensorboard``."""

from __future__ import annotations

from ANNarchy.plugin import hookimpl


@hookimpl
def register_extensions(register):
    """``ANNarchy.extensions.tensorboard`` (Logger)."""
    register.add("tensorboard", __package__)
