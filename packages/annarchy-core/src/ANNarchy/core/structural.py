"""Structural plasticity: adding and removing synapses of a projection after ``compile()``.

Connectivity is data in this design: core keeps each projection's CSR, edits it here with
numpy, and hands the new CSR with the values of every per-synapse attribute to the runtime
(``Runtime.set_connectivity``), which reallocates that projection's arrays without recompiling.
Dendrites (rows) are never added nor removed: a dendrite whose synapses are all pruned stays,
empty, as in the reference.

The periodic ``creating``/``pruning`` rules of a synapse live in ``structural_rules``.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ..errors import InvalidConfiguration
from . import capabilities
from .capabilities import SupportsConnectivity
from .network_ir import CSR
from .synapse_values import counts_of
from .values import dtype_of, initial_values


class StructuralError(InvalidConfiguration):
    """Invalid use of structural plasticity (flag not set, synapse exists or is missing...)."""


def enabled(net) -> bool:
    """Whether ``net.config(structural_plasticity=True)`` was called."""
    return net is not None and bool(net._config.get("structural_plasticity"))


def require(proj, what: str) -> None:
    """Refuse ``what`` unless structural plasticity is enabled in the projection's network."""
    if not enabled(proj._net):
        raise StructuralError(
            f"Projection '{proj.name}': {what} needs structural plasticity; call "
            "net.config(structural_plasticity=True) before creating the populations."
        )


def prepare(net) -> None:
    """Before lowering: give every projection one weight per synapse and a sparse storage.

    Structural plasticity adds synapses with their own weight, and dense storage cannot grow,
    so (as the reference) a single shared weight and the dense format are not used. A synapse
    that defines ``creating`` or ``pruning`` switches structural plasticity on by itself.
    """
    if any(_has_rules(proj) for proj in net._projections):
        net._config["structural_plasticity"] = True
    if not enabled(net):
        return
    for proj in net._projections:
        if proj._connectivity is not None and proj._single_weight:
            proj._single_weight = False
            proj._attributes = {a.name: a for a in proj._ir.attributes}
            w = np.asarray(proj._values["w"], dtype=dtype_of(proj._attributes["w"]))
            proj._values["w"] = np.full(proj._connectivity.csr.nnz, w.reshape(()))
        fmt = proj.storage_format or net._config["sparse_matrix_format"]
        if fmt == "dense":
            raise StructuralError(
                f"Projection '{proj.name}': structural plasticity cannot change a densely "
                "stored projection; use storage_format='lil' (or leave the default)."
            )
        if fmt in ("default", "auto"):
            proj.storage_format = "lil"


def _has_rules(proj) -> bool:
    rules = (getattr(proj._ir, kind, None) for kind in ("creating", "pruning"))
    return proj._ir is not None and any(rule is not None for rule in rules)


# --------------------------------------------------------------------------- delays
def nonuniform(proj) -> bool:
    """Whether the projection keeps one delay per synapse (fixed at compile time)."""
    net = proj._net
    if net is not None and net._ir is not None:
        for proj_ir in net._ir.projections:
            if proj_ir.id == proj.id:
                return proj_ir.uniform_delay < 0
    return proj.uniform_delay < 0


def new_delays(proj, delays, count: int) -> np.ndarray | None:
    """Delays (ms) of ``count`` new synapses, checked; None when the projection is uniform.

    A uniform projection only accepts its own delay; a non-uniform one any delay (default:
    dt): after compile, a delay above the history kept grows it, as ``proj.delay = ...`` does.
    """
    dt = proj._net.dt
    if not nonuniform(proj):
        own = max(proj.uniform_delay, 1)
        if delays is not None:
            steps = np.maximum(np.rint(np.atleast_1d(np.asarray(delays, float)) / dt), 1)
            if np.any(steps != own):
                raise StructuralError(
                    f"Projection '{proj.name}': all synapses share the delay {own * dt} ms; a "
                    f"new synapse cannot have the delay {delays} ms."
                )
        return None
    values = np.full(count, dt) if delays is None else np.asarray(delays, float)
    values = np.broadcast_to(values, (count,)).astype(float)
    if not np.all(np.isfinite(values)) or np.any(values < 0):
        raise StructuralError(
            f"Projection '{proj.name}': delays of new synapses are finite and >= 0 ms, got "
            f"{values.tolist()}."
        )
    return values


# --------------------------------------------------------------------------- values
def new_synapse_values(proj, weights, count: int) -> dict[str, np.ndarray]:
    """Values of every per-synapse attribute for ``count`` new synapses.

    ``w`` is given; the others take their initial value (sampled when it is a distribution).
    """
    rng = proj._net.default_rng
    known = {a.name: proj._read(a.name) for a in proj._attributes.values() if _global(a)}
    out: dict[str, np.ndarray] = {}
    for attr in proj._attributes.values():
        if attr.locality != "local":
            continue
        if attr.name == "w":
            w = np.broadcast_to(np.asarray(weights, dtype=float), (count,))
            out["w"] = w.astype(dtype_of(attr))
        else:
            out[attr.name] = initial_values(attr, (count,), rng, {**known, **out})
        known[attr.name] = out[attr.name]
    return out


def _global(attr) -> bool:
    return attr.locality == "global"


# --------------------------------------------------------------------------- editing
def row_of_synapses(csr) -> np.ndarray:
    """The row (dendrite index) of each synapse, in CSR order."""
    return np.repeat(np.arange(csr.n_rows, dtype=np.int64), counts_of(csr))


def edit(proj, drop, rows, pres, values: dict, delays_ms) -> None:
    """Remove the synapses where ``drop`` is True and add synapses (``rows``, ``pres``).

    Parameters
    ----------
    proj : Projection
        The projection to change.
    drop : numpy.ndarray of bool or None
        (nnz,) mask of synapses to remove.
    rows, pres : numpy.ndarray
        Dendrite index and pre-synaptic rank of each new synapse.
    values : dict
        Values of every local attribute for the new synapses.
    delays_ms : numpy.ndarray or None
        Delays of the new synapses (non-uniform projections only).
    """
    csr = proj._csr()
    keep = np.ones(csr.nnz, dtype=bool) if drop is None else ~np.asarray(drop, dtype=bool)
    all_rows = np.concatenate([row_of_synapses(csr)[keep], np.asarray(rows, np.int64)])
    all_pres = np.concatenate([np.asarray(csr.pre_ranks, np.int64)[keep], pres]).astype(np.int64)
    order = np.lexsort((all_pres, all_rows))

    def merge(old, new):
        return np.concatenate([np.asarray(old)[keep], np.asarray(new, dtype=old.dtype)])[order]

    counts = np.bincount(all_rows, minlength=csr.n_rows)
    new_csr = CSR(
        post_ranks=np.asarray(csr.post_ranks, dtype=np.int32),
        row_ptr=np.concatenate(([0], np.cumsum(counts))).astype(np.int64),
        pre_ranks=all_pres[order].astype(np.int32),
    )
    local = [a.name for a in proj._attributes.values() if a.locality == "local"]
    merged = {name: merge(proj._read(name), values[name]) for name in local}
    for name in local:
        if name in proj._initial:
            proj._initial[name] = merge(proj._initial[name], values[name])
    if nonuniform(proj):
        old = np.broadcast_to(np.asarray(proj._delays, float), (csr.nnz,))
        proj._delays = merge(old.copy(), delays_ms)
    _install(proj, new_csr, merged)


def _install(proj, csr: CSR, values: dict[str, np.ndarray]) -> None:
    """Keep the new connectivity in core and hand it to the runtime (if compiled)."""
    rt = proj._runtime()
    if rt is not None:
        what = f"Projection '{proj.name}': structural plasticity"
        capabilities.require(rt, SupportsConnectivity, what, proj._net._backend_name)
        for monitor in proj._net._monitors:
            if getattr(monitor._target, "proj", None) is proj:
                monitor._pull()
        steps = None
        if nonuniform(proj):
            steps = np.rint(np.asarray(proj._delays) / proj._net.dt).astype(np.int32)
        rt.set_connectivity(proj.owner, dataclasses.replace(csr, delays=steps), values)
    else:
        proj._values.update(values)
    proj._connectivity = dataclasses.replace(
        proj._connectivity, csr=csr, weights=values["w"], delays=proj._delays
    )


# --------------------------------------------------------------------------- reset
def remember(proj) -> None:
    """At compile: keep the synapses (connectivity, delays, values) ``restore`` returns to."""
    values = dict(proj._initial)  # its arrays are replaced, never written in place
    proj._compiled_synapses = (proj._connectivity, proj._delays, values)


def restore(proj) -> None:
    """Give ``proj`` back the synapses it had at compile, with their values at compile.

    Synapses created or pruned since (``create_synapse``, ``prune_synapse``, the
    ``creating``/``pruning`` rules) are undone; the values of every attribute are those of
    ``compile()`` again. Without a compiled network, or when nothing changed, only the values
    kept for ``reset()`` are restored.
    """
    saved = proj.__dict__.get("_compiled_synapses")
    if saved is None:
        return
    conn, delays, values = saved
    proj._initial = {name: v.copy() for name, v in values.items()}
    if proj._connectivity is None or proj._connectivity.csr is conn.csr:
        return
    proj._delays = delays
    local = [a.name for a in proj._attributes.values() if a.locality == "local"]
    _install(proj, conn.csr, {name: values[name].copy() for name in local})
    proj._connectivity = conn


# --------------------------------------------------------------------------- dendrites
def _ranks(dendrite, ranks, what: str) -> np.ndarray:
    from .view import base_population

    proj = dendrite.proj
    arr = np.atleast_1d(np.asarray(ranks))
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        raise StructuralError(
            f"Projection '{proj.name}', dendrite {dendrite.post_rank}: {what} takes ranks "
            f"(integers), got {ranks!r}."
        )
    arr = arr.astype(np.int64).ravel()
    if np.unique(arr).size != arr.size:
        raise StructuralError(
            f"Projection '{proj.name}', dendrite {dendrite.post_rank}: {what} got the same "
            "rank twice."
        )
    allowed = np.asarray(proj.pre.ranks) if proj.pre is not base_population(proj.pre) else None
    size = base_population(proj.pre).size
    bad = arr[(arr < 0) | (arr >= size)]
    if allowed is not None:
        bad = np.union1d(bad, arr[~np.isin(arr, allowed)])
    if bad.size:
        raise StructuralError(
            f"Projection '{proj.name}', dendrite {dendrite.post_rank}: the pre-synaptic "
            f"rank {int(bad[0])} is not part of the projection's pre-synaptic neurons."
        )
    return arr


def create_synapses(dendrite, ranks, weights=0.0, delays=None) -> None:
    """Add synapses from the pre-synaptic ``ranks`` to the neuron of ``dendrite``."""
    proj = dendrite.proj
    require(proj, "Dendrite.create_synapse()")
    ranks = _ranks(dendrite, ranks, "create_synapse()")
    existing = np.intersect1d(ranks, dendrite.pre_ranks)
    if existing.size:
        raise StructuralError(
            f"Projection '{proj.name}', dendrite {dendrite.post_rank}: the synapse from the "
            f"pre-synaptic neuron {int(existing[0])} already exists; prune it first or change "
            "its weight with dendrite.synapse(rank).w."
        )
    count = ranks.size
    weights = np.asarray(weights, dtype=float)
    if weights.size not in (1, count):
        raise StructuralError(
            f"Projection '{proj.name}', dendrite {dendrite.post_rank}: {count} ranks but "
            f"{weights.size} weights."
        )
    delays_ms = new_delays(proj, delays, count)
    values = new_synapse_values(proj, weights.ravel() if weights.size > 1 else weights, count)
    edit(proj, None, np.full(count, dendrite.idx), ranks, values, delays_ms)


def prune_synapses(dendrite, ranks) -> None:
    """Remove the synapses from the pre-synaptic ``ranks`` to the neuron of ``dendrite``."""
    proj = dendrite.proj
    require(proj, "Dendrite.prune_synapse()")
    ranks = _ranks(dendrite, ranks, "prune_synapse()")
    present = np.asarray(dendrite.pre_ranks, dtype=np.int64)
    missing = ranks[~np.isin(ranks, present)]
    if missing.size:
        raise StructuralError(
            f"Projection '{proj.name}', dendrite {dendrite.post_rank}: there is no synapse "
            f"from the pre-synaptic neuron {int(missing[0])} to prune."
        )
    start, _ = dendrite._span()
    drop = np.zeros(proj.nb_synapses, dtype=bool)
    drop[start + np.flatnonzero(np.isin(present, ranks))] = True
    empty = {}
    for attr in proj._attributes.values():
        if attr.locality == "local":
            empty[attr.name] = np.zeros(0, dtype=dtype_of(attr))
    edit(proj, drop, np.zeros(0, np.int64), np.zeros(0, np.int64), empty, np.zeros(0))
