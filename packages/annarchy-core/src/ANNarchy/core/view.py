"""``PopulationView`` (a subset of a population) and ``IndividualNeuron`` (one neuron)."""

from __future__ import annotations

from numbers import Integral

import numpy as np

from ..errors import InvalidConfiguration
from .assignment import GuardedMeta, check_assignment
from .values import as_ranks, attribute_error, to_python


def base_population(obj):
    """The population behind a population, a view or an individual neuron.

    Parameters
    ----------
    obj : Population, PopulationView or IndividualNeuron
        The object.

    Returns
    -------
    Population
    """
    return obj.population if isinstance(obj, (PopulationView, IndividualNeuron)) else obj


def geometry_index(geometry: tuple[int, ...], index, owner: str):
    """Ranks selected by ``pop[index]``: ``(ranks, geometry or None, single neuron?)``.

    An int (or a tuple of ints, one per dimension) selects one neuron; one slice or a list
    selects ranks; a tuple of slices/ints selects a block (ints keep a dimension of length 1).
    """
    size = int(np.prod(geometry))
    if isinstance(index, Integral):
        if not -size <= index < size:
            raise InvalidConfiguration(f"{owner}: rank {index} out of range (size {size}).")
        return np.array([index % size]), None, True
    if isinstance(index, slice):
        ranks = np.arange(size)[index]
        return ranks, (ranks.size,), False
    if isinstance(index, tuple):
        if len(index) != len(geometry):
            raise InvalidConfiguration(
                f"{owner}: {len(index)} indices given for a geometry of {len(geometry)} dimensions."
            )
        if all(isinstance(i, Integral) for i in index):
            for i, d in zip(index, geometry, strict=True):
                if not 0 <= i < d:
                    raise InvalidConfiguration(f"{owner}: coordinates {index} out of {geometry}.")
            return np.array([np.ravel_multi_index(index, geometry)]), None, True
        keep = tuple(slice(i, i + 1) if isinstance(i, Integral) else i for i in index)
        block = np.arange(size).reshape(geometry)[keep]
        return block.ravel(), block.shape, False
    ranks = as_ranks(index, size, owner)
    return ranks, (ranks.size,), False


_NEW_VIEW = "select other neurons with a new view, e.g. pop[10:20]"
_VIEW_FIXED = {
    "population": f"a view belongs to one population; {_NEW_VIEW}",
    "ranks": f"the neurons of a view are fixed; {_NEW_VIEW}",
    "geometry": f"the geometry of a view is fixed; {_NEW_VIEW}",
    "size": f"the size of a view follows from its neurons; {_NEW_VIEW}",
    "neuron_type": "the neuron model is the population's, fixed when it is created; create a "
    "new population instead (in a new Network if this one is compiled)",
}


class PopulationView(metaclass=GuardedMeta):
    """Subset of a Population.

    Only the parameters and variables of the neuron can be assigned (``view.v = 0.0``).

    Parameters
    ----------
    population : Population
        The original population.
    ranks : list or numpy.ndarray
        Ranks of the selected neurons.
    geometry : tuple, optional
        Geometry of the view.
    """

    _fixed_attributes = _VIEW_FIXED

    def __init__(self, population, ranks, geometry=None):
        object.__setattr__(self, "population", population)
        ranks = as_ranks(ranks, population.size, f"PopulationView of '{population.name}'")
        object.__setattr__(self, "ranks", ranks)
        object.__setattr__(self, "geometry", tuple(geometry) if geometry else None)

    @property
    def size(self) -> int:
        """Number of neurons in the view."""
        return int(self.ranks.size)

    @property
    def name(self) -> str:
        """Name of the original population."""
        return self.population.name

    @property
    def targets(self) -> list[str]:
        """Targets of the original population."""
        return self.population.targets

    @property
    def attributes(self) -> list[str]:
        """Attributes of the original population."""
        return self.population.attributes

    @property
    def parameters(self) -> list[str]:
        """Parameters of the original population."""
        return self.population.parameters

    @property
    def variables(self) -> list[str]:
        """Variables of the original population."""
        return self.population.variables

    @property
    def neuron_type(self):
        """Neuron model of the original population."""
        return self.population.neuron_type

    def __len__(self) -> int:
        return self.size

    def rank_from_coordinates(self, coord, local: bool = False) -> int:
        """The rank (in the original population) of the neuron at ``coord``.

        Parameters
        ----------
        coord : tuple of int or int
            Coordinates of the neuron.
        local : bool
            The coordinates are in the view's own geometry (else in the population's).

        Returns
        -------
        int
        """
        if not local:
            return self.population.rank_from_coordinates(coord)
        geometry = self._local_geometry()
        return int(self.ranks[np.ravel_multi_index(tuple(np.atleast_1d(coord)), geometry)])

    def coordinates_from_rank(self, rank: int, local: bool = False) -> tuple[int, ...]:
        """The coordinates of ``rank`` (a rank of the original population).

        Parameters
        ----------
        rank : int
            Rank of the neuron in the original population.
        local : bool
            Return coordinates in the view's own geometry (else in the population's).

        Returns
        -------
        tuple of int
        """
        if not local:
            return self.population.coordinates_from_rank(rank)
        position = np.flatnonzero(self.ranks == rank)
        if position.size == 0:
            raise InvalidConfiguration(f"Rank {rank} is not in this view of '{self.name}'.")
        return tuple(int(c) for c in np.unravel_index(position[0], self._local_geometry()))

    def _local_geometry(self) -> tuple[int, ...]:
        if self.geometry is None:
            raise InvalidConfiguration(
                f"This view of '{self.name}' has no geometry (it was built by adding views)."
            )
        return self.geometry

    def get(self, name: str):
        """The values of an attribute for the neurons of the view.

        Parameters
        ----------
        name : str
            Name of the parameter or variable.

        Returns
        -------
        numpy.ndarray or float
            A scalar for a global attribute.
        """
        attr = self.population._attribute(name)
        values = self.population._read(name)
        if attr.locality != "local":
            return to_python(values, attr)
        return values[self.ranks]

    def set(self, value: dict) -> None:
        """Set attributes of the neurons of the view.

        A global attribute changes for the whole population.

        Parameters
        ----------
        value : dict
            Attribute names and their values (scalars, arrays of the view's size or random
            distributions).
        """
        for name, val in value.items():
            self._set_one(name, val)

    def _set_one(self, name: str, value) -> None:
        pop = self.population
        attr = pop._attribute(name)
        if attr.locality != "local":
            pop._write(name, pop._convert(name, value))
            return
        new = pop._convert(name, value, size=self.size)
        full = pop._read(name)
        full[self.ranks] = new
        pop._write(name, full)

    def sum(self, target: str) -> np.ndarray:
        """The weighted sums of a target for the neurons of the view.

        Parameters
        ----------
        target : str
            Target of the projections (``"exc"``, ``"inh"``, ...).

        Returns
        -------
        numpy.ndarray
        """
        return np.asarray(self.population.sum(target)).ravel()[self.ranks]

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        pop = self.population
        if name in pop._attributes:
            return self.get(name)
        raise attribute_error(f"PopulationView of '{pop.name}'", name, pop._attributes)

    def __setattr__(self, name: str, value) -> None:
        pop = self.population
        if name in pop._attributes:
            self._set_one(name, value)
            return
        check_assignment(self, name, f"PopulationView of '{pop.name}'", pop._attributes)
        object.__setattr__(self, name, value)

    def __getitem__(self, index):
        local, geometry, single = geometry_index(
            self.geometry or (self.size,), index, f"PopulationView of '{self.name}'"
        )
        if single:
            return IndividualNeuron(self.population, int(self.ranks[local[0]]))
        return PopulationView(self.population, self.ranks[local], geometry=geometry)

    def __add__(self, other):
        other_pop = getattr(other, "population", None)
        if other_pop is not self.population:
            raise InvalidConfiguration(
                "Only neurons of the same population can be added into a PopulationView."
            )
        # the union, in ascending order (as the reference: neuron(2) + neuron(0) -> [0, 2])
        ranks = np.union1d(self.ranks, np.atleast_1d(other.ranks))
        return PopulationView(self.population, ranks)

    def __contains__(self, item) -> bool:
        if isinstance(item, Integral):
            return bool(np.any(self.ranks == item))
        if getattr(item, "population", None) is not self.population:
            return False
        return bool(np.all(np.isin(np.atleast_1d(item.ranks), self.ranks)))

    def __iter__(self):
        for rank in self.ranks:
            yield IndividualNeuron(self.population, int(rank))

    def __repr__(self) -> str:
        return f"PopulationView of '{self.name}' with {self.size} neurons"


class IndividualNeuron(metaclass=GuardedMeta):
    """One neuron of a population; a convenience wrapper (slow: prefer arrays).

    Parameters
    ----------
    population : Population
        The population.
    rank : int
        Rank of the neuron.
    """

    _fixed_attributes = {
        "population": "a neuron belongs to one population; select another with pop[rank]",
        "rank": "select another neuron with pop[rank]",
    }

    def __init__(self, population, rank: int):
        object.__setattr__(self, "population", population)
        object.__setattr__(self, "rank", int(rank))

    @property
    def ranks(self) -> np.ndarray:
        """The rank, as a one-element array (for views)."""
        return np.array([self.rank])

    @property
    def size(self) -> int:
        """1."""
        return 1

    @property
    def coordinates(self) -> tuple[int, ...]:
        """Coordinates of the neuron in the population."""
        return self.population.coordinates_from_rank(self.rank)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        pop = self.population
        if name in pop._attributes:
            attr = pop._attributes[name]
            values = pop._read(name)
            return to_python(values if attr.locality != "local" else values[self.rank], attr)
        raise attribute_error(f"Neuron {self.rank} of '{pop.name}'", name, pop._attributes)

    def __setattr__(self, name: str, value) -> None:
        pop = self.population
        if name in pop._attributes:
            PopulationView(pop, [self.rank])._set_one(name, value)
            return
        check_assignment(self, name, f"Neuron {self.rank} of '{pop.name}'", pop._attributes)
        object.__setattr__(self, name, value)

    def __add__(self, other):
        return PopulationView(self.population, [self.rank]) + other

    def __repr__(self) -> str:
        pop = self.population
        lines = [
            f"Neuron of the population {pop.name} with rank {self.rank} "
            f"(coordinates {self.coordinates})."
        ]
        for title, names in (("Parameters", pop.parameters), ("Variables", pop.variables)):
            lines.append(f"{title}:")
            lines += [f"  {n} = {getattr(self, n)}" for n in names]
        return "\n".join(lines)
