"""PopulationView: slicing, attribute access through the view, addition, membership."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest


@pytest.fixture
def pop(rate_neuron):
    return ann.Network().create((2, 3), rate_neuron, name="grid")


def test_slicing_ranks_and_geometry(pop):
    row = pop[1, :]
    assert isinstance(row, ann.PopulationView)
    assert row.ranks.tolist() == [3, 4, 5] and row.geometry == (1, 3) and row.size == 3
    flat = pop[0:2]
    assert flat.ranks.tolist() == [0, 1] and flat.geometry == (2,)
    col = pop[:, 2]
    assert col.ranks.tolist() == [2, 5] and col.geometry == (2, 1)
    assert pop[[5, 1]].ranks.tolist() == [5, 1]
    assert isinstance(pop[1, 2], ann.IndividualNeuron) and pop[1, 2].rank == 5
    assert pop[4].rank == 4 and pop[-1].rank == 5
    assert row.name == "grid" and row.population is pop and len(row) == 3


def test_bad_index(pop):
    with pytest.raises(ann.InvalidConfiguration, match="3 indices"):
        pop[0, 0, 0]
    with pytest.raises(ann.InvalidConfiguration):
        pop[[0, 6]]


def test_attributes_through_view(pop):
    view = pop[1, :]
    assert view.b.tolist() == [0.5, 0.5, 0.5]
    view.b = 3.0
    assert pop.b.tolist() == [[0.5, 0.5, 0.5], [3.0, 3.0, 3.0]]
    view.v = [1.0, 2.0, 3.0]
    assert pop.v.ravel().tolist() == [0, 0, 0, 1.0, 2.0, 3.0]
    view.set({"v": ann.Uniform(10.0, 11.0)})
    assert np.all(pop.v[1] >= 10.0) and np.all(pop.v[0] == 0.0)
    view.tau = 5.0  # global: the whole population
    assert pop.tau == 5.0 and view.tau == 5.0
    with pytest.raises(ann.InvalidConfiguration, match="3 values"):
        view.v = [1.0, 2.0]
    assert view.get("b").tolist() == [3.0, 3.0, 3.0]


def test_view_of_view_and_local_coordinates(pop):
    row = pop[1, :]
    sub = row[1:3]
    assert sub.ranks.tolist() == [4, 5]
    assert row.rank_from_coordinates((0, 2), local=True) == 5
    assert row.coordinates_from_rank(4, local=True) == (0, 1)
    assert row.coordinates_from_rank(4) == (1, 1)


def test_add_and_contains(pop):
    view = pop.neuron(0) + pop.neuron(5) + pop[1:3]
    assert view.ranks.tolist() == [0, 1, 2, 5] and view.geometry is None  # sorted, as the reference
    assert 5 in view and 3 not in view
    assert pop.neuron(1) in view and pop[0:2] in view and pop[3:5] not in view
    other = ann.Network().create(6, ann.Neuron(equations="r = 1.0"))
    with pytest.raises(ann.InvalidConfiguration, match="same population"):
        view + other[0:2]
    with pytest.raises(ann.InvalidConfiguration, match="no geometry"):
        view.rank_from_coordinates(0, local=True)
