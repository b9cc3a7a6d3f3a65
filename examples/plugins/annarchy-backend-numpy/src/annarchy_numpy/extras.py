"""Optional runtime capabilities: stop conditions (``simulate_until()``) and the internal state
that ``save()``/``load()`` keep so that a network continues exactly (spikes in flight,
refractory counters, delay rings, global operations, event steps)."""

from __future__ import annotations

import numpy as np
from ANNarchy.errors import InvalidConfiguration

from .neurons import neuron_env
from .state import NEVER, PopState, ProjState


def stop_reached(sim, pop: PopState, step: int) -> bool:
    """Whether the stop condition of ``pop`` holds after a step (``step``: the next one)."""
    cond = pop.ir.stop_condition
    with np.errstate(all="ignore"):
        value = sim.evaluator(pop.ir.neuron)(cond.expr, neuron_env(sim, pop, step))
    value = np.broadcast_to(np.asarray(value, dtype=bool), (pop.n,))
    return bool(value.any() if cond.mode == "any" else value.all())


def export_state(item: PopState | ProjState) -> dict[str, np.ndarray]:
    """Copies of the internal arrays of a population or projection."""
    if isinstance(item, ProjState):
        return {k: v.copy() for k, v in item.arrays.items() if k == "_last_event"}
    out = {f"_hist_{v}": ring.reshape(-1).copy() for v, ring in item.hist.items()}
    out.update({f"_{op}_{var}": cell.copy() for (op, var), cell in item.gops.items()})
    if item.spiking:
        out["_refr"] = item.arrays["_refr"].copy()
        out["_last"] = item.arrays["_last"].copy()
        spiked = np.zeros(item.n, dtype=np.int32)
        spiked[: len(item.spiked)] = item.spiked
        out["_spiked"], out["_nspikes"] = spiked, np.array([len(item.spiked)], dtype=np.int64)
        ring = np.zeros((item.depth, item.n), dtype=np.int32)
        counts = np.zeros(item.depth, dtype=np.int64)
        for slot, ranks in enumerate(item.spike_ring):
            ring[slot, : len(ranks)], counts[slot] = ranks, len(ranks)
        out["_ring"], out["_ring_n"] = ring.reshape(-1), counts
    return out


def import_state(item: PopState | ProjState, values: dict) -> None:
    """Write back what :func:`export_state` returned (same names and shapes)."""
    current = export_state(item)
    for name, value in values.items():
        if name not in current or np.size(value) != current[name].size:
            raise InvalidConfiguration(
                f"'{item.owner}': the saved internal array '{name}' does not fit this network."
            )
    values = {k: np.asarray(v).reshape(current[k].shape) for k, v in values.items()}
    if isinstance(item, ProjState):
        if "_last_event" in values:
            item.arrays["_last_event"][...] = values["_last_event"]
        return
    for var, ring in item.hist.items():
        if f"_hist_{var}" in values:
            ring.reshape(-1)[...] = values[f"_hist_{var}"]
    for (op, var), cell in item.gops.items():
        if f"_{op}_{var}" in values:
            cell[...] = values[f"_{op}_{var}"]
    for name in ("_refr", "_last"):
        if name in values:
            item.arrays[name][...] = values[name]
    if "_spiked" in values and "_nspikes" in values:
        item.spiked = values["_spiked"][: int(values["_nspikes"][0])].astype(np.int64)
    if "_ring" in values and "_ring_n" in values:
        ring = values["_ring"].reshape(item.depth, item.n)
        item.spike_ring = [
            ring[slot, : int(count)].astype(np.int64)
            for slot, count in enumerate(values["_ring_n"])
        ]


def _remap_ring(saved: np.ndarray, here: np.ndarray, width: int, steps, fill: bool):
    """A ring of ``here.size // width`` rows (row ``s % depth`` holds step ``s``) at step
    ``steps[1]``, from a ring saved at step ``steps[0]``: the most recent steps both keep;
    older rows are empty or, with ``fill``, the oldest saved one."""
    step, now = steps
    depth = here.size // width
    old_depth = saved.size // width if width else 0
    if not old_depth or old_depth * width != saved.size:
        raise InvalidConfiguration(
            f"a saved ring of {saved.size} values does not hold rows of {width} values."
        )
    old, new = saved.reshape(old_depth, width), np.zeros((depth, width), dtype=here.dtype)
    kept = min(depth, old_depth)
    for k in range(1, depth + 1):
        if k <= kept or fill:
            new[(now - k) % depth] = old[(step - min(k, kept)) % old_depth]
    return new.reshape(here.shape)


def adapt_state(item: PopState | ProjState, values: dict, step: int, now: int) -> dict:
    """What :func:`export_state` returned at ``step``, fitted to this network at ``now``:
    rings of past steps keep the most recent steps both hold, steps of the last spikes and
    events move by ``now - step``; arrays the file lacks keep this network's values."""
    out = {}
    for name, here in export_state(item).items():
        if name not in values:
            continue
        saved = np.asarray(values[name]).reshape(-1)
        ring = name in ("_ring", "_ring_n") or name.startswith("_hist_")
        if ring and (saved.size != here.size or now != step):
            width = 1 if name == "_ring_n" else item.n
            fill = name.startswith("_hist_")
            out[name] = _remap_ring(saved, here, width, (step, now), fill)
        elif saved.size == here.size:
            out[name] = saved.reshape(here.shape).astype(here.dtype)
            if name in ("_last", "_last_event") and now != step:
                out[name][out[name] != NEVER] += now - step
        else:
            raise InvalidConfiguration(
                f"'{item.owner}': the saved internal array '{name}' has shape {saved.shape}, "
                f"this network's has {here.shape}."
            )
    return out


def _grown(ring: np.ndarray, new_depth: int, step: int, oldest: bool) -> np.ndarray:
    """A ring of rows (row ``u % depth`` holds step ``u``) with ``new_depth`` rows: the steps
    before ``step`` it kept keep their values; the others are zeros, or with ``oldest`` the
    oldest step kept."""
    depth = ring.shape[0]
    kept = np.arange(step - depth, step)
    new = np.zeros((new_depth, *ring.shape[1:]), dtype=ring.dtype)
    if oldest:
        new[...] = ring[kept[0] % depth]
    new[kept % new_depth] = ring[kept % depth]
    return new


def grow_history(pop: PopState, new_depth: int, step: int, initial: dict | None) -> None:
    """Keep ``new_depth`` steps of history for ``pop`` (delay rings of values and spikes, and
    their reset values): the steps it did not keep read as zeros or without spikes."""
    depth = pop.depth
    for var, ring in list(pop.hist.items()):
        pop.hist[var] = _grown(ring, new_depth, step, oldest=False)
        if initial is not None:
            initial["hist"][var] = _grown(initial["hist"][var], new_depth, 0, oldest=True)
    kept = range(step - depth, step)
    spikes = {u % new_depth: pop.spike_ring[u % depth] for u in kept}
    empty = np.zeros(0, dtype=np.int64)
    pop.spike_ring = [spikes.get(slot, empty) for slot in range(new_depth)]
    pop.depth = new_depth


def check_delays(proj: ProjState, steps) -> None:
    """Refuse delays (in steps) the projection was not built for, as the openmp backend."""
    name, nonuniform = proj.ir.name, proj.delay == "nonuniform"
    if nonuniform != (np.ndim(steps) > 0):
        kind = "per-synapse delays" if nonuniform else "one delay for all synapses"
        give = "one delay per synapse" if nonuniform else "a single delay"
        raise InvalidConfiguration(f"Projection '{name}' was compiled with {kind}: give {give}.")
    if nonuniform and np.shape(steps) != (proj.nnz,):
        raise InvalidConfiguration(
            f"Projection '{name}': {np.size(steps)} delays for {proj.nnz} synapses."
        )
    if np.size(steps) and int(np.min(steps)) < 1:
        raise InvalidConfiguration(f"Projection '{name}': delays are at least one step.")
    if proj.delay == "none" and int(steps) > 1:
        raise InvalidConfiguration(
            f"Projection '{name}' was compiled without delays: its delay cannot grow."
        )
