"""The arrays of a loaded network: one :class:`PopState` per population, one :class:`ProjState`
per projection, built from the network IR.

Synaptic arrays are in CSR order (by post-synaptic row, pre-synaptic rank ascending within a
row); the delay rings of a population keep ``depth`` steps (row ``s % depth`` holds step ``s``).
"""

from __future__ import annotations

import numbers

import numpy as np
import sympy as sp
from ANNarchy.plugin import NetworkIR, PopulationIR, ProjectionIR

#: the step of the last spike / event before any (t_last = -10000 dt, as the reference)
NEVER = -10000
DTYPES = {"double": np.float64, "int": np.int32, "bool": np.bool_}


def _initial(init, dtype, shape) -> np.ndarray:
    """Numbers fill the array; other inits (a parameter's name, a distribution) give zeros:
    core sets their values after load."""
    out = np.zeros(shape, dtype=dtype)
    if isinstance(init, (numbers.Number, bool, np.bool_, np.ndarray)):
        out[...] = init
    return out


def _attributes(model, extents: dict[str, int | tuple]) -> dict[str, np.ndarray]:
    out = {}
    for attr in model.attributes:
        shape = extents[attr.locality]
        out[attr.name] = _initial(attr.init, DTYPES[attr.ctype], shape)
    return out


def refractory_name(pop: PopulationIR) -> str:
    """The attribute holding the refractory period (ms) of a spiking population."""
    refractory = pop.neuron.refractory
    return refractory.name if isinstance(refractory, sp.Symbol) else "refractory"


class PopState:
    """Arrays of one population (``arrays``: attributes, ``_sum_<target>`` of rate-coded
    populations, spike bookkeeping of spiking ones), its global operations (``gops``), its
    delay rings (``hist``, ``spike_ring``) and the ranks that spiked at the last step."""

    def __init__(self, pop: PopulationIR, targets: set[str], depth: int, hist_vars: set[str]):
        self.ir = pop
        self.owner = pop.owner
        self.n = pop.size
        self.spiking = pop.neuron.kind == "spike"
        self.depth = depth
        self.targets = tuple(sorted(set(pop.neuron.targets) | targets))
        self.arrays = _attributes(pop.neuron, {"local": (self.n,), "global": ()})
        if self.spiking:
            for target in self.targets:
                self.arrays.setdefault(f"g_{target}", np.zeros(self.n))
            self.refractory = refractory_name(pop)
            if self.refractory not in self.arrays:
                value = pop.neuron.refractory
                self.arrays[self.refractory] = np.full(self.n, float(value or 0.0))
            self.arrays["_refr"] = np.zeros(self.n, dtype=np.int32)
            self.arrays["_last"] = np.full(self.n, NEVER, dtype=np.int64)
        else:
            for target in self.targets:
                self.arrays[f"_sum_{target}"] = np.zeros(self.n)
        self.hist = {v: np.zeros((depth, self.n), dtype=self.arrays[v].dtype) for v in hist_vars}
        self.gops: dict[tuple[str, str], np.ndarray] = {}
        self.spiked = np.zeros(0, dtype=np.int64)
        self.spike_ring = [self.spiked] * depth
        self.enabled = True

    def clear_spikes(self) -> None:
        """Forget the last spikes, refractory counters and spikes in flight."""
        if self.spiking:
            self.spiked = np.zeros(0, dtype=np.int64)
            self.spike_ring = [self.spiked] * self.depth
            self.arrays["_refr"][...] = 0
            self.arrays["_last"][...] = NEVER

    def fill_history(self) -> None:
        """Every row of the delay rings takes the current values."""
        for var, ring in self.hist.items():
            ring[...] = self.arrays[var]

    def state(self) -> dict:
        """Copies of everything ``reset()`` restores."""
        return {
            "arrays": {k: v.copy() for k, v in self.arrays.items()},
            "hist": {k: v.copy() for k, v in self.hist.items()},
            "gops": {k: v.copy() for k, v in self.gops.items()},
        }

    def restore(self, saved: dict) -> None:
        for group in ("arrays", "hist", "gops"):
            for key, values in saved[group].items():
                getattr(self, group)[key][...] = values
        self.spiked = np.zeros(0, dtype=np.int64)
        self.spike_ring = [self.spiked] * self.depth


class ProjState:
    """Arrays of one projection (``arrays``: attributes in CSR order, ``_last_event`` of
    event-driven synapses), its connectivity indices and its learning schedule."""

    def __init__(self, proj: ProjectionIR, pre: PopState, post: PopState):
        self.ir = proj
        self.owner = proj.owner
        self.pre, self.post = pre, post
        self.spiking = proj.synapse.kind == "spike"
        csr = proj.connectivity
        self.post_ranks = np.asarray(csr.post_ranks, dtype=np.int64)
        self.row_ptr = np.asarray(csr.row_ptr, dtype=np.int64)
        self.pre_ranks = np.asarray(csr.pre_ranks, dtype=np.int64)
        self.nnz, self.n_rows = csr.nnz, csr.n_rows
        self.rows = np.repeat(np.arange(self.n_rows), np.diff(self.row_ptr))
        self.post_of = self.post_ranks[self.rows]
        self.row_sizes = np.diff(self.row_ptr).astype(float)
        extents = {"local": (self.nnz,), "semiglobal": (self.n_rows,), "global": ()}
        self.arrays = _attributes(proj.synapse, extents)
        if proj.synapse.event_driven:
            self.arrays["_last_event"] = np.full(self.nnz, NEVER, dtype=np.int64)
        self.delay = _delay_kind(proj)
        self.uniform_delay = max(int(proj.uniform_delay), 1)
        self.delays = None
        if self.delay == "nonuniform":
            self.delays = np.maximum(np.asarray(csr.delays, dtype=np.int64), 1)
        self.delayed_refs: tuple[str, ...] = ()
        # synapses by pre-synaptic rank (CSR order within a rank), as the spike propagation
        self.pre_order = np.argsort(self.pre_ranks, kind="stable")
        counts = np.bincount(self.pre_ranks, minlength=pre.n)
        self.pre_ptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        self.post_row = np.full(post.n, -1, dtype=np.int64)
        self.post_row[self.post_ranks] = np.arange(self.n_rows)
        self.learn = True
        self.period, self.offset = 1, 0

    def synapses_of_pre(self, ranks: np.ndarray) -> np.ndarray:
        """Synapses of the pre-synaptic neurons ``ranks``, in that order."""
        return _segments(self.pre_order, self.pre_ptr, ranks)

    def synapses_of_post(self, ranks: np.ndarray) -> np.ndarray:
        """Synapses of the post-synaptic neurons ``ranks`` (those with a row), in that order."""
        rows = self.post_row[ranks]
        rows = rows[rows >= 0]
        return _segments(np.arange(self.nnz), self.row_ptr, rows)

    def state(self) -> dict:
        return {k: v.copy() for k, v in self.arrays.items()}

    def restore(self, saved: dict) -> None:
        for key, values in saved.items():
            self.arrays[key][...] = values


def _segments(order: np.ndarray, ptr: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """``concatenate(order[ptr[k]:ptr[k + 1]] for k in keys)``."""
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64)
    starts, ends = ptr[keys], ptr[np.asarray(keys) + 1]
    lengths = ends - starts
    if lengths.sum() == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    return order[np.arange(lengths.sum()) + offsets]


def _delay_kind(proj: ProjectionIR) -> str:
    if proj.uniform_delay < 0:
        return "nonuniform"
    return "uniform" if proj.uniform_delay > 1 else "none"


def history_depths(net: NetworkIR) -> dict[int, int]:
    """Steps of history each population keeps (at least 1)."""
    depth = {p.id: max(1, int(p.max_delay)) for p in net.populations}
    for proj in net.projections:
        csr = proj.connectivity
        if proj.uniform_delay < 0 and csr.delays is not None and len(csr.delays):
            lag = int(np.max(csr.delays))
        else:
            lag = int(proj.uniform_delay)
        depth[proj.pre] = max(depth[proj.pre], lag)
    return depth
