"""Spike trains as flat arrays: what ``Monitor.get('spike')`` and the spike analysis work on.

A recording arrives as two flat arrays in the order the spikes were emitted: the step and the
rank of each spike. ``FlatTrains`` groups them by neuron with one sort of 64-bit keys (neuron
in the high bits, step in the low ones; no Python loop per spike); the ``{rank: [steps]}``
dictionary of the spec is then built with one ``tolist()`` per neuron.

``SpikeTrains`` is that dictionary; it keeps its ``FlatTrains`` so that the analysis methods
given it do not read its lists back (any change to the dictionary drops them). A runtime that
builds the lists natively (``SupportsSpikeLists``: one pass over the spikes in the order of
emission, no sort, one shared Python int per step) gives the dictionary; its ``FlatTrains``
is then made from the records the first time an analysis method asks for it, by the
runtime's native grouping where it has one (``SupportsSpikeGrouping``: a counting sort that keeps
the order of emission) and with numpy otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain

import numpy as np

from ..errors import InvalidConfiguration

#: at most this many distinct values share Python objects (a lookup table that stays in cache)
_TABLE_SIZE = 1 << 16
#: bits of a step in the sort keys of ``_sort_by_group`` (the rest hold the neuron)
_STEP_BITS = 40


@dataclass(frozen=True)
class NativeSpikes:
    """A runtime's native spike helpers (``SupportsSpikeLists.spike_lists``,
    ``SupportsSpikeGrouping.group_spikes``); None where it has none: numpy does the work."""

    lists: Callable | None = None
    group: Callable | None = None


class FlatTrains:
    """Spike trains grouped by neuron.

    Parameters
    ----------
    keys : numpy.ndarray
        The ranks, in the order of the dictionary (int64).
    ptr : numpy.ndarray
        The train of ``keys[g]`` is ``steps[ptr[g]:ptr[g + 1]]`` (int64, ``len(keys) + 1``).
    steps : numpy.ndarray
        The steps of the spikes, neuron by neuron (int64, ascending within a neuron for
        recorded trains).
    """

    def __init__(self, keys, ptr, steps) -> None:
        self.keys = keys
        self.ptr = ptr
        self.steps = steps

    @property
    def size(self) -> int:
        """Number of spikes."""
        return int(self.ptr[-1])

    @property
    def counts(self) -> np.ndarray:
        """Spikes of each neuron."""
        return np.diff(self.ptr)

    def ranks(self) -> np.ndarray:
        """The rank of each spike of ``steps``."""
        return np.repeat(self.keys, self.counts)

    def to_dict(self) -> SpikeTrains:
        """``{rank: [steps]}`` with lists of Python ints."""
        bounds = self.ptr.tolist()
        trains = SpikeTrains()
        for g, rank in enumerate(self.keys.tolist()):
            dict.__setitem__(trains, rank, self.steps[bounds[g] : bounds[g + 1]].tolist())
        trains._flat = self
        return trains

    @classmethod
    def from_records(cls, steps, ranks, keys) -> FlatTrains:
        """Group spikes (in any order, usually that of emission) by neuron, each train in
        ascending order.

        ``keys`` lists the recorded ranks (a population's, or a view's in its order); spikes
        of other ranks are left out.
        """
        steps = np.asarray(steps, dtype=np.int64).ravel()
        ranks = np.asarray(ranks).ravel()
        if ranks.dtype.kind != "i":
            ranks = ranks.astype(np.int64)
        keys = _unique_in_order(np.asarray(keys, dtype=np.int64).ravel())
        group = _group_of(ranks, keys)
        if group.size and group.min() < 0:
            keep = group >= 0
            steps, group = steps[keep], group[keep]
        ptr = np.zeros(keys.size + 1, dtype=np.int64)
        np.cumsum(np.bincount(group, minlength=keys.size), out=ptr[1:])
        return cls(keys, ptr, _sort_by_group(steps, group, keys.size))

    @classmethod
    def grouped(cls, steps, ranks, keys, group_spikes: Callable | None = None) -> FlatTrains:
        """As `from_records`, the spikes grouped by ``group_spikes`` (a runtime's native
        ``SupportsSpikeGrouping.group_spikes``) where it can."""
        steps = np.asarray(steps, dtype=np.int64).ravel()
        ranks = np.asarray(ranks).ravel()
        if group_spikes is not None and ranks.dtype.kind == "i":
            keys = _unique_in_order(np.asarray(keys, dtype=np.int64).ravel())
            grouped = group_spikes(steps, _group_of(ranks, keys), keys.size)
            if grouped is not None:
                ptr, out = grouped
                return cls(keys, np.asarray(ptr, dtype=np.int64), np.asarray(out, np.int64))
        return cls.from_records(steps, ranks, keys)

    @classmethod
    def from_dict(cls, trains: dict) -> FlatTrains:
        """The flat form of a ``{rank: [steps]}`` dictionary (any sequences of steps)."""
        flat = trains.flat() if isinstance(trains, SpikeTrains) else None
        if flat is not None and _still_matches(trains, flat):
            return flat
        try:
            keys = np.fromiter(trains.keys(), dtype=np.int64, count=len(trains))
            counts = np.fromiter(map(len, trains.values()), dtype=np.int64, count=len(trains))
            total = int(counts.sum())
            steps = np.fromiter(chain.from_iterable(trains.values()), np.int64, count=total)
        except (TypeError, ValueError) as exc:
            raise InvalidConfiguration(
                "Spike analysis expects the dictionary returned by monitor.get('spike') "
                f"({{rank: [steps]}}): {exc}."
            ) from None
        ptr = np.zeros(keys.size + 1, dtype=np.int64)
        np.cumsum(counts, out=ptr[1:])
        return cls(keys, ptr, steps)

    def select(self, ranks) -> FlatTrains:
        """The trains of the neurons of ``ranks`` (in this object's order)."""
        keep = np.isin(self.keys, np.asarray(list(ranks), dtype=np.int64))
        starts, counts = self.ptr[:-1][keep], self.counts[keep]
        ptr = np.zeros(counts.size + 1, dtype=np.int64)
        np.cumsum(counts, out=ptr[1:])
        spans = np.repeat(starts - ptr[:-1], counts) + np.arange(ptr[-1])
        return FlatTrains(self.keys[keep], ptr, self.steps.take(spans))


class SpikeTrains(dict):
    """The ``{rank: [steps]}`` dictionary of ``Monitor.get('spike')``.

    A plain dictionary to its users (it pickles as one); it remembers the arrays it was built
    from, which the spike analysis methods use instead of its lists as long as the dictionary
    is not changed.
    """

    _flat: FlatTrains | None = None
    #: ``(steps, ranks, keys)`` of the recording, until ``flat()`` groups them
    _records: tuple | None = None
    _group: Callable | None = None

    @classmethod
    def from_records(cls, steps, ranks, keys, native: NativeSpikes | None = None) -> SpikeTrains:
        """The trains of spikes given in the order of emission (see
        ``FlatTrains.from_records``), built by a runtime's ``native`` helpers where it can."""
        native = native or NativeSpikes()
        steps = np.asarray(steps, dtype=np.int64).ravel()
        ranks = np.asarray(ranks).ravel()
        keys = _unique_in_order(np.asarray(keys, dtype=np.int64).ravel())
        lists = None
        if native.lists is not None and ranks.dtype.kind == "i":
            lists = native.lists(steps, _group_of(ranks, keys), keys.size)
        if lists is None:
            return FlatTrains.grouped(steps, ranks, keys, native.group).to_dict()
        trains = cls(zip(keys.tolist(), lists, strict=True))
        trains._records = (steps, ranks, keys)
        trains._group = native.group
        return trains

    def flat(self) -> FlatTrains | None:
        """The flat form of the recording this dictionary was built from; None once the
        dictionary has been changed."""
        if self._records is not None:
            self._flat = FlatTrains.grouped(*self._records, self._group)
            self._records = None
        return self._flat

    def _changed(self) -> None:
        self._flat = None
        self._records = None

    def __setitem__(self, key, value):
        self._changed()
        super().__setitem__(key, value)

    def __delitem__(self, key):
        self._changed()
        super().__delitem__(key)

    def __ior__(self, other):
        self._changed()
        return super().__ior__(other)

    def update(self, *args, **kwargs):
        self._changed()
        super().update(*args, **kwargs)

    def pop(self, *args):
        self._changed()
        return super().pop(*args)

    def popitem(self):
        self._changed()
        return super().popitem()

    def setdefault(self, key, default=None):
        self._changed()
        return super().setdefault(key, default)

    def clear(self):
        self._changed()
        super().clear()

    def __reduce__(self):
        return (dict, (dict(self),))


def _still_matches(trains: dict, flat: FlatTrains) -> bool:
    """Whether the lists of ``trains`` still have the lengths they were built with."""
    if len(trains) != flat.keys.size:
        return False
    counts = np.fromiter(map(len, trains.values()), dtype=np.int64, count=len(trains))
    return bool(np.array_equal(counts, flat.counts))


def _unique_in_order(keys: np.ndarray) -> np.ndarray:
    if keys.size < 2 or np.all(keys[1:] > keys[:-1]):
        return keys
    _, first = np.unique(keys, return_index=True)
    return keys[np.sort(first)]


def _group_of(ranks: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Position of each rank in ``keys`` (-1: not recorded); ``ranks`` itself when ``keys``
    are the ranks 0 to n - 1 and all are recorded."""
    if keys.size == 0:
        return np.full(ranks.size, -1, dtype=np.int64)
    if keys[0] == 0 and keys[-1] == keys.size - 1 and np.all(np.diff(keys) == 1):
        bad = (ranks < 0) | (ranks >= keys.size)
        return np.where(bad, -1, ranks) if bad.any() else ranks
    lookup = np.full(int(max(keys.max(), ranks.max(initial=0))) + 1, -1, dtype=np.int64)
    lookup[keys] = np.arange(keys.size)
    return np.where(ranks >= 0, lookup.take(np.clip(ranks, 0, None)), -1)


def _sort_by_group(steps: np.ndarray, group: np.ndarray, ngroups: int) -> np.ndarray:
    """``steps`` sorted by group, then by step: one sort of 32-bit keys (group in the high
    bits, step from the first one in the low ones) or of 64-bit keys where they fit, else a
    stable sort by step and then by group."""
    if steps.size == 0:
        return steps.copy()
    first, last = int(steps.min()), int(steps.max())
    low_bits = 32 - max(ngroups - 1, 1).bit_length()
    if last - first < 1 << low_bits and low_bits >= 8:
        key = group.astype(np.uint32)
        key <<= low_bits
        np.bitwise_or(key, steps - first, out=key, casting="unsafe")
        key.sort()
        key &= (1 << low_bits) - 1
        out = key.astype(np.int64)
        out += first
        return out
    if first >= 0 and last < 1 << _STEP_BITS and ngroups <= 1 << (63 - _STEP_BITS):
        key = group.astype(np.int64)
        key <<= _STEP_BITS
        key |= steps
        key.sort()
        key &= (1 << _STEP_BITS) - 1
        return key
    if np.any(steps[1:] < steps[:-1]):
        order = np.argsort(steps, kind="stable")
        steps, group = steps[order], group[order]
    return steps.take(np.argsort(group, kind="stable"))


def shared_floats(values: np.ndarray, scale: float) -> np.ndarray:
    """Python floats ``value * scale`` of integer ``values`` (an object array); the values
    below ``_TABLE_SIZE`` share one object per distinct value (a table that stays in cache)."""
    if values.size == 0:
        return np.zeros(0, dtype=object)
    top = min(int(values.max()) + 1, _TABLE_SIZE)
    if top > 4 * values.size:  # a table larger than what it serves
        return (values * scale).astype(object)
    table = (np.arange(top, dtype=np.float64) * scale).astype(object)
    small = (values >= 0) & (values < top)
    out = table.take(np.where(small, values, 0))
    if not small.all():
        out[~small] = (values[~small] * scale).astype(object)
    return out
