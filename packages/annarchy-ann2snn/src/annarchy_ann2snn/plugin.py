"""Entry point of ``annarchy-ann2snn`` (``[project.entry-points.annarchy]
ann_to_snn_conversion``): ``ANNarchy.extensions.ann_to_snn_conversion``."""

from __future__ import annotations

from ANNarchy.plugin import hookimpl


@hookimpl
def register_extensions(register):
    """``ANNarchy.extensions.ann_to_snn_conversion`` (ANNtoSNNConverter)."""
    register.add("ann_to_snn_conversion", __package__)
