"""States saved by the reference ANNarchy (dicts of numbers, lists and arrays), converted to
this package's ``(meta, arrays)`` layout (see `.saving_state`) so that the usual checks
and writes of `.saving_load` apply.

Such files record neither ``dt`` nor the internal arrays (spikes in flight): attributes the file
lacks keep their current values, as in the reference, and delays are read in milliseconds.
"""

from __future__ import annotations

import numpy as np

from .saving_formats import FORMAT_TAG, StateFileError, StateMismatchError
from .saving_state import attribute_table
from .view import base_population


def convert(meta: dict, net, kind: str, filename, target=None) -> dict | None:
    """``(meta, arrays)`` of this package from a reference file (None if it is not one).

    Parameters
    ----------
    meta : dict
        What `read_file` returned.
    net : Network
        The network loaded into.
    kind : str
        'network', 'population' or 'projection': what the caller loads.
    target : Population or Projection, optional
        The object loaded into by a per-object load.
    """
    if meta.get("kind") != "legacy":
        return None
    try:
        return _convert(meta["legacy"], net, kind, filename, target)
    except StateMismatchError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError, IndexError) as err:
        raise StateFileError(
            f"Cannot read '{filename}' as a state saved by ANNarchy: its content is not what "
            f"save() writes ({type(err).__name__}: {err})."
        ) from None


def _convert(data: dict, net, kind: str, filename, target) -> tuple[dict, dict]:
    head = {"format": FORMAT_TAG, "dt": net.dt, "constants": {}, "populations": []}
    head["projections"] = []
    arrays: dict[str, np.ndarray] = {}
    if "obj_names" in data:
        head.update(kind="network", step=int(np.asarray(data["time_step"])))
        head["saved"] = {"populations": True, "projections": True}
        _missing(net, data, filename)
        names = data["obj_names"]
        pops = [p for p in net._populations if p.name in names.get("populations", [])]
        projs = [p for p in net._projections if p.name in names.get("projections", [])]
    else:
        head.update(kind="projection" if "pre_ranks" in data else "population")
        head["step"] = int(net.current_step)
        pops = [target] if head["kind"] == "population" and head["kind"] == kind else []
        projs = [target] if head["kind"] == "projection" and head["kind"] == kind else []
        data = {data["name"]: data}
        if target is not None:
            data = {target.name: next(iter(data.values()))}
    for k, pop in enumerate(pops):
        head["populations"].append(_population(pop, data[pop.name], f"p{k}", arrays))
    for k, proj in enumerate(projs):
        head["projections"].append(_projection(proj, data[proj.name], f"c{k}", arrays, filename))
    return head, arrays


def _missing(net, data: dict, filename) -> None:
    """The file must name the network's populations and projections and hold their states."""
    mine = {p.name for p in (*net._populations, *net._projections)}
    names = data["obj_names"]
    theirs = {*names.get("populations", []), *names.get("projections", [])}
    held = {name for name in theirs if isinstance(data.get(name), dict)}
    if mine != theirs or held != theirs:
        raise StateMismatchError(
            f"'{filename}' does not describe the same populations and projections as the "
            f"network (missing from the file: {sorted(mine - held) or 'none'}; not in the "
            f"network: {sorted(theirs - mine) or 'none'}). Load into a network built like the "
            "saved one (same names)."
        )


def _population(pop, saved: dict, key: str, arrays: dict) -> dict:
    """The entry of one population; attributes the file lacks keep their values."""
    for name, attr in pop._attributes.items():
        value = saved.get(name)
        value = pop._read(name) if value is None else np.asarray(value)
        if attr.locality == "local" and value.ndim == 0:
            value = np.full(pop.size, value)
        arrays[f"{key}__{name}"] = value
    return {
        "name": pop.name,
        "key": key,
        "size": int(saved.get("size", pop.size)),
        "geometry": list(pop.geometry),
        "attributes": attribute_table(pop),
        "runtime": [],
    }


def _projection(proj, saved: dict, key: str, arrays: dict, filename) -> dict:
    """The entry of one projection: CSR from the lists of the file, delays from ms to steps."""
    rows = [np.asarray(r, dtype=np.int32).reshape(-1) for r in saved["pre_ranks"]]
    post = np.asarray(saved["post_ranks"], dtype=np.int32).reshape(-1)
    ptr = np.concatenate([[0], np.cumsum([len(r) for r in rows])]).astype(np.int64)
    nnz = int(ptr[-1])
    dt = proj._net.dt
    delays = saved.get("delays", dt)
    if np.ndim(delays) == 0:
        step = round(float(delays) / dt)
        if proj.uniform_delay >= 0 and max(step, 1) == max(proj.uniform_delay, 1):
            step = proj.uniform_delay  # one step is stored as 0 or 1
        steps = np.full(nnz, step, dtype=np.int32)
    else:
        flat = np.concatenate([np.asarray(d, dtype=np.float64).reshape(-1) for d in delays])
        steps = np.rint(flat / dt).astype(np.int32)
    conn = {"post_ranks": post, "row_ptr": ptr, "delays": steps}
    conn["pre_ranks"] = np.concatenate(rows) if rows else np.zeros(0, np.int32)
    arrays.update({f"{key}__{name}": value for name, value in conn.items()})
    for name, attr in proj._attributes.items():
        value = saved.get(name)
        if value is None:
            value = proj._read(name)
        elif attr.locality == "local" and np.ndim(value) > 0:
            value = np.concatenate([np.asarray(v).reshape(-1) for v in value])
        arrays[f"{key}__{name}"] = np.asarray(value)
    target = saved.get("target", proj._targets)
    return {
        "name": proj.name,
        "key": key,
        "pre": saved.get("pre", base_population(proj.pre).name),
        "post": saved.get("post", base_population(proj.post).name),
        "target": [target] if isinstance(target, str) else list(target),
        "n_rows": len(post),
        "nnz": nnz,
        "attributes": attribute_table(proj),
        "runtime": [],
    }
