"""``proj.save_connectivity(filename)`` and the connector ``proj.from_file(filename)``.

A connectivity file holds the synapses (CSR by post-synaptic neuron), one weight per synapse (or
a single weight) and the delays in ms; the formats are those of ``save()`` (by extension).
"""

from __future__ import annotations

import numpy as np

from ..core.network_ir import CSR
from ..core.saving_formats import StateFileError, fetch, read_file, write_file
from ..core.saving_state import connectivity_arrays, header
from ._util import fail
from .base import ConnectContext, Connectivity


def save_connectivity(proj, filename) -> None:
    """Write the synapses, weights and delays (ms) of ``proj`` to ``filename``.

    Parameters
    ----------
    proj : Projection
        A connected projection.
    filename : str
        ``.npz`` (recommended), ``.mat``, ``.h5``, ``.gz`` or a pickle (``.data``...).
    """
    conn = connectivity_arrays(proj)
    meta = header(proj._net, kind="connectivity")
    weights = proj._read("w")
    meta["projection"] = {
        "name": proj.name,
        "n_rows": int(conn["post_ranks"].size),
        "nnz": int(conn["pre_ranks"].size),
        "single_weight": weights.ndim == 0,
    }
    arrays = {name: conn[name] for name in ("post_ranks", "row_ptr", "pre_ranks")}
    arrays["delays"] = conn["delays"].astype(np.float64) * proj._net.dt
    arrays["w"] = np.asarray(weights, dtype=np.float64)
    write_file(filename, meta, arrays)


def _read(ctx: ConnectContext, filename, pickle_encoding) -> tuple[dict, dict]:
    try:
        meta, arrays = read_file(filename, pickle_encoding)
    except StateFileError as err:
        raise fail(ctx, "from_file", str(err)) from None
    if meta.get("kind") != "connectivity" or "projection" not in meta:
        raise fail(
            ctx,
            "from_file",
            f"'{filename}' holds a {meta.get('kind')} state, not a connectivity: write it with "
            "proj.save_connectivity() (not save()).",
        )
    return meta, arrays


def _arrays(ctx, meta: dict, arrays: dict) -> dict[str, np.ndarray]:
    info = meta["projection"]
    n_rows, nnz = int(info["n_rows"]), int(info["nnz"])
    where = f"Projection '{ctx.name}'.from_file()"
    shapes = {
        "post_ranks": ((n_rows,), np.int32),
        "row_ptr": ((n_rows + 1,), np.int64),
        "pre_ranks": ((nnz,), np.int32),
        "delays": ((nnz,), np.float64),
        "w": (() if info.get("single_weight") else (nnz,), np.float64),
    }
    try:
        return {
            name: fetch(arrays, name, shape, dtype, where)
            for name, (shape, dtype) in shapes.items()
        }
    except StateFileError as err:
        raise fail(ctx, "from_file", str(err)) from None


def _check(ctx, data: dict) -> None:
    """The synapses must form a valid CSR within the two sides of the projection."""
    ptr, rows, cols = data["row_ptr"], data["post_ranks"], data["pre_ranks"]
    ok = ptr[0] == 0 and ptr[-1] == cols.size and bool(np.all(np.diff(ptr) >= 1))
    ok = ok and bool(np.all(np.diff(rows) > 0))
    ok = ok and bool(np.all(np.isin(rows, ctx.post_ranks)))
    ok = ok and bool(np.all(np.isin(cols, ctx.pre_ranks)))
    if not ok:
        raise fail(
            ctx,
            "from_file",
            "the saved synapses do not fit this projection (ranks outside the pre- or "
            "post-synaptic population, or an inconsistent file); connect populations of the "
            "same sizes as the saved projection.",
        )
    if data["delays"].size and data["delays"].min() < 0:
        raise fail(ctx, "from_file", "the file holds negative delays.")


def from_file(
    ctx: ConnectContext, filename, pickle_encoding=None, storage_format=None, storage_order=None
) -> Connectivity:
    """Connectivity saved by ``Projection.save_connectivity()`` (not ``save()``).

    Only the ranks, weights and delays are loaded, not the other variables.

    Parameters
    ----------
    ctx : ConnectContext
        The two sides of the projection.
    filename : str
        File written by ``save_connectivity()`` (.npz, .mat, .h5, .gz or pickle).
    pickle_encoding : str, optional
        Encoding of Python 2 strings in pickle files (read without running code from them).
    storage_format, storage_order : str, optional
        Recorded in ``args``.

    Returns
    -------
    Connectivity
    """
    meta, arrays = _read(ctx, filename, pickle_encoding)
    data = _arrays(ctx, meta, arrays)
    _check(ctx, data)
    csr = CSR(post_ranks=data["post_ranks"], row_ptr=data["row_ptr"], pre_ranks=data["pre_ranks"])
    delays = data["delays"]
    if delays.size and np.all(delays == delays[0]):
        delays = float(delays[0])
    weights = data["w"] if data["w"].ndim else float(data["w"])
    args = {"filename": str(filename)}
    return Connectivity(csr, weights=weights, delays=delays, connector="from_file", args=args)
