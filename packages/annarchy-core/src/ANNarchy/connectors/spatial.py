"""Distance-dependent built-in patterns: gaussian and dog (difference of Gaussians).

Positions are normalised per dimension to ``[0, 1]``: coordinate ``c`` along a dimension of
size ``n`` sits at ``c / (n - 1)`` (at 0 when ``n == 1``). Coordinates are those of the neurons in
their full population, so a PopulationView keeps the positions its neurons have in the whole.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._util import check_number, csr_from_counts, describe, fail, sorted_ranks, synapse_values
from .base import ConnectContext, Connectivity

# Largest number of (post, pre) distances evaluated at once.
_BLOCK = 1 << 21


def normalised_positions(ranks: np.ndarray, geometry: tuple[int, ...]) -> np.ndarray:
    """Positions in ``[0, 1]^d`` of the neurons of the given ranks, shape ``(len(ranks), d)``.

    Parameters
    ----------
    ranks : numpy.ndarray
        Ranks in the population (row-major order of the geometry).
    geometry : tuple of int
        Shape of the population.

    Returns
    -------
    numpy.ndarray
    """
    geometry = tuple(int(g) for g in geometry)
    coords = np.array(np.unravel_index(ranks, geometry), dtype=np.float64).T.reshape(
        -1, len(geometry)
    )
    dims = np.asarray(geometry, dtype=np.float64)
    return coords / np.where(dims > 1, dims - 1, 1.0)


def _squared_distances(xq: np.ndarray, xp: np.ndarray) -> np.ndarray:
    d2 = np.zeros((xq.shape[0], xp.shape[0]))
    for k in range(xq.shape[1]):
        d2 += (xq[:, k, None] - xp[None, :, k]) ** 2
    return d2


def _spatial(ctx, name: str, profile: Callable, threshold: float, allow_self: bool):
    """CSR and weights of the synapses whose ``|profile(distance^2)| > threshold``."""
    if len(ctx.pre_geometry) != len(ctx.post_geometry):
        raise fail(
            ctx,
            name,
            f"the pre-synaptic geometry {tuple(ctx.pre_geometry)} and the post-synaptic geometry "
            f"{tuple(ctx.post_geometry)} must have the same number of dimensions.",
        )
    pre, post = sorted_ranks(ctx, "pre", name), sorted_ranks(ctx, "post", name)
    for side, ranks, geo in (("pre", pre, ctx.pre_geometry), ("post", post, ctx.post_geometry)):
        if ranks.size and ranks[-1] >= int(np.prod(geo)):
            raise fail(ctx, name, f"{side}-synaptic rank {ranks[-1]} lies outside geometry {geo}.")
    xp = normalised_positions(pre, ctx.pre_geometry)
    xq = normalised_positions(post, ctx.post_geometry)
    exclude = ctx.same_population and not allow_self
    counts = np.zeros(post.size, np.int64)
    cols, weights = [], []  # per block: int32 pre ranks and float weights (final types)
    pre32 = pre.astype(np.int32)
    block = max(1, _BLOCK // max(pre.size, 1))
    for start in range(0, post.size, block):
        stop = min(start + block, post.size)
        w = profile(_squared_distances(xq[start:stop], xp))
        mask = np.abs(w) > threshold
        if exclude:
            mask &= post[start:stop, None] != pre[None, :]
        counts[start:stop] = np.count_nonzero(mask, axis=1)
        weights.append(w[mask])
        cols.append(np.broadcast_to(pre32, mask.shape)[mask])
    if not cols:
        return csr_from_counts(post, counts, pre32[:0]), np.zeros(0)
    csr = csr_from_counts(post, counts, _concatenate(cols))
    return csr, _concatenate(weights)


def _concatenate(blocks: list) -> np.ndarray:
    """Concatenate the blocks, freeing each as it is copied (peak: the result plus one block)."""
    out = np.empty(sum(b.size for b in blocks), dtype=blocks[0].dtype)
    fill = 0
    while blocks:
        b = blocks.pop(0)
        out[fill : fill + b.size] = b
        fill += b.size
    return out


def _result(ctx, name, csr, w, delays, **args) -> Connectivity:
    d = synapse_values(ctx, name, "delays", delays, csr.nnz)
    return Connectivity(
        csr=csr, weights=w, delays=d, connector=name, args=describe(delays=delays, **args)
    )


def gaussian(
    ctx: ConnectContext,
    amp,
    sigma,
    delays=0.0,
    limit=0.01,
    allow_self_connections=False,
    storage_format=None,
    storage_order=None,
) -> Connectivity:
    """Gaussian pattern: ``w = amp * exp(-d^2 / (2 sigma^2))`` with ``d`` the distance between
    the normalised positions of the two neurons.

    Synapses are created only where ``|w| > limit * |amp|``. Both populations must have the same
    number of dimensions; their sizes may differ.

    Parameters
    ----------
    ctx : ConnectContext
        The two sides of the projection.
    amp : float
        Amplitude (weight at distance 0).
    sigma : float
        Width (> 0), in normalised units.
    delays : float or RandomDistribution, default 0.0
        Synaptic delays in ms.
    limit : float, default 0.01
        Proportion of ``|amp|`` below which no synapse is created.
    allow_self_connections : bool, default False
        Within one population, whether a neuron may connect to itself.
    storage_format, storage_order : str, optional
        Recorded in ``args``.

    Returns
    -------
    Connectivity
    """
    name = "gaussian"
    amp = check_number(ctx, name, "amp", amp)
    sigma = check_number(ctx, name, "sigma", sigma)
    limit = check_number(ctx, name, "limit", limit, 0.0)
    if sigma <= 0:
        raise fail(ctx, name, f"'sigma' must be positive, got {sigma}.")

    def profile(d2):
        return amp * np.exp(-0.5 * d2 / sigma**2)

    csr, w = _spatial(ctx, name, profile, limit * abs(amp), allow_self_connections)
    return _result(
        ctx,
        name,
        csr,
        w,
        delays,
        amp=amp,
        sigma=sigma,
        limit=limit,
        allow_self_connections=allow_self_connections,
        storage_format=storage_format,
        storage_order=storage_order,
    )


def dog(
    ctx: ConnectContext,
    amp_pos,
    sigma_pos,
    amp_neg,
    sigma_neg,
    delays=0.0,
    limit=0.01,
    allow_self_connections=False,
    storage_format=None,
    storage_order=None,
) -> Connectivity:
    """Difference-of-Gaussians pattern:
    ``w = amp_pos exp(-d^2 / (2 sigma_pos^2)) - amp_neg exp(-d^2 / (2 sigma_neg^2))``.

    Synapses are created only where ``|w| > limit * |amp_pos - amp_neg|``.

    Parameters
    ----------
    ctx : ConnectContext
        The two sides of the projection.
    amp_pos, sigma_pos : float
        Amplitude and width (> 0) of the positive Gaussian.
    amp_neg, sigma_neg : float
        Amplitude and width (> 0) of the negative Gaussian.
    delays : float or RandomDistribution, default 0.0
        Synaptic delays in ms.
    limit : float, default 0.01
        Proportion of ``|amp_pos - amp_neg|`` below which no synapse is created.
    allow_self_connections : bool, default False
        Within one population, whether a neuron may connect to itself.
    storage_format, storage_order : str, optional
        Recorded in ``args``.

    Returns
    -------
    Connectivity
    """
    name = "dog"
    a_p = check_number(ctx, name, "amp_pos", amp_pos)
    a_n = check_number(ctx, name, "amp_neg", amp_neg)
    s_p = check_number(ctx, name, "sigma_pos", sigma_pos)
    s_n = check_number(ctx, name, "sigma_neg", sigma_neg)
    limit = check_number(ctx, name, "limit", limit, 0.0)
    if s_p <= 0 or s_n <= 0:
        raise fail(ctx, name, f"sigma_pos and sigma_neg must be positive, got {s_p}, {s_n}.")

    def profile(d2):
        return a_p * np.exp(-0.5 * d2 / s_p**2) - a_n * np.exp(-0.5 * d2 / s_n**2)

    csr, w = _spatial(ctx, name, profile, limit * abs(a_p - a_n), allow_self_connections)
    return _result(
        ctx,
        name,
        csr,
        w,
        delays,
        amp_pos=a_p,
        sigma_pos=s_p,
        amp_neg=a_n,
        sigma_neg=s_n,
        limit=limit,
        allow_self_connections=allow_self_connections,
        storage_format=storage_format,
        storage_order=storage_order,
    )
