"""Helpers for the connector tests: contexts, CSR invariants, dense views of a Connectivity."""

from __future__ import annotations

import numpy as np
from ANNarchy.connectors import ConnectContext


def make_ctx(
    pre=10,
    post=None,
    *,
    same=False,
    seed=0,
    pre_geo=None,
    post_geo=None,
    pre_ranks=None,
    post_ranks=None,
    name="proj0",
    pre_obj=None,
    post_obj=None,
) -> ConnectContext:
    """A context between populations of ``pre`` and ``post`` neurons (views through ranks)."""
    if post is None:
        post, post_geo = pre, post_geo or pre_geo
    return ConnectContext(
        pre_ranks=np.arange(pre) if pre_ranks is None else np.asarray(pre_ranks),
        post_ranks=np.arange(post) if post_ranks is None else np.asarray(post_ranks),
        pre_geometry=pre_geo or (pre,),
        post_geometry=post_geo or (post,),
        same_population=same,
        rng=np.random.default_rng(seed),
        dt=0.1,
        name=name,
        pre=pre_obj,
        post=post_obj,
    )


def check_csr(csr) -> None:
    """The CSR contract: dtypes, ascending rows, non-empty rows, strictly ascending pre ranks."""
    assert csr.post_ranks.dtype == np.int32 and csr.pre_ranks.dtype == np.int32
    assert csr.row_ptr.dtype == np.int64
    assert csr.row_ptr.size == csr.post_ranks.size + 1 and csr.row_ptr[0] == 0
    assert csr.row_ptr[-1] == csr.pre_ranks.size
    assert np.all(np.diff(csr.post_ranks) > 0)
    assert np.all(np.diff(csr.row_ptr) > 0)
    for i in range(csr.n_rows):
        row = csr.pre_ranks[csr.row_ptr[i] : csr.row_ptr[i + 1]]
        assert np.all(np.diff(row) > 0)


def post_of(csr) -> np.ndarray:
    """Post rank of each synapse in CSR order."""
    return np.repeat(csr.post_ranks, np.diff(csr.row_ptr))


def dense(conn, n_post, n_pre, what="weights") -> np.ndarray:
    """(n_post, n_pre) matrix of weights (or delays); NaN where there is no synapse."""
    out = np.full((n_post, n_pre), np.nan)
    values = np.broadcast_to(np.asarray(getattr(conn, what), float), (conn.csr.nnz,))
    out[post_of(conn.csr), conn.csr.pre_ranks] = values
    return out


def pairs(conn) -> set[tuple[int, int]]:
    """The synapses as (post, pre) pairs."""
    return set(zip(post_of(conn.csr).tolist(), conn.csr.pre_ranks.tolist(), strict=True))
