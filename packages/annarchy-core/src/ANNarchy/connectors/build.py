"""Public helpers to build what a connector returns (re-exported by ``ANNarchy.plugin``).

A connector is ``fn(ctx: ConnectContext, *args, **kwargs) -> Connectivity``. It usually knows its
synapses as (pre, post) rank pairs and its weights and delays as a number or a
``RandomDistribution``; these helpers turn that into a valid CSR and per-synapse values in CSR
order, with errors naming the projection and the connector::

    def ring(ctx, width=1, weights=1.0, delays=0.0):
        post = ...  # full-population ranks, any order
        pre = ...
        return connectivity_from_pairs(ctx, pre, post, weights, delays, connector="ring")
"""

from __future__ import annotations

import numpy as np

from ..core.network_ir import CSR
from . import _util
from .base import ConnectContext, Connectivity, ConnectorError


def empty_csr() -> CSR:
    """A CSR without any synapse.

    Returns
    -------
    CSR
    """
    return _util.empty_csr()


def csr_from_pairs(
    pre, post, *, ctx: ConnectContext | None = None, connector: str = "connector"
) -> tuple[CSR, np.ndarray | None]:
    """A CSR from synapses given as (pre, post) rank pairs, in any order.

    Parameters
    ----------
    pre, post : array_like of int
        The pre- and post-synaptic rank of each synapse (same length), in the full populations.
    ctx : ConnectContext, optional
        The connector's context: its projection name opens error messages.
    connector : str, optional
        The connector's name, for error messages.

    Returns
    -------
    csr : CSR
        Rows ascending, pre ranks ascending in each row, empty rows left out.
    order : numpy.ndarray or None
        The permutation putting per-pair values into CSR order (None: already in that order);
        see `in_csr_order`.

    Raises
    ------
    ConnectorError
        ``pre`` and ``post`` differ in length, or a synapse is given twice.
    """
    pre = np.asarray(pre, dtype=np.int64).ravel()
    post = np.asarray(post, dtype=np.int64).ravel()
    if pre.size != post.size:
        raise _fail(ctx, connector, f"{pre.size} pre-synaptic ranks for {post.size} post ranks.")
    return _util.csr_from_pairs(_named(ctx), connector, post, pre)


def in_csr_order(values, order: np.ndarray | None):
    """Per-pair values put in the CSR order given by `csr_from_pairs` (a scalar, or
    ``order`` None, passes through).

    Parameters
    ----------
    values : float or array_like
    order : numpy.ndarray or None

    Returns
    -------
    float or numpy.ndarray
    """
    return _util.reorder(values, order)


def synapse_values(
    ctx: ConnectContext, value, nnz: int, *, what: str = "weights", connector: str = "connector"
):
    """Weights or delays of ``nnz`` synapses from a number or a ``RandomDistribution``.

    Parameters
    ----------
    ctx : ConnectContext
        Its ``rng`` (the network's generator) samples distributions.
    value : float or RandomDistribution
        A number stays one float for the whole projection; a distribution is sampled once per
        synapse, in CSR order.
    nnz : int
        The number of synapses.
    what : {'weights', 'delays'}
        Which values: delays (in ms) must also be >= 0.
    connector : str, optional
        The connector's name, for error messages.

    Returns
    -------
    float or numpy.ndarray
        The float, or ``nnz`` float64 values.

    Raises
    ------
    ConnectorError
        ``value`` is neither, or gives NaN, inf or (delays) a negative value.
    """
    return _util.synapse_values(ctx, connector, what, value, int(nnz))


def connectivity_from_pairs(
    ctx: ConnectContext,
    pre,
    post,
    weights=1.0,
    delays=0.0,
    *,
    connector: str = "connector",
) -> Connectivity:
    """A connector's result from (pre, post) rank pairs, weights and delays.

    Parameters
    ----------
    ctx : ConnectContext
        The connector's context (projection name, random generator).
    pre, post : array_like of int
        The pre- and post-synaptic rank of each synapse, in any order.
    weights, delays : float, RandomDistribution or array_like
        A number (the same for every synapse), a distribution (sampled per synapse in CSR
        order) or one value per pair (in the order of the pairs). Delays are in ms.
    connector : str, optional
        The connector's name, for error messages and reports.

    Returns
    -------
    Connectivity

    Raises
    ------
    ConnectorError
        Pairs given twice, values of the wrong length, NaN/inf values or negative delays.
    """
    csr, order = csr_from_pairs(pre, post, ctx=ctx, connector=connector)
    values = {}
    for what, value in (("weights", weights), ("delays", delays)):
        if np.ndim(value) == 0:
            values[what] = synapse_values(ctx, value, csr.nnz, what=what, connector=connector)
            continue
        arr = np.asarray(value, dtype=np.float64).ravel()
        if arr.size != csr.nnz:
            raise _fail(ctx, connector, f"{arr.size} {what} for {csr.nnz} synapses.")
        values[what] = _util.check_values(ctx, connector, what, in_csr_order(arr, order))
    return Connectivity(csr, values["weights"], values["delays"], connector=connector)


def _named(ctx):
    """``ctx``, or a context-less stand-in naming no projection."""
    return ctx if ctx is not None else _Anonymous()


class _Anonymous:
    name = ""


def _fail(ctx, connector: str, message: str) -> ConnectorError:
    return _util.fail(_named(ctx), connector, message)
