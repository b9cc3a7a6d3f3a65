"""Per-synapse values of a projection: CSR helpers and conversions of user values.

Local attributes are stored flat in CSR order (one value per synapse), semiglobal ones per
dendrite (one value per post-synaptic neuron receiving synapses), global ones as one value.
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidConfiguration
from ..random import RandomDistribution
from .values import dtype_of, sample_or_array, scalar_value


def counts_of(csr) -> np.ndarray:
    """Number of synapses of each dendrite.

    Parameters
    ----------
    csr : CSR
        Connectivity of a projection.

    Returns
    -------
    numpy.ndarray
        One count per row.
    """
    return np.diff(np.asarray(csr.row_ptr, dtype=np.int64))


def split_rows(flat: np.ndarray, csr) -> list[list]:
    """Flat per-synapse values as a list of lists (one list per dendrite)."""
    ptr = np.asarray(csr.row_ptr, dtype=np.int64)
    values = np.asarray(flat).tolist()
    return [values[ptr[i] : ptr[i + 1]] for i in range(len(ptr) - 1)]


def _is_nested(value) -> bool:
    if isinstance(value, np.ndarray):
        return value.ndim == 2
    if isinstance(value, (list, tuple)):
        return any(isinstance(v, (list, tuple, np.ndarray)) for v in value)
    return False


def local_values(owner: str, attr, value, csr, rng) -> np.ndarray:
    """Check a value for a local (per-synapse) attribute; return it flat in CSR order.

    Accepted: a single value, a random distribution, one value per dendrite (repeated over its
    synapses), or a list of lists / 2D array matching the synapses of every dendrite.
    """
    counts = counts_of(csr)
    nnz = int(counts.sum())
    dtype = dtype_of(attr)
    if isinstance(value, RandomDistribution):
        return np.asarray(value.get_values((nnz,), rng=rng), dtype=dtype)
    if _is_nested(value):
        return _nested(owner, attr, value, counts).astype(dtype)
    arr = np.asarray(sample_or_array(value, (nnz,), rng, owner))
    if arr.size == 1:
        return np.full(nnz, arr.reshape(()), dtype=dtype)
    if arr.ndim == 1 and arr.size == counts.size:
        return np.repeat(arr, counts).astype(dtype)
    if arr.ndim == 1 and arr.size == nnz:
        return arr.astype(dtype)
    raise InvalidConfiguration(
        f"{owner}: '{attr.name}' needs a single value, one value per dendrite ({counts.size}) "
        f"or a list of lists matching the synapses ({nnz} in all); got shape {arr.shape}."
    )


def _nested(owner: str, attr, value, counts: np.ndarray) -> np.ndarray:
    rows = list(value)
    if len(rows) != counts.size:
        raise InvalidConfiguration(
            f"{owner}: '{attr.name}' got {len(rows)} lists but the projection has "
            f"{counts.size} dendrites."
        )
    out = []
    for i, (row, n) in enumerate(zip(rows, counts, strict=True)):
        arr = np.asarray(row, dtype=float).ravel()
        if arr.size == 1 and n != 1:
            arr = np.full(n, arr[0])
        if arr.size != n:
            raise InvalidConfiguration(
                f"{owner}: '{attr.name}' row {i} has {arr.size} values for {n} synapses."
            )
        out.append(arr)
    return np.concatenate(out) if out else np.zeros(0)


def semiglobal_values(owner: str, attr, value, n_rows: int, rng) -> np.ndarray:
    """Check a value for a semiglobal (per-dendrite) attribute; return (n_rows,) values."""
    arr = np.asarray(sample_or_array(value, (n_rows,), rng, owner))
    if arr.size == 1:
        return np.full(n_rows, arr.reshape(()), dtype=dtype_of(attr))
    if arr.ndim == 1 and arr.size == n_rows:
        return arr.astype(dtype_of(attr))
    raise InvalidConfiguration(
        f"{owner}: '{attr.name}' is semiglobal: give a single value or one per dendrite "
        f"({n_rows}), got shape {arr.shape}."
    )


def convert(owner: str, attr, value, csr, rng) -> np.ndarray:
    """Check and convert a user value for any locality."""
    if attr.locality == "global":
        if _is_nested(value) or (np.ndim(value) > 0 and np.size(value) > 1):
            hint = ""
            if attr.name == "w":
                hint = (
                    " The projection uses a single weight: pass force_multiple_weights=True to "
                    "the connector to get one weight per synapse."
                )
            raise InvalidConfiguration(f"{owner}: '{attr.name}' is global (one value).{hint}")
        return scalar_value(owner, attr, value, rng)
    if attr.locality == "semiglobal":
        return semiglobal_values(owner, attr, value, len(csr.post_ranks), rng)
    return local_values(owner, attr, value, csr, rng)


def delay_steps(delays, dt: float) -> np.ndarray | int:
    """Delays in ms (scalar or array) rounded to steps."""
    steps = np.rint(np.asarray(delays, dtype=float) / dt).astype(np.int32)
    return int(steps) if steps.ndim == 0 else steps
