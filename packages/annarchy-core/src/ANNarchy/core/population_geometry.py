"""The geometry of a population: its shape, and ranks to coordinates and back."""

from __future__ import annotations

from numbers import Integral

import numpy as np

from ..errors import InvalidConfiguration


def check_geometry(geometry) -> tuple[int, ...]:
    """An int or a tuple of positive ints, as a tuple."""
    dims = (geometry,) if isinstance(geometry, Integral) else geometry
    try:
        dims = tuple(dims)
    except TypeError:
        dims = None
    if not dims or not all(isinstance(d, Integral) and d > 0 for d in dims):
        raise InvalidConfiguration(
            f"A population's geometry must be a positive int or a tuple of positive ints, "
            f"got {geometry!r}."
        )
    return tuple(int(d) for d in dims)


class GeometryMixin:
    """Shape and coordinate methods of ``Population`` (``geometry``, ``size`` and ``name`` are
    set by the population)."""

    @property
    def width(self) -> int:
        """Width of the population (first dimension)."""
        return self.geometry[0]

    @property
    def height(self) -> int:
        """Height of the population (second dimension, 1 for 1D)."""
        return self.geometry[1] if len(self.geometry) > 1 else 1

    @property
    def depth(self) -> int:
        """Depth of the population (third dimension, 1 below 3D)."""
        return self.geometry[2] if len(self.geometry) > 2 else 1

    @property
    def dimension(self) -> int:
        """Number of dimensions."""
        return len(self.geometry)

    @property
    def ranks(self) -> np.ndarray:
        """The ranks 0 .. size-1."""
        return np.arange(self.size)

    def __len__(self) -> int:
        return self.size

    def rank_from_coordinates(self, coord) -> int:
        """The rank of the neuron at ``coord``.

        Parameters
        ----------
        coord : tuple of int or int
            Coordinates in the geometry of the population (an int for 1D).

        Returns
        -------
        int

        Raises
        ------
        InvalidConfiguration
            When the coordinates are outside the geometry.
        """
        coord = (coord,) if isinstance(coord, Integral) else tuple(coord)
        if len(coord) != len(self.geometry) or any(
            not 0 <= c < d for c, d in zip(coord, self.geometry, strict=True)
        ):
            raise InvalidConfiguration(
                f"Population '{self.name}': coordinates {coord} are outside the geometry "
                f"{self.geometry}."
            )
        return int(np.ravel_multi_index(coord, self.geometry))

    def coordinates_from_rank(self, rank: int) -> tuple[int, ...]:
        """The coordinates of the neuron of rank ``rank``.

        Parameters
        ----------
        rank : int
            Rank of the neuron.

        Returns
        -------
        tuple of int
        """
        if not isinstance(rank, Integral) or not 0 <= rank < self.size:
            raise InvalidConfiguration(
                f"Population '{self.name}': rank {rank!r} is not between 0 and {self.size - 1}."
            )
        return tuple(int(c) for c in np.unravel_index(int(rank), self.geometry))

    def normalized_coordinates_from_rank(self, rank: int, norm: float = 1.0) -> tuple:
        """The coordinates of ``rank`` mapped to the hypercube ``[0, norm]^d``.

        Parameters
        ----------
        rank : int
            Rank of the neuron.
        norm : float
            Side of the hypercube.

        Returns
        -------
        tuple of float
        """
        coord = self.coordinates_from_rank(rank)
        return tuple(
            norm * c / (d - 1) if d > 1 else 0.0 for c, d in zip(coord, self.geometry, strict=True)
        )
