"""Helpers building scipy sparse matrices for ``Projection.from_sparse()``."""

from __future__ import annotations

import math
from numbers import Integral, Real
from typing import TYPE_CHECKING

import numpy as np

from ..random import RandomDistribution
from ._util import bernoulli_positions
from .base import ConnectorError

if TYPE_CHECKING:
    import scipy.sparse as sp


def _size(what: str, value) -> int:
    """The size of a population (anything with ``.size``) or a non-negative int."""
    size = getattr(value, "size", value)
    if isinstance(size, Integral) and not isinstance(size, bool) and size >= 0:
        return int(size)
    raise ConnectorError(
        f"sparse_random_matrix(): '{what}' must be a population or a number of neurons, "
        f"got {type(value).__name__}."
    )


def _values(func: str, what: str, value, n: int, rng) -> np.ndarray:
    if isinstance(value, RandomDistribution):
        return np.asarray(value.get_values((n,), rng=rng), dtype=np.float64)
    if isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value):
        return np.full(n, float(value))
    raise ConnectorError(
        f"{func}(): '{what}' must be a number or a RandomDistribution, got {value!r}."
    )


def _pick(func: str, name: str, value, alias: str, alias_value):
    if value is not None and alias_value is not None:
        raise ConnectorError(f"{func}(): give either '{name}' or '{alias}', not both.")
    value = value if value is not None else alias_value
    if value is None:
        raise ConnectorError(f"{func}(): the argument '{name}' is required.")
    return value


def sparse_random_matrix(
    pre, post, proba=None, weights=None, *, p=None, w=None, rng: np.random.Generator | None = None
) -> sp.lil_matrix:
    """A random ``(pre.size, post.size)`` lil_matrix for ``Projection.from_sparse()``.

    Each entry exists independently with probability ``proba``; its value is ``weights`` or a
    sample of it.

    Parameters
    ----------
    pre, post : Population or int
        The pre- and post-synaptic populations (or their sizes).
    proba : float
        Connection probability in ``[0, 1]`` (alias ``p``).
    weights : float or RandomDistribution
        Weight values (alias ``w``).
    p, w : optional
        Aliases of ``proba`` and ``weights`` (keyword only).
    rng : numpy.random.Generator, optional
        Generator for the structure and the weights (default: a new ``default_rng()``).

    Returns
    -------
    scipy.sparse.lil_matrix
    """
    func = "sparse_random_matrix"
    proba = _pick(func, "proba", proba, "p", p)
    weights = _pick(func, "weights", weights, "w", w)
    if isinstance(proba, bool) or not isinstance(proba, Real) or not 0.0 <= proba <= 1.0:
        raise ConnectorError(f"{func}(): 'proba' must be a probability in [0, 1], got {proba!r}.")
    n_pre, n_post = _size("pre", pre), _size("post", post)
    rng = np.random.default_rng() if rng is None else rng
    pos = bernoulli_positions(rng, float(proba), n_pre * n_post)
    rows, cols = np.divmod(pos, max(n_post, 1))
    data = _values(func, "weights", weights, pos.size, rng)
    import scipy.sparse as sp  # here: scipy takes about 0.5 s to import

    return sp.coo_matrix((data, (rows, cols)), shape=(n_pre, n_post)).tolil()


def sparse_delays_from_weights(
    weights, delays, rng: np.random.Generator | None = None
) -> sp.lil_matrix:
    """A delay matrix with exactly the stored entries of the sparse matrix ``weights``.

    Parameters
    ----------
    weights : scipy.sparse matrix
        The weight matrix (``(pre, post)``, as for ``from_sparse``).
    delays : float or RandomDistribution
        Delay in ms (>= 0), constant or sampled once per entry.
    rng : numpy.random.Generator, optional
        Generator used when ``delays`` is a distribution without its own.

    Returns
    -------
    scipy.sparse.lil_matrix
    """
    func = "sparse_delays_from_weights"
    import scipy.sparse as sp  # here: scipy takes about 0.5 s to import

    if not sp.issparse(weights):
        raise ConnectorError(
            f"{func}(): 'weights' must be a scipy sparse matrix, got {type(weights).__name__}."
        )
    m = sp.csr_matrix(weights, copy=True)
    m.sum_duplicates()
    m.data = _values(func, "delays", delays, m.nnz, rng)
    if m.nnz and m.data.min() < 0:
        raise ConnectorError(
            f"{func}(): delays must be >= 0 ms, got {m.data.min()}; bound the distribution "
            "with min=0.0."
        )
    return m.tolil()
