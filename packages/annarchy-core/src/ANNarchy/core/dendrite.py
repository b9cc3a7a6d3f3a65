"""``Dendrite``: the synapses of a projection reaching one post-synaptic neuron."""

from __future__ import annotations

from numbers import Integral

import numpy as np

from ..errors import InvalidConfiguration
from .assignment import GuardedMeta, check_assignment
from .values import attribute_error, to_python


class SynapseIndexError(InvalidConfiguration, IndexError):
    """``dendrite[rank]`` or ``dendrite.synapse(rank)`` without a synapse from ``rank``."""


class Dendrite(metaclass=GuardedMeta):
    """Sub-group of a ``Projection`` for a single post-synaptic neuron.

    Obtained with ``proj.dendrite(rank)``.

    Parameters
    ----------
    proj : Projection
        Parent projection.
    post_rank : int
        Rank of the post-synaptic neuron.
    idx : int
        Index of the dendrite in the projection (row of the connectivity).
    """

    _fixed_attributes = {
        "proj": "a dendrite belongs to one projection; get another with proj.dendrite(rank)",
        "post_rank": "get the dendrite of another neuron with proj.dendrite(rank)",
        "idx": "get the dendrite of another neuron with proj.dendrite(rank)",
    }

    def __init__(self, proj, post_rank: int, idx: int):
        object.__setattr__(self, "proj", proj)
        object.__setattr__(self, "post_rank", int(post_rank))
        object.__setattr__(self, "idx", int(idx))

    def _span(self) -> tuple[int, int]:
        ptr = self.proj._csr().row_ptr
        return int(ptr[self.idx]), int(ptr[self.idx + 1])

    @property
    def size(self) -> int:
        """Number of synapses reaching the post-synaptic neuron."""
        start, stop = self._span()
        return stop - start

    def __len__(self) -> int:
        return self.size

    @property
    def pre_ranks(self) -> list[int]:
        """Ranks of the pre-synaptic neurons."""
        start, stop = self._span()
        return np.asarray(self.proj._csr().pre_ranks[start:stop]).tolist()

    @property
    def synapses(self):
        """Iterate over the synapses of the dendrite."""
        for pos in range(self.size):
            yield IndividualSynapse(self, pos)

    def __iter__(self):
        return self.synapses

    def __getitem__(self, rank) -> IndividualSynapse:
        """The synapse from the pre-synaptic neuron of rank (or coordinates) ``rank``, as
        ``synapse(rank)`` (the reference's indexing: with all-to-all connectivity, the
        ``rank``-th synapse). Its attributes can be read and assigned."""
        return self.synapse(rank)

    def synapse(self, pos) -> IndividualSynapse:
        """The synapse coming from one pre-synaptic neuron.

        Parameters
        ----------
        pos : int or tuple of int
            Rank or coordinates of the pre-synaptic neuron.

        Returns
        -------
        IndividualSynapse
        """
        from .view import base_population

        if isinstance(pos, bool) or not isinstance(pos, (Integral, tuple, list)):
            raise SynapseIndexError(
                f"Dendrite {self.post_rank} of '{self.proj.name}': a synapse is chosen by the "
                f"rank (an integer) or the coordinates (a tuple) of its pre-synaptic neuron, "
                f"got {pos!r}."
            )
        if not isinstance(pos, Integral):
            pos = base_population(self.proj.pre).rank_from_coordinates(tuple(pos))
        ranks = self.pre_ranks
        if pos not in ranks:
            raise SynapseIndexError(
                f"Projection '{self.proj.name}': no synapse from neuron {pos} to neuron "
                f"{self.post_rank}."
            )
        return IndividualSynapse(self, ranks.index(pos))

    def _values(self, name: str):
        attr = self.proj._attribute(name)
        flat = self.proj._read(name)
        if attr.locality == "global":
            return attr, flat, None
        if attr.locality == "semiglobal":
            return attr, flat, slice(self.idx, self.idx + 1)
        start, stop = self._span()
        return attr, flat, slice(start, stop)

    def get(self, name: str):
        """The values of an attribute of the synapses of this dendrite.

        Parameters
        ----------
        name : str
            Name of the attribute.

        Returns
        -------
        list or float
            A list for local attributes, a scalar otherwise.
        """
        attr, flat, span = self._values(name)
        if span is None:
            return to_python(flat, attr)
        if attr.locality == "semiglobal":
            return to_python(flat[span], attr)
        return flat[span].tolist()

    def set(self, value: dict) -> None:
        """Set attributes of the synapses of this dendrite.

        Parameters
        ----------
        value : dict
            Attribute names and their values (a scalar or one value per synapse).
        """
        for name, val in value.items():
            self._set_one(name, val)

    def _set_one(self, name: str, value) -> None:
        from .values import sample_or_array

        attr, flat, span = self._values(name)
        if span is None:
            self.proj._write(name, self.proj._convert(name, value))
            return
        n = span.stop - span.start
        arr = np.asarray(sample_or_array(value, (n,), self.proj._net.default_rng)).ravel()
        if arr.size not in (1, n):
            raise InvalidConfiguration(
                f"Projection '{self.proj.name}', dendrite {self.post_rank}: '{name}' needs one "
                f"value or {n} values, got {arr.size}."
            )
        flat[span] = arr
        self.proj._write(name, flat)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        proj = self.proj
        if name in proj._attributes:
            return self.get(name)
        raise attribute_error(f"Dendrite {self.post_rank} of '{proj.name}'", name, proj._attributes)

    def __setattr__(self, name: str, value) -> None:
        proj = self.proj
        if name in proj._attributes:
            self._set_one(name, value)
            return
        owner = f"Dendrite {self.post_rank} of '{proj.name}'"
        check_assignment(self, name, owner, proj._attributes)
        object.__setattr__(self, name, value)

    def receptive_field(self, variable: str = "w", fill: float = 0.0) -> np.ndarray:
        """An attribute as an array of the pre-synaptic geometry.

        Parameters
        ----------
        variable : str
            Name of the synaptic attribute.
        fill : float
            Value where there is no synapse.

        Returns
        -------
        numpy.ndarray
        """
        from .view import base_population

        pre = base_population(self.proj.pre)
        field = np.full(pre.size, fill, dtype=float)
        values = self.get(variable)
        field[self.pre_ranks] = values
        return field.reshape(pre.geometry)

    # ---------------------------------------------------- structural plasticity
    def create_synapse(self, rank: int, w: float = 0.0, delay: float = 0) -> None:
        """Create the synapse from the pre-synaptic neuron ``rank``.

        Needs ``net.config(structural_plasticity=True)``. The other attributes take their initial
        value; the synapse transmits from the next step.

        Parameters
        ----------
        rank : int
            Rank of the pre-synaptic neuron.
        w : float
            Weight.
        delay : float
            Delay in ms (0: the projection's delay).

        Raises
        ------
        StructuralError
            When the synapse exists.
        """
        self.create_synapses([rank], [w], None if not delay else [delay])

    def create_synapses(self, ranks, weights=None, delays=None, **kwargs) -> None:
        """Create the synapses from the pre-synaptic neurons ``ranks``.

        Parameters
        ----------
        ranks : list of int
            Ranks of the pre-synaptic neurons (none may be connected already).
        weights : float or list of float, optional
            Weights (default 0.0).
        delays : float or list of float, optional
            Delays in ms (default: the projection's delay, or dt when it is not uniform).
        """
        from . import structural

        delays = kwargs.pop("delay", delays) if "delay" in kwargs else delays
        if kwargs:
            raise TypeError(f"create_synapses() got unexpected arguments {sorted(kwargs)}")
        if delays is not None and not np.any(np.asarray(delays, dtype=float)):
            delays = None
        weights = 0.0 if weights is None else weights
        structural.create_synapses(self, ranks, weights, delays)

    def prune_synapse(self, rank: int) -> None:
        """Remove the synapse from the pre-synaptic neuron ``rank``.

        Parameters
        ----------
        rank : int
            Rank of the pre-synaptic neuron.

        Raises
        ------
        StructuralError
            When the synapse does not exist.
        """
        self.prune_synapses([rank])

    def prune_synapses(self, ranks) -> None:
        """Remove the synapses from several pre-synaptic neurons.

        Parameters
        ----------
        ranks : list of int
            Ranks of the pre-synaptic neurons (all must exist).

        Raises
        ------
        StructuralError
            When one of the synapses does not exist.
        """
        from . import structural

        structural.prune_synapses(self, ranks)

    def __repr__(self) -> str:
        return f"Dendrite of neuron {self.post_rank} in '{self.proj.name}' ({self.size} synapses)"


class IndividualSynapse(metaclass=GuardedMeta):
    """One synapse of a dendrite (a convenience wrapper: prefer arrays)."""

    _fixed_attributes = {
        "dendrite": "get another synapse with dendrite.synapse(rank)",
        "pos": "get another synapse with dendrite.synapse(rank)",
    }

    def __init__(self, dendrite: Dendrite, pos: int):
        object.__setattr__(self, "dendrite", dendrite)
        object.__setattr__(self, "pos", int(pos))

    @property
    def pre_rank(self) -> int:
        """Rank of the pre-synaptic neuron."""
        return self.dendrite.pre_ranks[self.pos]

    @property
    def post_rank(self) -> int:
        """Rank of the post-synaptic neuron."""
        return self.dendrite.post_rank

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        value = self.dendrite.get(name)
        return value[self.pos] if isinstance(value, list) else value

    def __setattr__(self, name: str, value) -> None:
        dendrite = self.dendrite
        attr = dendrite.proj._attributes.get(name)
        if attr is None:
            owner = f"Synapse {self.pre_rank} -> {self.post_rank} of '{dendrite.proj.name}'"
            check_assignment(self, name, owner, dendrite.proj._attributes)
            object.__setattr__(self, name, value)
            return
        if attr.locality != "local":
            dendrite._set_one(name, value)
            return
        values = dendrite.get(name)
        values[self.pos] = value
        dendrite._set_one(name, values)

    def __repr__(self) -> str:
        return f"Synapse {self.pre_rank} -> {self.post_rank} of '{self.dendrite.proj.name}'"
