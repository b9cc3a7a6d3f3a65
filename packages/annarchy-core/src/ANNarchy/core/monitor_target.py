"""What a monitor records from: names, runtime owners, and how raw records are sliced/shaped.

A view records its whole population and keeps its ranks; a dendrite records its projection and
keeps its synapses.
"""

from __future__ import annotations

import re

import numpy as np

from ..errors import InvalidConfiguration
from .monitor_trains import FlatTrains, NativeSpikes, SpikeTrains

_SUM = re.compile(r"^sum\((\w+)\)$")


class PopulationTarget:
    """A population or a view of it."""

    def __init__(self, pop, ranks=None):
        self.pop = pop
        self.ranks = None if ranks is None else np.asarray(ranks, dtype=np.int64)
        kind = "population" if ranks is None else "a view of population"
        self.label = f"{kind} '{pop.name}'"

    @property
    def owner(self) -> str:
        return self.pop.owner

    def runtime_name(self, var: str) -> str:
        spiking = self.pop.neuron_type.type == "spike"
        if var == "spike":
            if not spiking:
                raise InvalidConfiguration(
                    f"Monitor on {self.label}: 'spike' can only be recorded for spiking neurons."
                )
            return "spike"
        match = _SUM.match(var)
        if match and not spiking:
            return f"_sum_{match.group(1)}"
        if var not in self.pop._attributes:
            extra = " 'spike'," if spiking else " 'sum(target)',"
            raise InvalidConfiguration(
                f"Monitor on {self.label}: '{var}' is not an attribute of the neuron "
                f"(recordable:{extra} {', '.join(self.pop._attributes)})."
            )
        return var

    def _is_global(self, var: str) -> bool:
        attr = self.pop._attributes.get(var)
        return attr is not None and attr.locality != "local"

    def select(self, var: str, raw):
        if var == "spike":
            steps = np.asarray(raw[0], dtype=np.int64).ravel()
            ranks = np.asarray(raw[1]).ravel()
            if self.ranks is not None:
                keep = np.isin(ranks, self.ranks)
                steps, ranks = steps[keep], ranks[keep]
            return steps, ranks
        arr = np.asarray(raw)
        if self._is_global(var):
            return arr.reshape(-1)
        arr = arr.reshape(-1, self.pop.size)
        return arr if self.ranks is None else arr[:, self.ranks]

    def combine(self, var: str, chunks: list, reshape: bool, native=None):
        if var == "spike":
            return self.spike_trains(chunks, native)
        if self._is_global(var):
            return np.concatenate(chunks) if chunks else np.zeros(0)
        width = self.pop.size if self.ranks is None else self.ranks.size
        data = np.concatenate(chunks) if chunks else np.zeros((0, width))
        if reshape and self.ranks is None:
            return data.reshape((data.shape[0], *self.pop.geometry))
        return data

    def flat_spikes(self, chunks: list, native: NativeSpikes | None = None) -> FlatTrains:
        """The spikes of ``chunks`` ((steps, ranks) in order of emission) grouped by neuron
        (by the runtime's ``native`` grouping where it can); the chunks are merged into one in
        place (``chunks`` then holds one)."""
        return FlatTrains.grouped(*self._records(chunks), (native or NativeSpikes()).group)

    def spike_trains(self, chunks: list, native: NativeSpikes | None = None) -> SpikeTrains:
        """``{rank: [steps]}`` of the spikes of ``chunks`` (merged in place as by
        ``flat_spikes``), built by the runtime's ``native`` helpers where it can."""
        return SpikeTrains.from_records(*self._records(chunks), native=native)

    def _records(self, chunks: list) -> tuple:
        """``(steps, ranks, keys)``: all the spikes of ``chunks`` and the recorded ranks."""
        keys = np.arange(self.pop.size) if self.ranks is None else self.ranks
        chunks[:] = [c for c in chunks if c[0].size] or chunks[:1]
        if len(chunks) > 1:
            merged = tuple(np.concatenate([c[k] for c in chunks]) for k in (0, 1))
            chunks[:] = [merged]
        if not chunks:
            return np.zeros(0, np.int64), np.zeros(0, np.int32), keys
        return chunks[0][0], chunks[0][1], keys


class ProjectionTarget:
    """A projection, or one of its dendrites."""

    def __init__(self, proj, dendrite=None):
        self.proj = proj
        self.dendrite = dendrite
        self.label = (
            f"projection '{proj.name}'"
            if dendrite is None
            else f"dendrite {dendrite.post_rank} of projection '{proj.name}'"
        )

    @property
    def owner(self) -> str:
        return self.proj.owner

    def runtime_name(self, var: str) -> str:
        if var not in self.proj._attributes:
            raise InvalidConfiguration(
                f"Monitor on {self.label}: '{var}' is not an attribute of the synapse "
                f"(recordable: {', '.join(self.proj._attributes)})."
            )
        return var

    def select(self, var: str, raw):
        attr = self.proj._attributes[var]
        arr = np.asarray(raw)
        if attr.locality == "global":
            return arr.reshape(-1)
        csr = self.proj._csr()
        width = csr.nnz if attr.locality == "local" else csr.n_rows
        arr = arr.reshape(-1, width)
        if self.dendrite is None:
            return arr if attr.locality != "local" else (arr, np.asarray(csr.row_ptr).copy())
        if attr.locality == "semiglobal":
            return arr[:, self.dendrite.idx]
        start, stop = self.dendrite._span()
        return arr[:, start:stop]

    def combine(self, var: str, chunks: list, reshape: bool, native=None):
        """Records as one array; a list of lists (one per record) when structural plasticity
        changed the number of synapses between records."""
        attr = self.proj._attributes[var]
        if not chunks:
            return np.zeros(0)
        if self.dendrite is not None or attr.locality != "local":
            if len({c.shape[1:] for c in chunks}) > 1:
                return [row.tolist() for chunk in chunks for row in chunk]
            return np.concatenate(chunks)
        ptrs = [ptr for _, ptr in chunks]
        data = [arr for arr, _ in chunks]
        if any(not np.array_equal(ptr, ptrs[0]) for ptr in ptrs):
            return [_split(row, ptr) for arr, ptr in chunks for row in arr]
        data, ptr = np.concatenate(data), ptrs[0]
        counts = np.diff(ptr)
        if counts.size and np.all(counts == counts[0]):
            return data.reshape(data.shape[0], counts.size, int(counts[0]))
        return [_split(row, ptr) for row in data]


def _split(row: np.ndarray, ptr: np.ndarray) -> list[list]:
    return [row[ptr[i] : ptr[i + 1]].tolist() for i in range(len(ptr) - 1)]


def owner_network(obj):
    """The network ``obj`` belongs to, or None.

    Parameters
    ----------
    obj : object
        A population, view, projection or dendrite.

    Returns
    -------
    Network or None
    """
    parent = getattr(obj, "proj", None) or getattr(obj, "population", None) or obj
    return getattr(parent, "_net", None)


def target_of(obj, net):
    """The monitor target for ``obj``; checks that it belongs to ``net``."""
    from .dendrite import Dendrite
    from .population import Population
    from .projection import Projection
    from .view import IndividualNeuron, PopulationView

    if isinstance(obj, Population):
        target, owner_net = PopulationTarget(obj), obj._net
    elif isinstance(obj, (PopulationView, IndividualNeuron)):
        target, owner_net = PopulationTarget(obj.population, obj.ranks), obj.population._net
    elif isinstance(obj, Projection):
        target, owner_net = ProjectionTarget(obj), obj._net
    elif isinstance(obj, Dendrite):
        target, owner_net = ProjectionTarget(obj.proj, obj), obj.proj._net
    else:
        raise InvalidConfiguration(
            "A monitor records a Population, PopulationView, Dendrite or Projection, "
            f"got {type(obj).__name__}."
        )
    if owner_net is not net:
        raise InvalidConfiguration(f"Monitor: {target.label} belongs to another network.")
    return target
