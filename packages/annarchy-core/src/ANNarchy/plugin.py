"""The public surface for plugin authors: everything a third-party connector, numerical method,
backend or extension needs, in one import (``from ANNarchy.plugin import ...``).

First-party plugins (openmp, cuda, inputs, convolution, bold, tensorboard, ann2snn) import only
from here, ``ANNarchy`` (the user API), ``ANNarchy.errors`` and ``annarchy_codegen``; names of
deeper core modules may change without notice.
"""

from __future__ import annotations

from .connectors.base import ConnectContext, Connectivity, ConnectorError
from .connectors.build import (
    connectivity_from_pairs,
    csr_from_pairs,
    empty_csr,
    in_csr_order,
    synapse_values,
)
from .core.backend import Backend, BuildOptions, BuildResult, Runtime
from .core.build_folder import user_stacklevel
from .core.capabilities import (
    CAPABILITIES,
    SupportsClearSpikes,
    SupportsClose,
    SupportsConnectivity,
    SupportsDelays,
    SupportsEnable,
    SupportsFiringRate,
    SupportsHistoryDepth,
    SupportsLearningSchedule,
    SupportsMemoryReport,
    SupportsReady,
    SupportsRecordingCheck,
    SupportsSnapshot,
    SupportsStateAdapt,
    SupportsStateExport,
    SupportsStop,
    protocol_members,
    require,
    supports,
)
from .core.evaluate import FunctionEvaluator, numpy_function
from .core.monitor_target import owner_network
from .core.network_ir import CSR, NetworkIR, PopulationIR, ProjectionIR, SpecialIR
from .core.plugin_support import (
    add_extension,
    delays_ms,
    kept_value,
    parse_model,
    runtime_of,
    withdraw,
)
from .core.registry import network_by_id
from .core.synapse_values import counts_of
from .core.utils import is_user_name
from .core.view import base_population
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
    "SpecialIR",
    "hookimpl",
    "numpy_function",
    "register_plugin",
    "registry",
    "CAPABILITIES",
    "SupportsClearSpikes",
    "SupportsClose",
    "SupportsConnectivity",
    "SupportsDelays",
    "SupportsEnable",
    "SupportsFiringRate",
    "SupportsHistoryDepth",
    "SupportsLearningSchedule",
    "SupportsMemoryReport",
    "SupportsReady",
    "SupportsRecordingCheck",
    "SupportsSnapshot",
    "SupportsStateAdapt",
    "SupportsStateExport",
    "SupportsStop",
    "protocol_members",
    "require",
    "supports",
    "connectivity_from_pairs",
    "csr_from_pairs",
    "empty_csr",
    "in_csr_order",
    "synapse_values",
    "user_stacklevel",
    "owner_network",
    "add_extension",
    "delays_ms",
    "kept_value",
    "parse_model",
    "runtime_of",
    "withdraw",
    "network_by_id",
    "counts_of",
    "is_user_name",
    "base_population",
]
