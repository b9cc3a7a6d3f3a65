"""Helpers shared by the built-in connectors: errors, ranks, CSR assembly, weights and delays."""

from __future__ import annotations

import math
import sys
from numbers import Integral, Real

import numpy as np

from ..core.network_ir import CSR
from ..random import RandomDistribution
from .base import ConnectContext, ConnectorError


def is_sparse(value) -> bool:
    """Whether ``value`` is a scipy sparse matrix, without importing scipy (about 0.5 s) when
    the script has not: a sparse matrix can only come from a script that has."""
    sparse = sys.modules.get("scipy.sparse")
    return sparse is not None and bool(sparse.issparse(value))


def fail(ctx: ConnectContext, connector: str, message: str) -> ConnectorError:
    """A `ConnectorError` naming the projection and the connector."""
    who = f"Projection '{ctx.name}'" if ctx.name else "Projection"
    return ConnectorError(f"{who}.{connector}(): {message}")


def ranks_of(ctx: ConnectContext, side: str, connector: str) -> np.ndarray:
    """The ranks of one side (``'pre'``/``'post'``) as int64, in the order of the view.

    Raises if a rank appears twice (a view cannot hold a neuron twice).
    """
    ranks = np.asarray(getattr(ctx, f"{side}_ranks"), dtype=np.int64).ravel()
    if ranks.size and np.unique(ranks).size != ranks.size:
        raise fail(ctx, connector, f"the {side}-synaptic view contains the same neuron twice.")
    return ranks


def sorted_ranks(ctx: ConnectContext, side: str, connector: str) -> np.ndarray:
    """The ranks of one side, sorted ascending (connectors drawing at random use this order)."""
    return np.sort(ranks_of(ctx, side, connector))


def check_number(ctx, connector: str, name: str, value, low=None, high=None, integer=False):
    """Validate a scalar argument; return it as int or float."""
    ok = isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)
    if ok and integer:
        ok = isinstance(value, Integral) or float(value).is_integer()
    if not ok:
        kind = "an integer" if integer else "a finite number"
        raise fail(ctx, connector, f"'{name}' must be {kind}, got {value!r}.")
    value = int(value) if integer else float(value)
    if (low is not None and value < low) or (high is not None and value > high):
        lo = "-inf" if low is None else low
        hi = "inf" if high is None else high
        raise fail(ctx, connector, f"'{name}' must be in [{lo}, {hi}], got {value}.")
    return value


def empty_csr() -> CSR:
    """A CSR without any synapse."""
    return CSR(
        post_ranks=np.zeros(0, np.int32),
        row_ptr=np.zeros(1, np.int64),
        pre_ranks=np.zeros(0, np.int32),
    )


def csr_from_counts(post_ranks, counts, pre_ranks) -> CSR:
    """Assemble a CSR from ascending rows, their synapse counts and the concatenated pre ranks.

    Rows with a count of zero are dropped (a CSR row always holds at least one synapse).
    """
    post_ranks = np.asarray(post_ranks)
    counts = np.asarray(counts, dtype=np.int64)
    keep = counts > 0
    row_ptr = np.zeros(int(keep.sum()) + 1, np.int64)
    np.cumsum(counts[keep], out=row_ptr[1:])
    return CSR(
        post_ranks=post_ranks[keep].astype(np.int32),
        row_ptr=row_ptr,
        pre_ranks=np.asarray(pre_ranks).astype(np.int32, copy=False),
    )


def csr_from_pairs(ctx, connector: str, post, pre) -> tuple[CSR, np.ndarray | None]:
    """Build a CSR from (post, pre) rank pairs given in any order.

    Returns
    -------
    csr : CSR
    order : numpy.ndarray or None
        The permutation that puts per-pair values into CSR order (None when already sorted).
    """
    post = np.asarray(post, dtype=np.int64).ravel()
    pre = np.asarray(pre, dtype=np.int64).ravel()
    if post.size == 0:
        return empty_csr(), None
    d_post, d_pre = np.diff(post), np.diff(pre)
    order = None
    if not np.all((d_post > 0) | ((d_post == 0) & (d_pre > 0))):
        order = np.lexsort((pre, post))
        post, pre = post[order], pre[order]
        d_post, d_pre = np.diff(post), np.diff(pre)
        dup = np.flatnonzero((d_post == 0) & (d_pre == 0))
        if dup.size:
            i = dup[0]
            raise fail(
                ctx,
                connector,
                f"the synapse from pre-synaptic neuron {pre[i]} to post-synaptic neuron "
                f"{post[i]} is defined twice.",
            )
    starts = np.flatnonzero(np.concatenate(([True], d_post != 0)))
    counts = np.diff(np.append(starts, post.size))
    return csr_from_counts(post[starts], counts, pre), order


def row_indices(csr: CSR) -> np.ndarray:
    """The post rank of every synapse, in CSR order."""
    return np.repeat(csr.post_ranks.astype(np.int64), np.diff(csr.row_ptr))


def _is_number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def synapse_values(ctx, connector: str, what: str, value, nnz: int):
    """Weights or delays for ``nnz`` synapses from a number or a RandomDistribution.

    A number stays a Python float (one value for the projection); a distribution is sampled with
    the network's generator, one value per synapse in CSR order.
    """
    if isinstance(value, RandomDistribution):
        values = np.asarray(value.get_values((nnz,), rng=ctx.rng), dtype=np.float64)
    elif _is_number(value):
        values = float(value)
    else:
        hint = " (use from_matrix() or from_sparse() for per-synapse values)"
        raise fail(
            ctx,
            connector,
            f"'{what}' must be a number or a RandomDistribution, got "
            f"{type(value).__name__}{hint if np.ndim(value) else ''}.",
        )
    return check_values(ctx, connector, what, values)


def check_values(ctx, connector: str, what: str, values):
    """Check that weights are finite and delays finite and non-negative; return ``values``."""
    arr = np.asarray(values, dtype=np.float64)
    if not np.all(np.isfinite(arr)):
        raise fail(ctx, connector, f"the {what} must be finite numbers (got NaN or inf).")
    if what == "delays" and arr.size and arr.min() < 0.0:
        raise fail(
            ctx,
            connector,
            f"delays must be >= 0 ms, got {arr.min()}; for a random distribution, bound it "
            "with min=0.0.",
        )
    return values


def reorder(values, order: np.ndarray | None):
    """Apply a CSR permutation to per-synapse values (scalars pass through)."""
    if order is None or np.ndim(values) == 0:
        return values
    return np.asarray(values)[order]


def describe(**kwargs) -> dict:
    """The arguments worth keeping for reports: scalars, strings and distributions."""
    keep = (Real, str, bool, RandomDistribution, type(None))
    return {k: v for k, v in kwargs.items() if isinstance(v, keep)}


# Largest number of random gaps drawn at once by the Bernoulli sampler (bounds its memory).
BERNOULLI_BLOCK = 1 << 20


def bernoulli_blocks(rng: np.random.Generator, p: float, total: int, block: int = 0):
    """Yield, block by block, the sorted indices in ``[0, total)`` kept independently with
    probability ``p`` (int64 arrays of at most ``block`` indices).

    Draws the geometric gaps between successes instead of one number per cell: first
    ``mean + 6 sqrt(mean) + 16`` gaps, then more while the end is not reached. The gaps are
    drawn ``block`` at a time, which consumes the generator exactly as one draw of them all.
    """
    if p <= 0.0 or total == 0:
        return
    block = block or BERNOULLI_BLOCK
    if p >= 1.0:
        for start in range(0, total, block):
            yield np.arange(start, min(start + block, total), dtype=np.int64)
        return
    mean = total * p
    n, last = int(mean + 6.0 * np.sqrt(mean) + 16), -1
    while last < total:
        for start in range(0, n, block):
            gaps = rng.geometric(p, min(block, n - start))
            if last >= total:  # past the end: drawn all the same, to keep the stream
                continue
            pos = np.cumsum(gaps, out=gaps)
            pos += last
            last = int(pos[-1])
            yield pos[: np.searchsorted(pos, total)] if last >= total else pos
        n = int((total - last) * p * 1.2) + 16


def bernoulli_capacity(p: float, total: int) -> int:
    """The number of gaps `bernoulli_blocks` draws first: an upper bound of the number of
    indices it yields unless it has to draw more (rare)."""
    if p <= 0.0 or total == 0:
        return 0
    if p >= 1.0:
        return total
    mean = total * p
    return min(int(mean + 6.0 * np.sqrt(mean) + 16), total)


def bernoulli_positions(rng: np.random.Generator, p: float, total: int) -> np.ndarray:
    """Sorted indices in ``[0, total)``, each kept independently with probability ``p``."""
    blocks = list(bernoulli_blocks(rng, p, total))
    return np.concatenate(blocks) if blocks else np.zeros(0, np.int64)
