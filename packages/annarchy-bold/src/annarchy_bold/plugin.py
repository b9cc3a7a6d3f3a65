"""Entry point of ``annarchy-bold`` (``[project.entry-points.annarchy] bold``):
``ANNarchy.extensions.bold``, the ``BoldMonitor`` behind ``Network.boldmonitor()`` and the
predefined BOLD models."""

from __future__ import annotations

from ANNarchy.plugin import hookimpl

#: the predefined models, by name
MODELS = (
    "balloon_RN",
    "balloon_RL",
    "balloon_CN",
    "balloon_CL",
    "balloon_maith2021",
    "balloon_two_inputs",
)


@hookimpl
def register_extensions(register):
    """``import ANNarchy.extensions.bold as bold``."""
    register.add("bold", __package__)


@hookimpl
def register_monitors(register):
    """``Network.boldmonitor()`` creates this package's ``BoldMonitor``."""
    from .monitor import BoldMonitor

    register.add("BoldMonitor", BoldMonitor)


@hookimpl
def register_bold_models(register):
    """The predefined models, usable by name: ``net.boldmonitor(pop, bold_model="balloon_RL")``
    (classes: the monitor calls them for a model with default parameters)."""
    from . import predefined

    for name in MODELS:
        register.add(name, getattr(predefined, name))
