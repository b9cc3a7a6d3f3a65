"""Entry point of the ``openmp`` backend (``[project.entry-points.annarchy] openmp``)."""

from __future__ import annotations

from ANNarchy.plugin import hookimpl


@hookimpl
def register_backends(register):
    """Register the OpenMP backend under the name ``openmp``."""
    from .backend import OpenMPBackend

    register.add("openmp", OpenMPBackend())
