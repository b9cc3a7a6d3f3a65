"""The ring-lattice and small-world connectors.

A connector is ``fn(ctx, *args, **kwargs) -> Connectivity``. ``ctx`` (a ``ConnectContext``) gives
the ranks of the neurons the projection spans on each side (in the view's order), the network's
random generator and the projection's name; the connector returns the synapses as a CSR by
post-synaptic neuron (rows ascending, pre-synaptic ranks ascending within a row), with weights
and delays as one number or one value per synapse in CSR order. ANNarchy checks the result.
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
from ANNarchy import RandomDistribution
from ANNarchy.plugin import CSR, ConnectContext, Connectivity, ConnectorError


def ring(
    ctx: ConnectContext,
    k: int,
    weights=1.0,
    delays=0.0,
    self_connections: bool = False,
    storage_format=None,
    storage_order=None,
) -> Connectivity:
    """Each post-synaptic neuron receives from its ``k`` neighbours on each side of a ring.

    Parameters
    ----------
    ctx : ConnectContext
        The two sides of the projection (same number of neurons ``n > 2k``).
    k : int
        Neighbours on each side (``2k`` synapses per neuron).
    weights, delays : float or RandomDistribution
        Initial weights; delays in ms (>= 0).
    self_connections : bool
        Also connect position ``i`` to position ``i``.
    storage_format, storage_order : str, optional
        Handled by ANNarchy (accepted here so that ``proj.ring(..., storage_format=...)`` works).

    Returns
    -------
    Connectivity
    """
    n = _ring_size(ctx, "ring", k)
    offsets = np.concatenate(
        (np.arange(-k, 0), [0] if self_connections else [], np.arange(1, k + 1))
    )
    sources = (np.arange(n)[:, None] + offsets[None, :].astype(np.int64)) % n
    return _connectivity(ctx, "ring", sources, weights, delays, dict(k=k))


def small_world(
    ctx: ConnectContext,
    k: int,
    p: float,
    weights=1.0,
    delays=0.0,
    storage_format=None,
    storage_order=None,
) -> Connectivity:
    """A ring whose synapses are each rewired with probability ``p`` (directed Watts-Strogatz).

    A rewired synapse of the neuron at position ``i`` takes a pre-synaptic neuron drawn
    uniformly among the positions ``i`` is not connected to yet (never ``i`` itself), so each
    neuron keeps ``2k`` distinct inputs. Draws use the network's generator (``Network(seed=)``).

    Parameters
    ----------
    ctx : ConnectContext
        The two sides of the projection (same number of neurons ``n > 2k``).
    k : int
        Neighbours on each side in the ring before rewiring.
    p : float
        Rewiring probability in [0, 1].
    weights, delays : float or RandomDistribution
        Initial weights; delays in ms (>= 0).
    storage_format, storage_order : str, optional
        Handled by ANNarchy.

    Returns
    -------
    Connectivity
    """
    n = _ring_size(ctx, "small_world", k)
    if not isinstance(p, Real) or not 0.0 <= float(p) <= 1.0:
        raise _error(ctx, "small_world", f"'p' must be a probability in [0, 1], got {p!r}.")
    offsets = np.concatenate((np.arange(-k, 0), np.arange(1, k + 1)))
    sources = (np.arange(n)[:, None] + offsets[None, :]) % n
    rewire = ctx.rng.random(sources.shape) < p
    for i in np.flatnonzero(rewire.any(axis=1)):  # one row at a time: a row has 2k synapses
        sources[i] = _rewired(ctx.rng, sources[i], rewire[i], i, n)
    return _connectivity(ctx, "small_world", sources, weights, delays, dict(k=k, p=float(p)))


def _rewired(rng: np.random.Generator, row, rewire, i: int, n: int) -> np.ndarray:
    """``row`` with the entries marked in ``rewire`` replaced by new distinct positions."""
    kept = row[~rewire]
    free = np.setdiff1d(np.arange(n), np.append(kept, i))
    new = rng.choice(free, size=int(rewire.sum()), replace=False)
    return np.concatenate((kept, new))


def _ring_size(ctx: ConnectContext, name: str, k) -> int:
    n = len(ctx.post_ranks)
    if len(ctx.pre_ranks) != n:
        raise _error(
            ctx,
            name,
            f"both sides need the same number of neurons ({len(ctx.pre_ranks)} pre, {n} post).",
        )
    if not isinstance(k, Integral) or isinstance(k, bool) or k < 1 or 2 * k >= n:
        raise _error(ctx, name, f"'k' must be an integer with 1 <= k and 2k < {n}, got {k!r}.")
    return n


def _connectivity(ctx, name: str, sources: np.ndarray, weights, delays, args: dict) -> Connectivity:
    """CSR of the synapses ``sources[i, :] -> i`` (positions), weights and delays in CSR order."""
    pre_ranks = np.asarray(ctx.pre_ranks, np.int64)[sources]
    post_ranks = np.repeat(np.asarray(ctx.post_ranks, np.int64), sources.shape[1])
    order = np.lexsort((pre_ranks.ravel(), post_ranks))
    n_rows, per_row = sources.shape
    rows = post_ranks[order][::per_row]
    csr = CSR(
        post_ranks=rows.astype(np.int32),
        row_ptr=np.arange(n_rows + 1, dtype=np.int64) * per_row,
        pre_ranks=pre_ranks.ravel()[order].astype(np.int32),
    )
    nnz = n_rows * per_row
    return Connectivity(
        csr=csr,
        weights=_values(ctx, name, "weights", weights, nnz),
        delays=_values(ctx, name, "delays", delays, nnz),
        connector=name,
        args=args,
    )


def _values(ctx, name: str, what: str, value, nnz: int):
    """A number stays one value; a distribution is sampled once per synapse."""
    if isinstance(value, RandomDistribution):
        return np.asarray(value.get_values((nnz,), rng=ctx.rng), dtype=np.float64)
    if isinstance(value, Real) and not isinstance(value, bool):
        return float(value)
    raise _error(ctx, name, f"'{what}' must be a number or a RandomDistribution, got {value!r}.")


def _error(ctx: ConnectContext, name: str, message: str) -> ConnectorError:
    return ConnectorError(f"Projection '{ctx.name}'.{name}(): {message}")
