"""Spikes in flight on a spiking projection whose per-synapse delays change after compile.

As in the reference, a spike takes the delay each synapse has when it is queued for delivery,
at the step after its emission: a spike emitted at step ``u`` with delay ``d`` is delivered at
step ``u + d`` even when the delays change before it arrives. The generated code reads the
spikes of the past steps from the pre-synaptic ring and compares each synapse's delay to their
age, so it only sees the current delays. When they change at step ``S`` (before it runs), the
spikes emitted up to ``S - 2`` that have not arrived yet are written out as explicit events,
and the ring is read only for the spikes emitted from ``S - 1`` on (``ProjPlan.int_since``).

The events live in the projection's ``pending`` array: ``n`` arrival steps in increasing order,
then the ``n`` synapse indices (CSR order), with ``n`` in ``I[ProjPlan.int_pending]``. The
kernel delivers those whose arrival step is the current step (found by bisection). The same is
done before structural plasticity changes the synapses (the events follow their synapse, a new
synapse receives only the spikes queued after its creation). ``reset()`` and ``clear()`` of the
pre-synaptic population drop them.
"""

from __future__ import annotations

import numpy as np

from annarchy_codegen.connectivity import remap


def split(pending: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """(arrival steps, synapse indices) of the ``count`` events of a ``pending`` array."""
    pending = np.asarray(pending, dtype=np.int64)
    return pending[:count], pending[count : 2 * count]


def joined(arrivals: np.ndarray, synapses: np.ndarray) -> np.ndarray:
    """A ``pending`` array of these events, sorted by arrival step (stable)."""
    order = np.argsort(arrivals, kind="stable")
    return np.concatenate([arrivals[order], synapses[order]]).astype(np.int64)


def ring_events(ring, ring_n, depth: int, steps: range, pre_index, delays) -> tuple:
    """(arrival steps, synapses) of the spikes the ring holds for the emission ``steps``.

    ``ring``: ``depth`` rows of spiking ranks (row ``u % depth`` for step ``u``), ``ring_n``
    their counts; ``pre_index``: (``pre_ptr``, ``pre_syn``) of the projection; ``delays``: the
    delay of each synapse in steps.
    """
    ring = np.asarray(ring).reshape(depth, -1)
    pre_ptr, pre_syn = (np.asarray(a, dtype=np.int64) for a in pre_index)
    arrivals, synapses = [], []
    for u in steps:
        row = u % depth
        spikes = ring[row, : int(ring_n[row])].astype(np.int64)
        if not spikes.size:
            continue
        starts, counts = pre_ptr[spikes], pre_ptr[spikes + 1] - pre_ptr[spikes]
        offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        ks = pre_syn[np.repeat(starts, counts) + offsets]
        synapses.append(ks)
        arrivals.append(u + np.asarray(delays, dtype=np.int64)[ks])
    if not synapses:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(arrivals), np.concatenate(synapses)


def requeued(old: tuple, ring: tuple, step: int, since: int, delays, pre_index) -> np.ndarray:
    """The ``pending`` array after a change of delays before ``step`` runs.

    ``old``: (``pending`` array, count) before the change; ``ring``: (``ring``, ``ring_n``,
    ``depth``) of the pre-synaptic population; ``since``: the first emission step the old
    ``delays`` applied to. Keeps the old events still to come and adds the spikes emitted from
    ``since`` to ``step - 2`` that arrive at ``step`` or later.
    """
    arrivals, synapses = split(*old)
    keep = arrivals >= step
    ring_steps = range(max(since, step - ring[2], 0), step - 1)
    new_arrivals, new_synapses = ring_events(*ring, ring_steps, pre_index, delays)
    late = new_arrivals >= step
    return joined(
        np.concatenate([arrivals[keep], new_arrivals[late]]),
        np.concatenate([synapses[keep], new_synapses[late]]),
    )


def remapped(pending: np.ndarray, count: int, keys: tuple) -> np.ndarray:
    """The events of the synapses that remain after a change of connectivity, with their new
    indices (``keys``: the synapse keys before and after, as ``connectivity_keys`` gives)."""
    arrivals, synapses = split(pending, count)
    old_keys, new_keys = keys
    new_index = remap(new_keys, old_keys, np.arange(new_keys.size, dtype=np.int64), -1)
    moved = new_index[synapses] if synapses.size else synapses
    kept = moved >= 0
    return joined(arrivals[kept], moved[kept])
