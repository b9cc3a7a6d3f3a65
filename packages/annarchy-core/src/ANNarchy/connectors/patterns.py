"""The random and regular built-in patterns: all_to_all, one_to_one, fixed_probability,
fixed_number_pre and fixed_number_post.

Every function takes the `ConnectContext` first and returns a
`Connectivity`; the projection exposes them as methods
(``proj.fixed_probability(0.1, weights=1.0)``). They are vectorised with numpy: nothing loops
over synapses in Python.
"""

from __future__ import annotations

import warnings

import numpy as np

from ._util import (
    bernoulli_blocks,
    bernoulli_capacity,
    check_number,
    csr_from_counts,
    csr_from_pairs,
    describe,
    empty_csr,
    fail,
    ranks_of,
    sorted_ranks,
    synapse_values,
)
from .base import ConnectContext, Connectivity

# Largest number of random keys drawn at once by the dense sampler (memory bound).
_BLOCK = 1 << 22


def _self_positions(ctx, exclude: bool, rows: np.ndarray, cands: np.ndarray) -> np.ndarray:
    """For each row neuron, the index in ``cands`` (sorted) of the same neuron, or -1.

    Only computed when self-connections must be excluded (same population, not allowed).
    """
    skip = np.full(rows.size, -1, dtype=np.int64)
    if not exclude or cands.size == 0:
        return skip
    pos = np.searchsorted(cands, rows)
    found = (pos < cands.size) & (cands[np.minimum(pos, cands.size - 1)] == rows)
    skip[found] = pos[found]
    return skip


def _finish(ctx, name, csr, weights, delays, **args) -> Connectivity:
    """Sample weights and delays for the CSR and wrap everything in a Connectivity."""
    w = synapse_values(ctx, name, "weights", weights, csr.nnz)
    d = synapse_values(ctx, name, "delays", delays, csr.nnz)
    return Connectivity(
        csr=csr,
        weights=w,
        delays=d,
        connector=name,
        args=describe(weights=weights, delays=delays, **args),
    )


def all_to_all(
    ctx: ConnectContext,
    weights,
    delays=0.0,
    allow_self_connections=False,
    force_multiple_weights=False,
    storage_format=None,
    storage_order=None,
) -> Connectivity:
    """All-to-all (fully connected) pattern.

    Parameters
    ----------
    ctx : ConnectContext
        The two sides of the projection.
    weights : float or RandomDistribution
        One value for all synapses, or a distribution sampled once per synapse.
    delays : float or RandomDistribution, default 0.0
        Synaptic delays in ms (0 means one step).
    allow_self_connections : bool, default False
        Within one population, whether a neuron may connect to itself.
    force_multiple_weights : bool, default False
        Keep one weight per synapse even for a single value (recorded in ``args``).
    storage_format, storage_order : str, optional
        Recorded in ``args`` for the projection.

    Returns
    -------
    Connectivity
    """
    pre, post = sorted_ranks(ctx, "pre", "all_to_all"), sorted_ranks(ctx, "post", "all_to_all")
    exclude = ctx.same_population and not allow_self_connections
    skip = _self_positions(ctx, exclude, post, pre)
    pre32 = pre.astype(np.int32)
    if np.any(skip >= 0):
        mask = np.ones((post.size, pre.size), dtype=bool)
        rows = np.flatnonzero(skip >= 0)
        mask[rows, skip[rows]] = False
        flat = np.broadcast_to(pre32, mask.shape)[mask]
        counts = pre.size - (skip >= 0)
    else:
        flat = np.tile(pre32, post.size)
        counts = np.full(post.size, pre.size)
    csr = csr_from_counts(post, counts, flat)
    return _finish(
        ctx,
        "all_to_all",
        csr,
        weights,
        delays,
        allow_self_connections=allow_self_connections,
        force_multiple_weights=force_multiple_weights,
        storage_format=storage_format,
        storage_order=storage_order,
    )


def one_to_one(
    ctx: ConnectContext,
    weights=1.0,
    delays=0.0,
    force_multiple_weights=False,
    storage_format=None,
    storage_order=None,
) -> Connectivity:
    """One-to-one pattern: the i-th post-synaptic neuron receives from the i-th pre-synaptic one.

    Neurons are paired in the order of the populations (or views). When the two sides differ in
    size, only the first ``min(pre, post)`` pairs are connected and a warning is issued.

    Parameters
    ----------
    ctx : ConnectContext
        The two sides of the projection.
    weights : float or RandomDistribution, default 1.0
        Initial weights.
    delays : float or RandomDistribution, default 0.0
        Synaptic delays in ms.
    force_multiple_weights : bool, default False
        Recorded in ``args``.
    storage_format, storage_order : str, optional
        Recorded in ``args``.

    Returns
    -------
    Connectivity
    """
    pre, post = ranks_of(ctx, "pre", "one_to_one"), ranks_of(ctx, "post", "one_to_one")
    if pre.size != post.size:
        who = f"projection '{ctx.name}'" if ctx.name else "a projection"
        warnings.warn(
            f"one_to_one() in {who}: the pre-synaptic side has {pre.size} neurons and the "
            f"post-synaptic side {post.size}; only the first {min(pre.size, post.size)} pairs "
            "are connected.",
            UserWarning,
            stacklevel=2,
        )
    n = min(pre.size, post.size)
    csr, _ = csr_from_pairs(ctx, "one_to_one", post[:n], pre[:n])
    return _finish(
        ctx,
        "one_to_one",
        csr,
        weights,
        delays,
        force_multiple_weights=force_multiple_weights,
        storage_format=storage_format,
        storage_order=storage_order,
    )


def fixed_probability(
    ctx: ConnectContext,
    probability,
    weights,
    delays=0.0,
    allow_self_connections=False,
    force_multiple_weights=False,
    storage_format=None,
    storage_order=None,
) -> Connectivity:
    """Sparse random pattern: each possible synapse exists with probability ``probability``.

    Parameters
    ----------
    ctx : ConnectContext
        The two sides of the projection.
    probability : float
        Probability in ``[0, 1]`` that a synapse is created, independently for each pair.
    weights : float or RandomDistribution
        Initial weights.
    delays : float or RandomDistribution, default 0.0
        Synaptic delays in ms.
    allow_self_connections : bool, default False
        Within one population, whether a neuron may connect to itself.
    force_multiple_weights : bool, default False
        Recorded in ``args``.
    storage_format, storage_order : str, optional
        Recorded in ``args``.

    Returns
    -------
    Connectivity
    """
    name = "fixed_probability"
    p = check_number(ctx, name, "probability", probability, 0.0, 1.0)
    pre, post = sorted_ranks(ctx, "pre", name), sorted_ranks(ctx, "post", name)
    exclude = ctx.avoid_self and not allow_self_connections
    counts, cols = _bernoulli_rows(ctx.rng, p, pre, post, exclude)
    csr = csr_from_counts(post, counts, cols)
    return _finish(
        ctx,
        name,
        csr,
        weights,
        delays,
        probability=p,
        allow_self_connections=allow_self_connections,
        force_multiple_weights=force_multiple_weights,
        storage_format=storage_format,
        storage_order=storage_order,
    )


def _bernoulli_rows(rng, p: float, pre, post, exclude: bool):
    """Synapses per post neuron and the pre ranks (int32, CSR order) of a Bernoulli pattern.

    The cells of the (post, pre) matrix are visited row by row, block by block, straight into
    the final array of pre ranks: the memory used beyond it is that of one block. A block's
    positions are sorted, so the rows it spans split it where their first cells fall (one
    search per row, not a division per synapse).
    """
    pre32 = pre.astype(np.int32)
    ncols = max(pre.size, 1)
    out = np.empty(bernoulli_capacity(p, pre.size * post.size), np.int32)
    counts = np.zeros(post.size, np.int64)
    fill = 0
    for pos in bernoulli_blocks(rng, p, pre.size * post.size):
        if not pos.size:
            continue
        first, last = int(pos[0]) // ncols, int(pos[-1]) // ncols
        starts = np.arange(first, last + 1, dtype=np.int64) * ncols
        per_row = np.diff(np.searchsorted(pos, starts), append=pos.size)
        cols = pos - np.repeat(starts, per_row)
        if exclude:
            rows = np.repeat(np.arange(first, last + 1), per_row)
            keep = pre[cols] != post[rows]
            np.subtract.at(per_row, rows[~keep] - first, 1)
            cols = cols[keep]
        if fill + cols.size > out.size:  # more than the first draw (rare): grow
            out = np.resize(out, max(2 * out.size, fill + cols.size))
        out[fill : fill + cols.size] = pre32[cols]
        fill += cols.size
        counts[first : last + 1] += per_row
    return counts, out[:fill]


def _choose_block(rng, n_cand: int, k: int, skip: np.ndarray) -> np.ndarray:
    """``k`` distinct sorted indices in ``[0, n_cand)`` per row, never ``skip[row]``.

    Marks chosen candidates in a (rows, n_cand) occupancy matrix, drawing until each row has
    enough; when ``k`` is more than half the candidates, it picks the ones to leave out instead.
    Every candidate is treated alike, so each k-subset is equally likely.
    """
    n_rows = skip.size
    occ = np.zeros((n_rows, n_cand), dtype=bool)
    rows = np.flatnonzero(skip >= 0)
    occ[rows, skip[rows]] = True  # the excluded neuron counts as taken
    has_skip = (skip >= 0).astype(np.int64)
    complement = 2 * k > n_cand
    target = n_cand - has_skip - k if complement else np.full(n_rows, k, dtype=np.int64)
    flat_occ = occ.reshape(-1)
    while True:
        need = target - (occ.sum(axis=1) - has_skip)
        total = int(need.sum())
        if total == 0:
            break
        flat = np.repeat(np.arange(n_rows, dtype=np.int64) * n_cand, need)
        flat_occ[flat + rng.integers(0, n_cand, total)] = True
    if complement:
        occ = ~occ
    else:
        occ[rows, skip[rows]] = False
    return np.nonzero(occ)[1].reshape(n_rows, k)


def _choose_dense(rng, n_cand: int, k: int, skip: np.ndarray) -> np.ndarray:
    """As `_choose_block`, by blocks of rows to bound the memory used."""
    out = np.empty((skip.size, k), dtype=np.int64)
    block = max(1, _BLOCK // max(n_cand, 1))
    for start in range(0, skip.size, block):
        sk = skip[start : start + block]
        out[start : start + sk.size] = _choose_block(rng, n_cand, k, sk)
    return out


def _choose_sparse(rng, n_cand: int, k: int, skip: np.ndarray) -> np.ndarray:
    """As `_choose_dense`, for ``k`` small against ``n_cand``: draw, then redraw duplicates.

    The procedure treats every candidate alike, so each k-subset is equally likely.
    """
    has_skip = skip >= 0
    avail = n_cand - has_skip.astype(np.int64)
    draws = rng.integers(0, avail[:, None], size=(skip.size, k))
    while True:
        draws.sort(axis=1)
        dup = np.zeros(draws.shape, dtype=bool)
        dup[:, 1:] = draws[:, 1:] == draws[:, :-1]
        if not dup.any():
            break
        draws[dup] = rng.integers(0, avail[np.nonzero(dup)[0]])
    # Indices at or after the excluded candidate shift by one (order is preserved).
    draws += has_skip[:, None] & (draws >= skip[:, None])
    return draws


def _fixed_number(ctx, name, number, rows, cands, allow_self_connections, side):
    """Per row neuron, the sorted indices (into ``cands``) of ``number`` distinct partners."""
    k = check_number(ctx, name, "number", number, 0, None, integer=True)
    skip = _self_positions(ctx, ctx.avoid_self and not allow_self_connections, rows, cands)
    if rows.size:
        avail = int(cands.size - (skip >= 0).max())
        if k > avail:
            raise fail(
                ctx,
                name,
                f"number={k} exceeds the {avail} {side}-synaptic neurons available to each "
                "neuron (self-connections excluded unless allow_self_connections=True).",
            )
    if k == 0 or rows.size == 0:
        return None
    if 8 * k > cands.size:
        return _choose_dense(ctx.rng, cands.size, k, skip)
    return _choose_sparse(ctx.rng, cands.size, k, skip)


def fixed_number_pre(
    ctx: ConnectContext,
    number,
    weights,
    delays=0.0,
    allow_self_connections=False,
    force_multiple_weights=False,
    storage_format=None,
    storage_order=None,
) -> Connectivity:
    """Each post-synaptic neuron receives synapses from exactly ``number`` distinct pre-synaptic
    neurons drawn at random (without replacement).

    Parameters
    ----------
    ctx : ConnectContext
        The two sides of the projection.
    number : int
        Synapses per post-synaptic neuron; at most the number of pre-synaptic neurons available.
    weights : float or RandomDistribution
        Initial weights.
    delays : float or RandomDistribution, default 0.0
        Synaptic delays in ms.
    allow_self_connections : bool, default False
        Within one population, whether a neuron may connect to itself.
    force_multiple_weights : bool, default False
        Recorded in ``args``.
    storage_format, storage_order : str, optional
        Recorded in ``args``.

    Returns
    -------
    Connectivity
    """
    name = "fixed_number_pre"
    pre, post = sorted_ranks(ctx, "pre", name), sorted_ranks(ctx, "post", name)
    idx = _fixed_number(ctx, name, number, post, pre, allow_self_connections, "pre")
    if idx is None:
        csr = empty_csr()
    else:
        pre32 = pre.astype(np.int32)  # gathered straight into the final int32 array
        csr = csr_from_counts(post, np.full(post.size, idx.shape[1]), pre32[idx.ravel()])
    return _finish(
        ctx,
        name,
        csr,
        weights,
        delays,
        number=number,
        allow_self_connections=allow_self_connections,
        force_multiple_weights=force_multiple_weights,
        storage_format=storage_format,
        storage_order=storage_order,
    )


def fixed_number_post(
    ctx: ConnectContext,
    number,
    weights=1.0,
    delays=0.0,
    allow_self_connections=False,
    force_multiple_weights=False,
    storage_format=None,
    storage_order=None,
) -> Connectivity:
    """Each pre-synaptic neuron sends synapses to exactly ``number`` distinct post-synaptic
    neurons drawn at random (without replacement).

    Parameters
    ----------
    ctx : ConnectContext
        The two sides of the projection.
    number : int
        Synapses per pre-synaptic neuron; at most the number of post-synaptic neurons available.
    weights : float or RandomDistribution, default 1.0
        Initial weights.
    delays : float or RandomDistribution, default 0.0
        Synaptic delays in ms.
    allow_self_connections : bool, default False
        Within one population, whether a neuron may connect to itself.
    force_multiple_weights : bool, default False
        Recorded in ``args``.
    storage_format, storage_order : str, optional
        Recorded in ``args``.

    Returns
    -------
    Connectivity
    """
    name = "fixed_number_post"
    pre, post = sorted_ranks(ctx, "pre", name), sorted_ranks(ctx, "post", name)
    idx = _fixed_number(ctx, name, number, pre, post, allow_self_connections, "post")
    if idx is None:
        csr = empty_csr()
    else:
        pre_of = np.repeat(pre, idx.shape[1])
        csr, _ = csr_from_pairs(ctx, name, post[idx.ravel()], pre_of)
    return _finish(
        ctx,
        name,
        csr,
        weights,
        delays,
        number=number,
        allow_self_connections=allow_self_connections,
        force_multiple_weights=force_multiple_weights,
        storage_format=storage_format,
        storage_order=storage_order,
    )
