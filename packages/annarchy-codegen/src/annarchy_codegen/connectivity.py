"""Backend-neutral numpy helpers to replace a projection's synapses (structural plasticity).

``set_connectivity(owner, csr, values)`` of a runtime keeps, for every per-synapse (per-dendrite)
array not given, the values of the synapses (dendrites) that remain: they are matched by key
(``synapse_keys``: post rank * npre + pre rank; dendrites: post rank) and ``remap`` builds the
new array.
"""

from __future__ import annotations

import numpy as np


def synapse_keys(csr, npre: int) -> np.ndarray:
    """One sortable key per synapse of ``csr``: post rank * npre + pre rank (CSR order)."""
    rows = np.repeat(np.asarray(csr.post_ranks, np.int64), np.diff(csr.row_ptr))
    return rows * npre + np.asarray(csr.pre_ranks, np.int64)


def connectivity_keys(old_csr, new_csr, npre: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """``{'nnz': (old, new) synapse keys, 'rows': (old, new) post ranks}``."""
    return {
        "nnz": (synapse_keys(old_csr, npre), synapse_keys(new_csr, npre)),
        "rows": (np.asarray(old_csr.post_ranks, np.int64), np.asarray(new_csr.post_ranks)),
    }


def remap(old_keys: np.ndarray, new_keys: np.ndarray, old: np.ndarray, fill) -> np.ndarray:
    """Values for ``new_keys``: those of ``old_keys`` that remain, ``fill`` for the others."""
    out = np.empty(new_keys.shape, dtype=old.dtype)
    out[...] = fill
    if old_keys.size and new_keys.size:
        order = np.argsort(old_keys, kind="stable")
        pos = np.minimum(np.searchsorted(old_keys, new_keys, sorter=order), old_keys.size - 1)
        found = old_keys[order[pos]] == new_keys
        out[found] = old[order[pos[found]]]
    return out
