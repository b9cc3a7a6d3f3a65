"""Connectors: the functions that build a projection's connectivity, weights and delays.

Each connector is ``fn(ctx: ConnectContext, *args, **kwargs) -> Connectivity``; the core
registers `BUILTIN_CONNECTORS` through the ``register_connectors`` hook and exposes every
entry as a method of ``Projection`` (``proj.fixed_probability(0.1, weights=1.0)``).
"""

from __future__ import annotations

from .base import ConnectContext, Connectivity, ConnectorError
from .lil import LILConnectivity, SideView, from_function
from .matrices import from_matrix, from_matrix_market, from_sparse
from .patterns import (
    all_to_all,
    fixed_number_post,
    fixed_number_pre,
    fixed_probability,
    one_to_one,
)
from .sparse import sparse_delays_from_weights, sparse_random_matrix
from .spatial import dog, gaussian, normalised_positions

BUILTIN_CONNECTORS = {
    "all_to_all": all_to_all,
    "one_to_one": one_to_one,
    "fixed_probability": fixed_probability,
    "fixed_number_pre": fixed_number_pre,
    "fixed_number_post": fixed_number_post,
    "gaussian": gaussian,
    "dog": dog,
    "from_matrix": from_matrix,
    "from_sparse": from_sparse,
    "from_function": from_function,
    "from_matrix_market": from_matrix_market,
}

__all__ = [
    "BUILTIN_CONNECTORS",
    "ConnectContext",
    "Connectivity",
    "ConnectorError",
    "LILConnectivity",
    "SideView",
    "all_to_all",
    "one_to_one",
    "fixed_probability",
    "fixed_number_pre",
    "fixed_number_post",
    "gaussian",
    "dog",
    "from_matrix",
    "from_sparse",
    "from_function",
    "from_matrix_market",
    "normalised_positions",
    "sparse_random_matrix",
    "sparse_delays_from_weights",
]
