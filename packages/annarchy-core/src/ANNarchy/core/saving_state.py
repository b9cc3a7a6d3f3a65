"""The state of populations and projections as ``(meta, arrays)``, the content of saved files.

A population ``k`` of the file is described by ``meta["populations"][k]`` (name, size,
attributes with their locality and C type) and its values are the arrays ``p{k}__<attr>``.
A projection ``k`` is ``meta["projections"][k]`` with arrays ``c{k}__<attr>`` and its
connectivity ``c{k}__post_ranks``, ``__row_ptr``, ``__pre_ranks``, ``__delays`` (steps, one per
synapse). Arrays a backend keeps besides the attributes (spike history, delay rings...) are
saved as ``p{k}__rt__<name>`` when the runtime offers ``export_state(owner)``.
"""

from __future__ import annotations

import numpy as np

from .capabilities import SupportsMemoryReport, SupportsStateExport, supports
from .saving_formats import FORMAT_TAG, FORMAT_VERSION
from .synapse_values import delay_steps
from .values import DTYPES
from .view import base_population

CONNECTIVITY = ("post_ranks", "row_ptr", "pre_ranks", "delays")
CONN_DTYPES = {
    "post_ranks": np.int32,
    "row_ptr": np.int64,
    "pre_ranks": np.int32,
    "delays": np.int32,
}


def attribute_table(obj) -> list[list[str]]:
    """``[[name, locality, ctype], ...]`` of the attributes of a population or projection."""
    return [[a.name, a.locality, a.ctype] for a in obj._attributes.values()]


def runtime_arrays(obj) -> dict[str, np.ndarray]:
    """The backend's own arrays of ``obj`` (empty when not compiled or not offered)."""
    runtime = obj._runtime()
    if not supports(runtime, SupportsStateExport):
        return {}
    return {str(k): np.array(v, copy=True) for k, v in runtime.export_state(obj.owner).items()}


def population_state(pop, key: str) -> tuple[dict, dict[str, np.ndarray]]:
    """The description and arrays of one population, arrays named ``<key>__<attr>``."""
    arrays = {f"{key}__{name}": pop._read(name) for name in pop._attributes}
    internal = runtime_arrays(pop)
    arrays.update({f"{key}__rt__{name}": v for name, v in internal.items()})
    meta = {
        "name": pop.name,
        "key": key,
        "size": pop.size,
        "geometry": list(pop.geometry),
        "attributes": attribute_table(pop),
        "runtime": sorted(internal),
    }
    return meta, arrays


def delays_in_steps(proj) -> np.ndarray:
    """One delay per synapse, in steps, in CSR order."""
    nnz = proj._csr().nnz
    steps = delay_steps(proj._delays, proj._net.dt)
    return np.broadcast_to(np.asarray(steps, dtype=np.int32), (nnz,)).copy()


def connectivity_arrays(proj) -> dict[str, np.ndarray]:
    """The CSR arrays and per-synapse delays (steps) of a connected projection."""
    csr = proj._csr()
    return {
        "post_ranks": np.asarray(csr.post_ranks, dtype=np.int32),
        "row_ptr": np.asarray(csr.row_ptr, dtype=np.int64),
        "pre_ranks": np.asarray(csr.pre_ranks, dtype=np.int32),
        "delays": delays_in_steps(proj),
    }


def projection_header(proj, key: str) -> dict:
    """What identifies a projection: name, sides, target, sizes."""
    csr = proj._csr()
    return {
        "name": proj.name,
        "key": key,
        "pre": base_population(proj.pre).name,
        "post": base_population(proj.post).name,
        "target": list(proj._targets),
        "n_rows": csr.n_rows,
        "nnz": csr.nnz,
    }


def projection_state(proj, key: str) -> tuple[dict, dict[str, np.ndarray]]:
    """The description and arrays (values and connectivity) of one projection."""
    meta = projection_header(proj, key)
    arrays = {f"{key}__{name}": v for name, v in connectivity_arrays(proj).items()}
    arrays.update({f"{key}__{name}": proj._read(name) for name in proj._attributes})
    internal = runtime_arrays(proj)
    arrays.update({f"{key}__rt__{name}": v for name, v in internal.items()})
    meta["attributes"] = attribute_table(proj)
    meta["runtime"] = sorted(internal)
    return meta, arrays


def network_state(net, populations: bool = True, projections: bool = True):
    """``(meta, arrays)`` describing the whole state of ``net``.

    Parameters
    ----------
    net : Network
        The network.
    populations, projections : bool
        Whether the populations / projections are saved.
    """
    meta = header(net)
    meta["saved"] = {"populations": bool(populations), "projections": bool(projections)}
    arrays: dict[str, np.ndarray] = {}
    meta["populations"] = []
    meta["projections"] = []
    for k, pop in enumerate(net._populations if populations else ()):
        entry, values = population_state(pop, f"p{k}")
        meta["populations"].append(entry)
        arrays.update(values)
    for k, proj in enumerate(net._projections if projections else ()):
        entry, values = projection_state(proj, f"c{k}")
        meta["projections"].append(entry)
        arrays.update(values)
    return meta, arrays


def header(net, kind: str = "network") -> dict:
    """The part of every file's description common to all kinds."""
    return {
        "format": FORMAT_TAG,
        "version": FORMAT_VERSION,
        "kind": kind,
        "dt": net.dt,
        "step": int(net.current_step),
        "time": float(net.current_step * net.dt),
        "constants": {name: float(c.value) for name, c in net._all_constants().items()},
    }


def nbytes_of(obj) -> int:
    """Bytes held by the state of a population or projection (attributes and connectivity).

    Uses the runtime's ``nbytes(owner)`` when it has one (it then counts its internal arrays too).
    """
    runtime = obj._runtime()
    if supports(runtime, SupportsMemoryReport):
        return int(runtime.nbytes(obj.owner))
    total = sum(int(obj._read(name).nbytes) for name in obj._attributes)
    if getattr(obj, "_connectivity", None) is not None:
        total += sum(int(a.nbytes) for a in connectivity_arrays(obj).values())
    return total


def expected_dtype(ctype: str) -> type:
    """The numpy dtype of a C type name of the IR."""
    return DTYPES.get(ctype, np.float64)
