"""What a connector returns, checked once at the boundary (built-in and plugin connectors alike).

A connector is code the core does not control: a plugin may return ranks outside the populations,
unsorted rows or a ``row_ptr`` that does not match the synapses, which the generated code would
read out of bounds. `check_connectivity` refuses such a result with a
`ConnectorError` naming the connector (and the distribution that
provides it), the projection and the first problem found. The checks are vectorised numpy
operations (a few passes over the synapses, no Python loop per row).
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
from numbers import Real

import numpy as np

from ..core.network_ir import CSR
from .base import ConnectContext, Connectivity, ConnectorError

_INT32_MAX = np.iinfo(np.int32).max
_BLOCK = 1 << 16  # synapses compared at once


class _Problem(Exception):
    """One violation of the connectivity contract (turned into a ConnectorError)."""


def check_connectivity(conn, ctx: ConnectContext, connector: str, fn=None) -> Connectivity:
    """Check a connector's result; return it with the documented dtypes.

    Parameters
    ----------
    conn : Connectivity
        What the connector returned.
    ctx : ConnectContext
        What it received (the sides of the projection).
    connector : str
        Its registered name.
    fn : callable, optional
        The connector itself, to name the distribution that provides it.

    Returns
    -------
    Connectivity
        ``conn`` with ``post_ranks``/``pre_ranks`` as int32, ``row_ptr`` as int64 and per-synapse
        weights/delays as float64 (the arrays are not copied when they already have these types).

    Raises
    ------
    ConnectorError
        When the ranks are outside the projection's sides, rows are unsorted, empty or repeated,
        ``row_ptr`` does not describe the synapses, or weights/delays do not match them.
    """
    try:
        if not isinstance(conn, Connectivity):
            raise _Problem(f"a {type(conn).__name__}, not a Connectivity")
        csr = _checked_csr(conn.csr, ctx, bool(conn.multapses))
        weights = _values(conn.weights, csr.nnz, "weights")
        delays = _values(conn.delays, csr.nnz, "delays")
    except _Problem as problem:
        raise ConnectorError(_message(ctx, connector, fn, str(problem))) from None
    return dataclasses.replace(conn, csr=csr, weights=weights, delays=delays)


def _message(ctx: ConnectContext, connector: str, fn, problem: str) -> str:
    who = f"Projection '{ctx.name}'" if ctx.name else "A projection"
    dist = distribution_of(fn)
    source = f" (from the distribution {dist})" if dist else ""
    return (
        f"{who}: the connector '{connector}'{source} returned an invalid connectivity: "
        f"{problem}. This is a bug of the connector; report it to its authors."
    )


def distribution_of(fn) -> str | None:
    """The installed distribution whose top-level package defines ``fn`` (None if unknown).

    The ``annarchy`` entry points name the package of every installed plugin (editable installs
    included); other packages are looked up in the installed files.
    """
    module = getattr(fn, "__module__", None)
    if not module:
        return None
    top = module.split(".")[0]
    for ep in importlib.metadata.entry_points(group="annarchy"):
        if ep.module.split(".")[0] == top and ep.dist is not None:
            return ep.dist.name
    dists = importlib.metadata.packages_distributions().get(top)
    return dists[0] if dists else None


def _int_array(values, what: str) -> np.ndarray:
    if not isinstance(values, np.ndarray):
        raise _Problem(f"{what} is a {type(values).__name__}, not a numpy array")
    if values.ndim != 1:
        raise _Problem(f"{what} has shape {values.shape}, not one dimension")
    if values.dtype.kind not in "iu" and values.size:
        raise _Problem(f"{what} has dtype {values.dtype}, not an integer type")
    return values


def _checked_csr(csr, ctx: ConnectContext, multapses: bool) -> CSR:
    if not isinstance(csr, CSR):
        raise _Problem(f"its csr is a {type(csr).__name__}, not a CSR")
    post = _int_array(csr.post_ranks, "post_ranks")
    ptr = _int_array(csr.row_ptr, "row_ptr")
    pre = _int_array(csr.pre_ranks, "pre_ranks")
    _check_row_ptr(ptr, post.size, pre.size)
    _check_ranks(post, ctx.post_ranks, ctx.post_geometry, "post")
    if post.size > 1 and not np.all(post[1:] > post[:-1]):
        first = int(np.flatnonzero(post[1:] <= post[:-1])[0])
        raise _Problem(
            f"post_ranks must be strictly ascending (row {first + 1} has rank "
            f"{int(post[first + 1])} after {int(post[first])})"
        )
    _check_ranks(pre, ctx.pre_ranks, ctx.pre_geometry, "pre")
    _check_rows_sorted(pre, ptr, post, strict=not multapses)
    delays = csr.delays
    if delays is not None:
        delays = _int_array(np.asarray(delays), "csr.delays")
        if delays.size != pre.size or (delays.size and delays.min() < 0):
            raise _Problem(f"csr.delays must be {pre.size} non-negative steps")
        delays = delays.astype(np.int32, copy=False)
    return CSR(
        post_ranks=post.astype(np.int32, copy=False),
        row_ptr=ptr.astype(np.int64, copy=False),
        pre_ranks=pre.astype(np.int32, copy=False),
        delays=delays,
    )


def _check_row_ptr(ptr: np.ndarray, n_rows: int, nnz: int) -> None:
    if ptr.size != n_rows + 1:
        raise _Problem(f"row_ptr has {ptr.size} entries for {n_rows} rows (needs {n_rows + 1})")
    if ptr[0] != 0:
        raise _Problem(f"row_ptr must start at 0, not {int(ptr[0])}")
    if ptr[-1] != nnz:
        raise _Problem(f"row_ptr ends at {int(ptr[-1])} but pre_ranks holds {nnz} synapses")
    steps = np.diff(ptr)
    if steps.size and steps.min() < 1:
        row = int(np.flatnonzero(steps < 1)[0])
        kind = "decreases" if steps[row] < 0 else "is empty (rows hold >= 1 synapse)"
        raise _Problem(f"row_ptr is not increasing: row {row} {kind}")


def _check_ranks(ranks: np.ndarray, side_ranks, geometry, side: str) -> None:
    """Ranks within the population, and within the view when the projection spans one."""
    if not ranks.size:
        return
    size = int(np.prod(geometry))
    low, high = int(ranks.min()), int(ranks.max())
    if low < 0 or high >= size:
        bad = low if low < 0 else high
        raise _Problem(
            f"{side}_ranks holds {bad}, outside the {side}-synaptic population of {size} neurons"
        )
    side_ranks = np.asarray(side_ranks)
    if side_ranks.size == size or size > _INT32_MAX:
        return
    inside = np.zeros(size, bool)
    inside[side_ranks] = True
    spanned = inside[ranks]
    if not spanned.all():
        bad = int(ranks[np.flatnonzero(~spanned)[0]])
        raise _Problem(f"{side}_ranks holds {bad}, not in the {side}-synaptic view")


def _check_rows_sorted(pre: np.ndarray, ptr: np.ndarray, post: np.ndarray, strict: bool) -> None:
    """Pre ranks ascending within each row, strictly unless the connector returns multapses.

    Compares neighbours block by block (a block of 64k synapses stays in cache, four times faster
    than one pass over 50 million); the first synapse of a row may be smaller than the one before.
    """
    starts = ptr[1:-1]  # index of the first synapse of rows 1..n-1
    for lo in range(1, pre.size, _BLOCK):
        hi = min(lo + _BLOCK, pre.size)
        ok = pre[lo:hi] > pre[lo - 1 : hi - 1] if strict else pre[lo:hi] >= pre[lo - 1 : hi - 1]
        if ok.all():
            continue
        ok[starts[np.searchsorted(starts, lo) : np.searchsorted(starts, hi)] - lo] = True
        if not ok.all():
            _unsorted(pre, ptr, post, lo + int(np.flatnonzero(~ok)[0]), strict)


def _unsorted(pre: np.ndarray, ptr: np.ndarray, post: np.ndarray, at: int, strict: bool) -> None:
    row = int(np.searchsorted(ptr, at, side="right")) - 1
    what = "twice" if pre[at] == pre[at - 1] else "after a larger one (unsorted row)"
    rule = (
        "strictly ascending within a row (give Connectivity(multapses=True) for repeated pairs)"
        if strict
        else "ascending within a row"
    )
    raise _Problem(
        f"in the row of post-synaptic neuron {int(post[row])}, pre-synaptic rank "
        f"{int(pre[at])} comes {what}; pre ranks must be {rule}"
    )


def _values(values, nnz: int, what: str):
    """A finite number, or one finite float per synapse (delays >= 0)."""
    if isinstance(values, Real) and not isinstance(values, bool):
        array = np.float64(values)
    elif isinstance(values, np.ndarray) and values.ndim == 0 and values.dtype.kind in "iuf":
        array = values.astype(np.float64)
    elif isinstance(values, np.ndarray) and values.ndim == 1 and values.dtype.kind in "iuf":
        if values.size != nnz:
            raise _Problem(f"{values.size} {what} for {nnz} synapses")
        array = values
    else:
        kind = getattr(values, "dtype", type(values).__name__)
        raise _Problem(
            f"{what} must be a number or a 1-D numpy array of {nnz} numbers, got {kind}"
            f"{f' of shape {values.shape}' if isinstance(values, np.ndarray) else ''}"
        )
    if not np.isfinite(array).all():
        raise _Problem(f"the {what} must be finite (got NaN or inf)")
    if what == "delays" and array.size and array.min() < 0:
        raise _Problem(f"delays must be >= 0 ms, got {float(array.min())}")
    if array.ndim == 0:
        return values if isinstance(values, Real) else float(array)
    return array.astype(np.float64, copy=False)
