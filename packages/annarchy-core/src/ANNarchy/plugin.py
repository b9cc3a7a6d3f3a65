"""The public surface for plugin authors: everything a third-party connector, numerical method,
backend or extension needs, in one import (``from ANNarchy.plugin import ...``).

First-party plugins (openmp, cuda, inputs, convolution, bold, tensorboard, ann2snn) import only
from here, ``ANNarchy`` (the user API, ``ANNarchy.extensions.*`` included), ``ANNarchy.errors``,
``annarchy_parser`` and ``annarchy_codegen`` (``tests/test_plugin_boundary.py`` checks it); names
of deeper core modules may change without notice.

What is here:

- plugins: ``hookimpl`` (mark the hook implementations of a plugin), ``registry`` /
  ``Registry`` / ``register_plugin`` (the registries filled by the hooks);
- the network IR a backend receives: ``NetworkIR``, ``PopulationIR``, ``ProjectionIR``,
  ``SpecialIR``, ``CSR``;
- connectors: ``ConnectContext`` (what a connector receives), ``Connectivity`` (what it
  returns), ``ConnectorError``, and helpers to build the result: ``csr_from_pairs``,
  ``in_csr_order``, ``synapse_values`` (numbers or distributions sampled per synapse),
  ``connectivity_from_pairs``, ``empty_csr``;
- backends: the ``Backend`` and ``Runtime`` protocols, ``BuildOptions``, ``BuildResult``; the
  optional runtime capabilities (``SupportsStop``, ``SupportsEnable``, ``SupportsDelays``,
  ``SupportsConnectivity``, ``SupportsStateExport``, ... listed in ``CAPABILITIES``) with
  ``supports(runtime, Cap)`` and ``require(runtime, Cap, what, backend)`` (a
  ``BackendCapabilityError`` naming the backend and what is missing); ``FunctionEvaluator`` and
  ``numpy_function`` (the expression evaluator of a backend without a compiler);
  ``user_stacklevel`` (warnings that point at the user's line);
- objects of a network, for extensions: ``base_population``, ``owner_network``,
  ``network_by_id``, ``runtime_of``, ``parse_model``, ``kept_value``, ``delays_ms``,
  ``counts_of``, ``add_extension``, ``withdraw``, ``is_user_name``.
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
    SupportsSpikeGrouping,
    SupportsSpikeLists,
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
from .core.setting import Setting
from .core.synapse_values import counts_of
from .core.utils import is_user_name
from .core.validate import validate
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
    "Setting",
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
    "SupportsSpikeGrouping",
    "SupportsSpikeLists",
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
    "validate",
]
