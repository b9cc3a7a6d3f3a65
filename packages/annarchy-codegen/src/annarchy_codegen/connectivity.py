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


# ------------------------------------------------------------------ pre-synaptic index
#: synapses handled at once by the numpy pre-synaptic index (bounds its temporary memory)
PRE_INDEX_BLOCK = 1 << 20


def index_dtype(nnz: int):
    """The integer type of a synapse index: int32 below 2**31 synapses, else int64."""
    return np.int32 if nnz < 2**31 else np.int64


def _stable_order(keys: np.ndarray, npre: int) -> np.ndarray:
    """Stable argsort of non-negative int32 keys, as radix passes of 16 bits (linear)."""
    order = np.argsort((keys & 0xFFFF).astype(np.uint16), kind="stable")
    if npre > 1 << 16:
        high = (keys >> 16).astype(np.uint16)[order]
        order = order[np.argsort(high, kind="stable")]
    return order


def _pre_index_numpy(pre_ranks, rows, post_ranks, pre_ptr, pre_syn, pre_post, npre) -> None:
    """Counting sort by blocks of synapses: each block is sorted by pre rank (stably) and
    scattered after the synapses of the blocks before it."""
    cursor = pre_ptr[:-1].copy()
    for start in range(0, pre_ranks.size, PRE_INDEX_BLOCK):
        keys = pre_ranks[start : start + PRE_INDEX_BLOCK]
        order = _stable_order(keys, npre)
        sorted_keys = keys[order]
        first = np.flatnonzero(np.concatenate(([True], sorted_keys[1:] != sorted_keys[:-1])))
        lengths = np.diff(np.append(first, sorted_keys.size))
        groups = sorted_keys[first]
        dest = np.arange(sorted_keys.size, dtype=np.int64) - np.repeat(
            first - cursor[groups], lengths
        )
        order += start
        pre_syn[dest] = order
        if pre_post is not None:
            pre_post[dest] = post_ranks[rows[order]]
        cursor[groups] += lengths


def pre_index(csr, npre: int, with_post: bool = True, native=None):
    """The pre-synaptic index of ``csr``: synapses grouped by pre-synaptic rank, in CSR order
    within a rank.

    Parameters
    ----------
    csr : CSR
        The connectivity (``pre_ranks`` int32 in ``[0, npre)``).
    npre : int
        Size of the pre-synaptic population.
    with_post : bool
        Also return the post-synaptic rank of each synapse in that order.
    native : callable, optional
        ``native(pre_ranks, row_ptr, post_ranks, npre, pre_ptr, pre_syn, pre_post) -> bool``
        filling the arrays in compiled code (a backend's extension); numpy does it when absent
        or when it returns False.

    Returns
    -------
    pre_ptr : numpy.ndarray
        int64, ``npre + 1``: the synapses of pre rank ``j`` are ``pre_syn[pre_ptr[j]:pre_ptr[j+1]]``.
    pre_syn : numpy.ndarray
        Synapse indices (CSR order), int32 below 2**31 synapses.
    pre_post : numpy.ndarray or None
        int32 post-synaptic ranks, in the order of ``pre_syn`` (None without ``with_post``).
    """
    pre_ranks = np.ascontiguousarray(csr.pre_ranks, dtype=np.int32)
    row_ptr = np.ascontiguousarray(csr.row_ptr, dtype=np.int64)
    post_ranks = np.ascontiguousarray(csr.post_ranks, dtype=np.int32)
    nnz = pre_ranks.size
    pre_ptr = np.zeros(npre + 1, dtype=np.int64)
    pre_syn = np.empty(nnz, dtype=index_dtype(nnz))
    pre_post = np.empty(nnz if with_post else 0, dtype=np.int32)
    if native is not None and native(
        pre_ranks, row_ptr, post_ranks, npre, pre_ptr, pre_syn, pre_post
    ):
        return pre_ptr, pre_syn, pre_post if with_post else None
    if nnz and (pre_ranks.min() < 0 or pre_ranks.max() >= npre):
        raise ValueError("pre_index: a pre-synaptic rank is outside [0, npre)")
    np.cumsum(np.bincount(pre_ranks, minlength=npre), out=pre_ptr[1:])
    rows = np.repeat(np.arange(post_ranks.size, dtype=np.int32), np.diff(row_ptr))
    _pre_index_numpy(
        pre_ranks, rows, post_ranks, pre_ptr, pre_syn, pre_post if with_post else None, npre
    )
    return pre_ptr, pre_syn, pre_post if with_post else None
