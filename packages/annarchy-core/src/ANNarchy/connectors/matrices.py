"""Connectivity given as matrices: from_matrix (dense), from_sparse (scipy), from_matrix_market.

Matrices index the neurons of the projection's two sides in the order of the populations or
views (``matrix[i, j]`` is about the i-th neuron of the view, not the neuron of rank i).
"""

from __future__ import annotations

import numpy as np

from ..random import RandomDistribution
from ._util import (
    check_values,
    csr_from_counts,
    csr_from_pairs,
    describe,
    fail,
    is_sparse,
    ranks_of,
    reorder,
    synapse_values,
)
from .base import ConnectContext, Connectivity


def _dense(ctx, name: str, what: str, value) -> np.ndarray:
    """A 2-D float array, ``None`` entries turned into NaN."""
    if is_sparse(value):
        raise fail(ctx, name, f"'{what}' is a scipy sparse matrix: use from_sparse() instead.")
    if isinstance(value, np.ndarray) and value.dtype.kind in "fiub":
        arr = value.astype(np.float64)
    else:
        try:
            obj = np.array(value, dtype=object)
        except ValueError:
            obj = None
        if obj is None or obj.ndim != 2:
            raise fail(
                ctx,
                name,
                f"'{what}' must be a 2-D array or a list of lists of equal length.",
            )
        obj[np.equal(obj, None)] = np.nan
        try:
            arr = obj.astype(np.float64)
        except (TypeError, ValueError):
            raise fail(
                ctx, name, f"'{what}' holds entries that are neither numbers nor None."
            ) from None
    if arr.ndim != 2:
        raise fail(ctx, name, f"'{what}' must be a 2-D matrix, got {arr.ndim} dimension(s).")
    return arr


def _oriented(ctx, name, what, arr, pre_post, n_post, n_pre) -> np.ndarray:
    """Transpose when ``pre_post`` and check the (post, pre) shape."""
    if pre_post:
        arr = arr.T
    if arr.shape != (n_post, n_pre):
        expected = (n_pre, n_post) if pre_post else (n_post, n_pre)
        order = "(pre, post)" if pre_post else "(post, pre)"
        hint = "" if pre_post else "; pass pre_post=True if the first index is pre-synaptic"
        got = arr.T.shape if pre_post else arr.shape
        raise fail(
            ctx,
            name,
            f"'{what}' has shape {got}, expected {order} = {expected}{hint}.",
        )
    return arr


def from_matrix(
    ctx: ConnectContext,
    weights,
    delays=0.0,
    pre_post=False,
    storage_format=None,
    storage_order=None,
) -> Connectivity:
    """Connectivity from a dense matrix of weights.

    ``weights[i, j]`` is the weight from the j-th pre-synaptic neuron to the i-th post-synaptic
    neuron of the projection (the reverse when ``pre_post=True``). An entry ``None`` (or NaN)
    creates no synapse; every other entry, zero included, creates one.

    Parameters
    ----------
    ctx : ConnectContext
        The two sides of the projection.
    weights : array_like
        2-D numpy array or list of lists of equal length.
    delays : float, RandomDistribution or array_like, default 0.0
        One delay (ms), a distribution, or a matrix of the same shape as ``weights``.
    pre_post : bool, default False
        Whether the first index is the pre-synaptic one.
    storage_format, storage_order : str, optional
        Recorded in ``args``.

    Returns
    -------
    Connectivity
    """
    name = "from_matrix"
    pre, post = ranks_of(ctx, "pre", name), ranks_of(ctx, "post", name)
    w_mat = _oriented(
        ctx, name, "weights", _dense(ctx, name, "weights", weights), pre_post, post.size, pre.size
    )
    r, c = np.nonzero(~np.isnan(w_mat))
    csr, order = csr_from_pairs(ctx, name, post[r], pre[c])
    w = check_values(ctx, name, "weights", reorder(w_mat[r, c], order))
    if isinstance(delays, RandomDistribution) or np.ndim(delays) == 0:
        d = synapse_values(ctx, name, "delays", delays, csr.nnz)
    else:
        d_mat = _oriented(
            ctx, name, "delays", _dense(ctx, name, "delays", delays), pre_post, post.size, pre.size
        )
        if np.isnan(d_mat[r, c]).any():
            raise fail(ctx, name, "'delays' has None/NaN where 'weights' defines a synapse.")
        d = check_values(ctx, name, "delays", reorder(d_mat[r, c], order))
    return Connectivity(
        csr=csr,
        weights=w,
        delays=d,
        connector=name,
        args=describe(
            delays=delays,
            pre_post=pre_post,
            storage_format=storage_format,
            storage_order=storage_order,
        ),
    )


def _post_major(matrix):
    """A (pre, post) sparse matrix as CSR by post, duplicates summed, indices sorted."""
    import scipy.sparse as sp  # here: scipy takes about 0.5 s to import

    m = sp.csr_matrix(matrix.T)
    m.sum_duplicates()
    m.sort_indices()
    return m


def _sparse_csr(ctx, name: str, m, pre: np.ndarray, post: np.ndarray):
    """The CSR of a post-major matrix (rows: the post side, columns: the pre side)."""
    if np.all(np.diff(pre) > 0) and np.all(np.diff(post) > 0):  # ascending views: as stored
        counts = np.diff(m.indptr)
        pre32 = pre.astype(np.int32)
        return csr_from_counts(post, counts, pre32[m.indices]), None
    r = np.repeat(np.arange(post.size), np.diff(m.indptr))
    return csr_from_pairs(ctx, name, post[r], pre[m.indices])


def from_sparse(
    ctx: ConnectContext, weights, delays=0.0, storage_format=None, storage_order=None
) -> Connectivity:
    """Connectivity from a scipy sparse matrix of weights, of shape ``(pre, post)``.

    Every stored entry (explicit zeros included) is a synapse. Note that, unlike
    `from_matrix`, the first index is the pre-synaptic neuron.

    Parameters
    ----------
    ctx : ConnectContext
        The two sides of the projection.
    weights : scipy.sparse matrix
        ``lil_matrix``, ``csr_matrix``, ``csc_matrix`` or any other scipy sparse format.
    delays : float, RandomDistribution or scipy.sparse matrix, default 0.0
        One delay (ms), a distribution, or a sparse matrix with the same stored entries as
        ``weights`` (see ``sparse_delays_from_weights``).
    storage_format, storage_order : str, optional
        Recorded in ``args``.

    Returns
    -------
    Connectivity
    """
    name = "from_sparse"
    pre, post = ranks_of(ctx, "pre", name), ranks_of(ctx, "post", name)
    if not is_sparse(weights):
        raise fail(
            ctx,
            name,
            f"'weights' must be a scipy sparse matrix, got "
            f"{type(weights).__name__}; use from_matrix() for dense arrays.",
        )
    if weights.shape != (pre.size, post.size):
        raise fail(
            ctx,
            name,
            f"'weights' has shape {weights.shape}, expected (pre, post) = {(pre.size, post.size)}.",
        )
    m = _post_major(weights)
    csr, order = _sparse_csr(ctx, name, m, pre, post)
    w = check_values(ctx, name, "weights", reorder(m.data.astype(np.float64), order))
    if is_sparse(delays):
        dm = _post_major(delays) if delays.shape == weights.shape else None
        if dm is None or not (
            np.array_equal(dm.indptr, m.indptr) and np.array_equal(dm.indices, m.indices)
        ):
            raise fail(
                ctx,
                name,
                "the sparse 'delays' matrix must have the same shape and "
                "stored entries as 'weights'.",
            )
        d = check_values(ctx, name, "delays", reorder(dm.data.astype(np.float64), order))
    else:
        d = synapse_values(ctx, name, "delays", delays, csr.nnz)
    return Connectivity(
        csr=csr,
        weights=w,
        delays=d,
        connector=name,
        args=describe(delays=delays, storage_format=storage_format, storage_order=storage_order),
    )


def from_matrix_market(
    ctx: ConnectContext, filename, storage_format=None, storage_order=None
) -> Connectivity:
    """Connectivity from a Matrix Market file (``.mtx``) holding a ``(post, pre)`` weight matrix.

    Every stored entry of a coordinate file is a synapse; a dense (array) file is read like
    `from_matrix`.

    Parameters
    ----------
    ctx : ConnectContext
        The two sides of the projection.
    filename : str or path-like
        The ``.mtx`` file.
    storage_format, storage_order : str, optional
        Recorded in ``args``.

    Returns
    -------
    Connectivity
    """
    name = "from_matrix_market"
    import scipy.io  # here: scipy takes about 0.5 s to import

    try:
        matrix = scipy.io.mmread(filename)
    except (OSError, ValueError) as err:
        raise fail(ctx, name, f"cannot read the Matrix Market file '{filename}': {err}") from None
    if not is_sparse(matrix):
        conn = from_matrix(ctx, np.asarray(matrix, dtype=np.float64))
    else:
        n_pre, n_post = len(ctx.pre_ranks), len(ctx.post_ranks)
        if matrix.shape != (n_post, n_pre):
            raise fail(
                ctx,
                name,
                f"the matrix in '{filename}' has shape {matrix.shape}, "
                f"expected (post, pre) = {(n_post, n_pre)}.",
            )
        conn = from_sparse(ctx, matrix.T)
    conn.connector = name
    conn.args = describe(
        filename=str(filename), storage_format=storage_format, storage_order=storage_order
    )
    return conn
