"""The synapses of a projection as a structure: sizes, ranks, dendrites, single synapses, the
weight matrix and the receptive fields (a mixin of ``Projection``)."""

from __future__ import annotations

from numbers import Integral

import numpy as np

from ..errors import InvalidConfiguration
from .dendrite import Dendrite
from .receptive_fields import receptive_fields
from .synapse_values import counts_of, split_rows
from .view import base_population


class ProjectionStructureMixin:
    """Read-only views of a projection's synapses; needs ``_connectivity``, ``_csr()``,
    ``_read(name)``, ``_who()``, ``pre`` and ``post``."""

    # ------------------------------------------------------------ structure
    @property
    def size(self) -> int:
        """Number of post-synaptic neurons receiving synapses."""
        return 0 if self._connectivity is None else self._connectivity.csr.n_rows

    def __len__(self) -> int:
        return self.size

    @property
    def nb_synapses(self) -> int:
        """Total number of synapses."""
        return 0 if self._connectivity is None else self._connectivity.csr.nnz

    @property
    def nb_synapses_per_dendrite(self) -> list[int]:
        """Number of synapses of each dendrite."""
        return counts_of(self._csr()).tolist()

    @property
    def post_ranks(self) -> list[int]:
        """Ranks of the post-synaptic neurons receiving synapses."""
        return np.asarray(self._csr().post_ranks).tolist()

    @property
    def pre_ranks(self) -> list[list[int]]:
        """Ranks of the pre-synaptic neurons, one list per dendrite."""
        csr = self._csr()
        return split_rows(csr.pre_ranks, csr)

    @property
    def dendrites(self):
        """Iterate over the dendrites."""
        for idx, rank in enumerate(self.post_ranks):
            yield Dendrite(self, rank, idx)

    def dendrite(self, post) -> Dendrite:
        """The dendrite of a post-synaptic neuron.

        Parameters
        ----------
        post : int or tuple of int
            Rank or coordinates of the post-synaptic neuron.

        Returns
        -------
        Dendrite
        """
        post_pop = base_population(self.post)
        rank = post if isinstance(post, Integral) else post_pop.rank_from_coordinates(post)
        rows = np.asarray(self._csr().post_ranks)
        idx = int(np.searchsorted(rows, rank))
        if idx >= rows.size or rows[idx] != rank:
            raise InvalidConfiguration(
                f"{self._who()}: the neuron of rank {rank} has no dendrite in this projection."
            )
        return Dendrite(self, int(rank), idx)

    def __getitem__(self, post) -> Dendrite:
        return self.dendrite(post)

    def synapse(self, pre: int, post: int):
        """The synapse between ``pre`` and ``post``.

        Parameters
        ----------
        pre, post : int
            Ranks of the pre- and post-synaptic neurons.

        Returns
        -------
        IndividualSynapse or None
            None when the synapse does not exist.
        """
        try:
            dendrite = self.dendrite(post)
        except InvalidConfiguration:
            return None
        return dendrite.synapse(pre) if pre in dendrite.pre_ranks else None

    # ------------------------------------------------------------ analysis
    def connectivity_matrix(self, fill: float = 0.0) -> np.ndarray:
        """A dense ``(post.size, pre.size)`` matrix of the weights.

        Parameters
        ----------
        fill : float
            Value where there is no synapse.

        Returns
        -------
        numpy.ndarray
        """
        csr = self._csr()
        pre, post = base_population(self.pre), base_population(self.post)
        matrix = np.full((post.size, pre.size), fill, dtype=float)
        rows = np.repeat(np.asarray(csr.post_ranks, np.int64), counts_of(csr))
        matrix[rows, np.asarray(csr.pre_ranks, np.int64)] = self._read("w")
        return matrix

    def receptive_fields(self, variable: str = "w", in_post_geometry: bool = True):
        """Every receptive field tiled in one 2D array (``ANNarchy.core.receptive_fields``).

        Parameters
        ----------
        variable : str
            The synaptic attribute shown (0 where there is no synapse).
        in_post_geometry : bool
            Tile the fields in the post-synaptic geometry, else in a near-square grid.
        """
        return receptive_fields(self, variable, in_post_geometry)
