"""The public surface for plugin authors: everything a third-party connector, numerical method,
backend or extension needs, in one import (``from ANNarchy.plugin import ...``).

First-party plugins (openmp, cuda, inputs, convolution, bold, tensorboard, ann2snn) import only
from here, ``ANNarchy`` (the user API), ``ANNarchy.errors`` and ``annarchy_codegen``; names of
deeper core modules may change without notice.
"""

from __future__ import annotations

from .connectors.base import ConnectContext, Connectivity, ConnectorError
from .core.backend import Backend, BuildOptions, BuildResult, Runtime
from .core.evaluate import FunctionEvaluator, numpy_function
from .core.network_ir import CSR, NetworkIR, PopulationIR, ProjectionIR, SpecialIR
from .core.setting import Setting
from .core.validate import validate
from .hookspecs import hookimpl
from .plugins import Registry, register_plugin, registry

__all__ = [
    "CSR",
    "Backend",
    "BuildOptions",
    "BuildResult",
    "ConnectContext",
    "Connectivity",
    "ConnectorError",
    "FunctionEvaluator",
    "NetworkIR",
    "PopulationIR",
    "ProjectionIR",
    "Registry",
    "Runtime",
    "Setting",
    "SpecialIR",
    "hookimpl",
    "numpy_function",
    "register_plugin",
    "registry",
    "validate",
]
