"""User-defined patterns: ``LILConnectivity`` and the ``from_function`` connector."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from ._util import check_values, csr_from_pairs, describe, fail, is_sparse, reorder
from .base import ConnectContext, Connectivity, ConnectorError


class LILConnectivity:
    """List-of-lists connectivity that a user connector function fills and returns.

    Ranks are the ranks of the neurons in their (full) populations; delays are in ms.

    Parameters
    ----------
    dt : float, optional
        The step size, kept for the user's convenience.

    Examples
    --------
    >>> lil = LILConnectivity(dt=0.1)
    >>> lil.add(0, [1, 2], [0.5, 0.5], [0.0, 0.0])
    >>> lil.nb_synapses
    2
    """

    def __init__(self, dt: float | None = None):
        self.dt = dt
        self.post_rank: list[int] = []
        self.pre_rank: list[list[int]] = []
        self.w: list[list[float]] = []
        self.delay: list[list[float]] = []

    def add(self, r: int, syn: Iterable[int], w, d=None) -> None:
        """Add the synapses received by one post-synaptic neuron.

        Parameters
        ----------
        r : int
            Rank of the post-synaptic neuron.
        syn : list of int
            Ranks of the pre-synaptic neurons.
        w : float or list of float
            Weights, one per pre-synaptic neuron (a single number, or a list of one number, is
            used for every pre-synaptic neuron).
        d : float or list of float, optional
            Delays in ms (default 0), given like ``w``.
        """
        pre = [int(x) for x in syn]
        weights = self._per_synapse("w", w, len(pre))
        delays = self._per_synapse("d", 0.0 if d is None else d, len(pre))
        self.post_rank.append(int(r))
        self.pre_rank.append(pre)
        self.w.append(weights)
        self.delay.append(delays)

    @staticmethod
    def _per_synapse(what: str, value, n: int) -> list[float]:
        if np.ndim(value) == 0:
            return [float(value)] * n
        values = [float(v) for v in value]
        if len(values) == 1:
            return values * n
        if len(values) != n:
            raise ConnectorError(
                f"LILConnectivity.add(): '{what}' has {len(values)} values for {n} "
                "pre-synaptic ranks; give one value per rank, or one value for all."
            )
        return values

    @property
    def size(self) -> int:
        """Number of post-synaptic neurons added."""
        return len(self.post_rank)

    @property
    def nb_synapses(self) -> int:
        """Total number of synapses."""
        return sum(len(row) for row in self.pre_rank)

    def to_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Flatten to ``(post, pre, weights, delays)`` arrays, one entry per synapse."""
        counts = [len(row) for row in self.pre_rank]
        post = np.repeat(np.asarray(self.post_rank, dtype=np.int64), counts)

        def flat(rows, dtype):
            return (
                np.concatenate([np.asarray(x, dtype) for x in rows]) if rows else np.zeros(0, dtype)
            )

        return (
            post,
            flat(self.pre_rank, np.int64),
            flat(self.w, np.float64),
            flat(self.delay, np.float64),
        )


class SideView:
    """What a user connector function sees of one side when no population object is available.

    Offers ``size``, ``ranks``, ``geometry``, ``dimension``, ``name`` and the rank/coordinate
    conversions of a population.
    """

    def __init__(self, ranks: np.ndarray, geometry: tuple[int, ...], name: str = ""):
        self.ranks = [int(r) for r in ranks]
        self.size = len(self.ranks)
        self.geometry = tuple(int(g) for g in geometry)
        self.dimension = len(self.geometry)
        self.name = name

    def rank_from_coordinates(self, coord) -> int:
        """Rank of the neuron at the given coordinates (row-major)."""
        return int(np.ravel_multi_index(tuple(coord), self.geometry))

    def coordinates_from_rank(self, rank: int) -> tuple[int, ...]:
        """Coordinates of the neuron of the given rank."""
        return tuple(int(c) for c in np.unravel_index(int(rank), self.geometry))


def _check_in(ctx, name: str, side: str, ranks: np.ndarray) -> None:
    allowed = np.asarray(getattr(ctx, f"{side}_ranks"), dtype=np.int64)
    outside = ranks[~np.isin(ranks, allowed)]
    if outside.size:
        raise fail(
            ctx,
            name,
            f"the returned connectivity uses {side}-synaptic rank {int(outside[0])}, which is not "
            f"in the {side}-synaptic population or view.",
        )


def from_function(
    ctx: ConnectContext, method: Callable, storage_format=None, storage_order=None, **args
) -> Connectivity:
    """Connectivity built by a user function ``method(pre, post, dt, **args)``.

    The function receives the pre- and post-synaptic populations (or views), the step size and
    the extra keyword arguments, and returns a `LILConnectivity` (ranks in the full
    populations, delays in ms). A scipy sparse ``(pre, post)`` matrix of weights, indexed like
    for ``from_sparse``, is also accepted.

    Parameters
    ----------
    ctx : ConnectContext
        The two sides of the projection.
    method : callable
        The user function.
    storage_format, storage_order : str, optional
        Recorded in ``args``.
    **args
        Passed to ``method``.

    Returns
    -------
    Connectivity
    """
    name = "from_function"
    if not callable(method):
        raise fail(ctx, name, f"'method' must be a function, got {type(method).__name__}.")
    pre = ctx.pre if ctx.pre is not None else SideView(ctx.pre_ranks, ctx.pre_geometry, "pre")
    post = ctx.post if ctx.post is not None else SideView(ctx.post_ranks, ctx.post_geometry, "post")
    result = method(pre, post, ctx.dt, **args)
    if is_sparse(result):
        from .matrices import from_sparse

        conn = from_sparse(ctx, result)
    elif isinstance(result, LILConnectivity):
        post_r, pre_r, w, d = result.to_arrays()
        _check_in(ctx, name, "post", post_r)
        _check_in(ctx, name, "pre", pre_r)
        csr, order = csr_from_pairs(ctx, name, post_r, pre_r)
        w = check_values(ctx, name, "weights", reorder(w, order))
        d = check_values(ctx, name, "delays", reorder(d, order))
        conn = Connectivity(csr=csr, weights=w, delays=d)
    else:
        raise fail(
            ctx,
            name,
            f"the function '{getattr(method, '__name__', method)}' must return a "
            f"LILConnectivity, got {type(result).__name__}.",
        )
    conn.connector = name
    conn.args = describe(
        method=getattr(method, "__name__", str(method)),
        storage_format=storage_format,
        storage_order=storage_order,
        **args,
    )
    return conn
