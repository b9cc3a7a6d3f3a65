"""Loading saved state: check everything against the network first, then apply.

Nothing is changed when any check fails: `plan_network` only builds a list of actions,
which `LoadPlan.apply` runs once every population and projection of the file fits.
"""

from __future__ import annotations

import numpy as np

from .capabilities import (
    SupportsConnectivity,
    SupportsHistoryDepth,
    SupportsStateAdapt,
    SupportsStateExport,
    supports,
)
from .network_ir import CSR
from .saving_formats import StateFileError, StateMismatchError, fetch
from .saving_state import CONN_DTYPES, CONNECTIVITY, attribute_table, connectivity_arrays
from .saving_state import expected_dtype as dtype_for
from .view import base_population


class LoadPlan:
    """The writes a load will do, collected while checking."""

    def __init__(self) -> None:
        self.actions: list = []

    def add(self, fn, *args) -> None:
        """Remember ``fn(*args)`` for `apply`."""
        self.actions.append((fn, args))

    def apply(self) -> None:
        """Run every remembered action in order."""
        for fn, args in self.actions:
            fn(*args)


def check_kind(meta: dict, kind: str, filename) -> None:
    """Refuse a file of another kind (e.g. a connectivity file given to ``load()``)."""
    if meta.get("kind") != kind:
        hint = {"connectivity": "Projection.from_file()", "network": "Network.load()"}
        raise StateFileError(
            f"'{filename}' holds a {meta.get('kind')} state; read it with "
            f"{hint.get(meta.get('kind'), 'the matching load method')}."
        )


def check_dt(net, meta: dict, filename) -> None:
    """Delays and time are saved in steps: the step size must be the same."""
    if float(meta.get("dt", -1.0)) != net.dt:
        raise StateMismatchError(
            f"'{filename}' was saved with dt={meta.get('dt')} ms, network {net.id} uses "
            f"dt={net.dt} ms; load it into a network with the same dt."
        )


def match(objects, entries: list, kind: str, filename) -> list:
    """Pair the network's objects with the file's entries by name; the names must be the same."""
    mine = {obj.name: obj for obj in objects}
    theirs = {entry["name"]: entry for entry in entries}
    if set(mine) != set(theirs):
        missing = sorted(set(mine) - set(theirs))
        unknown = sorted(set(theirs) - set(mine))
        raise StateMismatchError(
            f"'{filename}' does not describe the same {kind}s as the network: "
            f"missing from the file: {missing or 'none'}; not in the network: "
            f"{unknown or 'none'}. Load into a network built like the saved one (same names)."
        )
    return [(mine[name], theirs[name]) for name in theirs]


def check_attributes(where: str, saved: list, current: list, loose=()) -> None:
    """The attributes (name, locality, C type) must be the same, except names in ``loose``
    whose locality may differ."""
    strip = {row[0]: (row[1] if row[0] not in loose else "", row[2]) for row in current}
    file_rows = {row[0]: (row[1] if row[0] not in loose else "", row[2]) for row in saved}
    if strip != file_rows:
        missing = sorted(set(strip) - set(file_rows))
        unknown = sorted(set(file_rows) - set(strip))
        changed = sorted(n for n in set(strip) & set(file_rows) if strip[n] != file_rows[n])
        raise StateMismatchError(
            f"{where}: the saved attributes differ from the model's (missing from the file: "
            f"{missing or 'none'}; unknown to the model: {unknown or 'none'}; other locality "
            f"or type: {changed or 'none'}). Use the same neuron/synapse model."
        )


def value_shape(locality: str, n_rows: int, nnz: int) -> tuple[int, ...]:
    """Shape of the flat values of a synaptic attribute."""
    return {"global": (), "semiglobal": (n_rows,)}.get(locality, (nnz,))


def read_values(where: str, entry: dict, arrays: dict, shape_of) -> dict[str, np.ndarray]:
    """Every attribute of ``entry`` as an array of the shape ``shape_of(locality)``."""
    out = {}
    for name, locality, ctype in entry["attributes"]:
        key = f"{entry['key']}__{name}"
        out[name] = fetch(arrays, key, shape_of(locality), dtype_for(ctype), f"{where}.{name}")
    return out


def plan_runtime(plan: LoadPlan, obj, entry: dict, arrays: dict, where: str, steps) -> None:
    """Restore the backend's own arrays (spikes in flight, refractory counters, rings).

    Before compile they are kept and imported at compile (see `import_pending`); rings
    of past steps kept over another number of steps (other delays) are fitted by the runtime.
    ``steps`` is ``(step of the file, step of the network once loaded)``.
    """
    names = entry.get("runtime") or []
    saved = {}
    for name in names:
        key = f"{entry['key']}__rt__{name}"
        if key not in arrays:
            raise StateMismatchError(f"{where}: the file has no values for '{name}' ({key}).")
        saved[name] = np.asarray(arrays[key])
        if saved[name].dtype.kind not in "biuf":
            raise StateMismatchError(f"{where}: the saved '{name}' is not numeric.")
    runtime = obj._runtime()
    if runtime is None:
        plan.add(keep_pending, obj, saved, steps)
        return
    if not saved or not supports(runtime, SupportsStateExport):
        return
    values = adapt(runtime, obj.owner, saved, steps, where)
    plan.add(runtime.import_state, obj.owner, values)


def adapt(runtime, owner: str, saved: dict, steps, where: str) -> dict:
    """``saved`` fitted to the runtime's arrays; a clear error when it cannot be."""
    from ..errors import InvalidConfiguration

    if not supports(runtime, SupportsStateAdapt):
        current = runtime.export_state(owner)
        return {
            k: fetch(saved, k, np.shape(v), np.asarray(v).dtype, where) for k, v in current.items()
        }
    try:
        return runtime.adapt_state(owner, saved, *steps)
    except InvalidConfiguration as err:
        raise StateMismatchError(f"{where}: {err} Build the network like the saved one.") from None


def keep_pending(obj, saved: dict, steps) -> None:
    """Remember internal arrays loaded before compile; ``compile()`` imports them."""
    pending = obj._net.__dict__.setdefault("_pending_runtime", {})
    pending[obj.owner] = (obj, saved, steps)


def import_pending(net, runtime) -> bool:
    """At compile: import the internal arrays loaded before compile (True if any)."""
    pending = net.__dict__.pop("_pending_runtime", None) or {}
    if not supports(runtime, SupportsStateExport):
        return False
    for owner, (obj, saved, steps) in pending.items():
        if saved:
            where = f"{type(obj).__name__} '{obj.name}'"
            runtime.import_state(owner, adapt(runtime, owner, saved, steps, where))
    return bool(pending)


def plan_population(plan: LoadPlan, pop, entry: dict, arrays: dict, steps) -> None:
    """Check one population of the file against ``pop`` and plan its writes."""
    where = f"Population '{pop.name}'"
    if int(entry["size"]) != pop.size:
        raise StateMismatchError(
            f"{where} has {pop.size} neurons but {entry['size']} were saved; the network "
            "must be built like the saved one."
        )
    check_attributes(where, entry["attributes"], attribute_table(pop))
    values = read_values(where, entry, arrays, lambda loc: (pop.size,) if loc == "local" else ())
    for name, value in values.items():
        plan.add(pop._write, name, value)
    plan_runtime(plan, pop, entry, arrays, where, steps)


def read_connectivity(where: str, entry: dict, arrays: dict, proj) -> dict[str, np.ndarray]:
    """The saved CSR arrays, checked for consistency against the projection's two sides."""
    n_rows, nnz = int(entry["n_rows"]), int(entry["nnz"])
    shapes = {"post_ranks": (n_rows,), "row_ptr": (n_rows + 1,), "pre_ranks": (nnz,)}
    shapes["delays"] = (nnz,)
    conn = {
        name: fetch(arrays, f"{entry['key']}__{name}", shapes[name], CONN_DTYPES[name], where)
        for name in CONNECTIVITY
    }
    ptr, rows, cols = conn["row_ptr"], conn["post_ranks"], conn["pre_ranks"]
    n_pre, n_post = base_population(proj.pre).size, base_population(proj.post).size
    ok = ptr[0] == 0 and ptr[-1] == nnz and np.all(np.diff(ptr) >= 1)
    ok = ok and np.all(np.diff(rows) > 0) if n_rows > 1 else ok
    ok = ok and (not n_rows or (rows.min() >= 0 and rows.max() < n_post))
    ok = ok and (not nnz or (cols.min() >= 0 and cols.max() < n_pre))
    if not ok or (nnz and conn["delays"].min() < 0):
        raise StateMismatchError(
            f"{where}: the saved connectivity is inconsistent or does not fit the populations "
            f"({n_pre} pre-synaptic, {n_post} post-synaptic neurons)."
        )
    return conn


def same_connectivity(proj, conn: dict) -> bool:
    """Whether the projection already has exactly the saved synapses and delays."""
    if proj._connectivity is None:
        return False
    now = connectivity_arrays(proj)
    return all(np.array_equal(now[name], conn[name]) for name in CONNECTIVITY)


def check_sides(where: str, proj, entry: dict) -> None:
    """Pre, post and target must be those of the saved projection."""
    sides = (base_population(proj.pre).name, base_population(proj.post).name, list(proj._targets))
    saved = (entry["pre"], entry["post"], list(entry["target"]))
    if sides != saved:
        raise StateMismatchError(
            f"{where} connects {sides[0]} -> {sides[1]} ({', '.join(sides[2])}) but the file "
            f"holds {saved[0]} -> {saved[1]} ({', '.join(saved[2])})."
        )


def plan_projection(plan: LoadPlan, proj, entry: dict, arrays: dict, steps) -> None:
    """Check one projection of the file against ``proj`` and plan its writes."""
    where = f"Projection '{proj.name}'"
    check_sides(where, proj, entry)
    conn = read_connectivity(where, entry, arrays, proj)
    same = same_connectivity(proj, conn)
    compiled = proj._runtime() is not None
    loose = () if compiled and same else ("w",)
    check_attributes(where, entry["attributes"], attribute_table(proj), loose)
    n_rows, nnz = int(entry["n_rows"]), int(entry["nnz"])
    values = read_values(where, entry, arrays, lambda loc: value_shape(loc, n_rows, nnz))
    if same:
        for name, value in values.items():
            plan.add(proj._write, name, value)
    elif not compiled:
        plan.add(replace_connectivity, proj, conn, values)
    else:
        plan_runtime_connectivity(plan, proj, conn, values, where)
    plan_runtime(plan, proj, entry, arrays, where, steps)


def to_csr(conn: dict, uniform: bool) -> CSR:
    """The saved arrays as the IR's CSR (``delays`` only when they are not uniform)."""
    return CSR(
        post_ranks=conn["post_ranks"],
        row_ptr=conn["row_ptr"],
        pre_ranks=conn["pre_ranks"],
        delays=None if uniform else conn["delays"],
    )


def is_uniform(delays: np.ndarray) -> bool:
    """Whether every synapse has the same delay."""
    return delays.size == 0 or bool(np.all(delays == delays[0]))


def replace_connectivity(proj, conn: dict, values: dict) -> None:
    """Before compile: give ``proj`` the saved synapses, delays and values."""
    from ..connectors.base import Connectivity

    delays = conn["delays"]
    uniform = is_uniform(delays)
    first = float(delays[0]) if delays.size else 0.0
    delay_ms = first * proj._net.dt if uniform else delays * proj._net.dt
    weights = values["w"]
    result = Connectivity(to_csr(conn, uniform), weights=weights, delays=delay_ms)
    result.connector = "load"
    proj._set_connectivity(result, force_multiple=np.ndim(weights) > 0)
    for name, value in values.items():
        proj._values[name] = value


def plan_runtime_connectivity(plan: LoadPlan, proj, conn: dict, values: dict, where) -> None:
    """After compile: new synapses need the runtime's ``set_connectivity`` (same delay kind)."""
    runtime = proj._runtime()
    can_set = supports(runtime, SupportsConnectivity)
    was_uniform = proj.uniform_delay >= 0
    now_uniform = is_uniform(conn["delays"])
    same_kind = was_uniform == now_uniform and (
        not was_uniform or not conn["delays"].size or conn["delays"][0] == proj.uniform_delay
    )
    deep = supports(runtime, SupportsHistoryDepth)
    if same_kind and not now_uniform and deep and conn["delays"].size:
        depth = runtime.history_depth(base_population(proj.pre).owner)
        same_kind = int(conn["delays"].max()) <= depth
    if not can_set or not same_kind:
        raise StateMismatchError(
            f"{where}: the saved synapses (or delays) differ from those of the compiled "
            "network and the backend cannot replace them; call load() before compile(), or "
            "build the same connectivity (same connector and seed)."
        )
    plan.add(apply_runtime_connectivity, proj, conn, values)


def apply_runtime_connectivity(proj, conn: dict, values: dict) -> None:
    """Replace the synapses of a compiled projection through the runtime."""
    from ..connectors.base import Connectivity

    uniform = is_uniform(conn["delays"])
    csr = to_csr(conn, uniform)
    delays = proj._delays if uniform else conn["delays"] * proj._net.dt
    proj._runtime().set_connectivity(proj.owner, csr, values)
    proj._connectivity = Connectivity(csr, weights=values["w"], delays=delays, connector="load")
    proj._delays = delays
