"""Entry point of ``annarchy-connector-ring`` (``[project.entry-points.annarchy] ring``).

ANNarchy loads this module on first use of its plugin registries and calls each ``@hookimpl``
function: every connector registered here becomes a method of ``Projection``.
"""

from __future__ import annotations

from ANNarchy.plugin import hookimpl


@hookimpl
def register_connectors(register):
    """``proj.ring(k, ...)`` and ``proj.small_world(k, p, ...)``."""
    from .connectors import ring, small_world  # imported when the registry is first read

    register.add("ring", ring)
    register.add("small_world", small_world)
