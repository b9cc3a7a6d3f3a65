"""Populations: geometry, ranks and coordinates, attributes before compile."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest


def test_geometry_int_and_tuple(rate_neuron):
    net = ann.Network()
    p1 = net.create(100, rate_neuron)
    p2 = net.create((8, 6), rate_neuron, name="p2")
    p3 = net.create((2, 3, 4), rate_neuron)
    assert (p1.geometry, p1.size, p1.dimension) == ((100,), 100, 1)
    assert (p2.geometry, p2.size, p2.width, p2.height, p2.depth) == ((8, 6), 48, 8, 6, 1)
    assert (p3.size, p3.depth, p3.dimension) == (24, 4, 3)
    assert [p1.name, p2.name, p3.name] == ["pop0", "p2", "pop2"]
    assert len(p2) == 48


@pytest.mark.parametrize("bad", [0, -3, (4, 0), (), "ten", 2.5, None])
def test_bad_geometry(rate_neuron, bad):
    with pytest.raises(ann.InvalidConfiguration, match="geometry"):
        ann.Network().create(bad, rate_neuron)


def test_rank_coordinates_round_trip(rate_neuron):
    pop = ann.Network().create((2, 3, 4), rate_neuron)
    for rank in range(pop.size):
        coord = pop.coordinates_from_rank(rank)
        assert pop.rank_from_coordinates(coord) == rank
    assert pop.coordinates_from_rank(13) == (1, 0, 1)
    assert pop.rank_from_coordinates((1, 2, 3)) == 23
    pop2 = ann.Network().create((8, 8), rate_neuron)
    assert pop2.coordinates_from_rank(15) == (1, 7)
    assert pop2.rank_from_coordinates((4, 6)) == 38
    assert pop2.normalized_coordinates_from_rank(63) == (1.0, 1.0)
    with pytest.raises(ann.InvalidConfiguration, match="outside"):
        pop2.rank_from_coordinates((8, 0))
    with pytest.raises(ann.InvalidConfiguration, match="rank"):
        pop2.coordinates_from_rank(64)


def test_attribute_lists_and_default_values(rate_neuron):
    pop = ann.Network().create((2, 3), rate_neuron)
    assert pop.attributes == ["tau", "b", "v", "r"]
    assert pop.parameters == ["tau", "b"]
    assert pop.variables == ["v", "r"]
    assert pop.tau == 10.0 and isinstance(pop.tau, float)
    assert pop.b.shape == (2, 3) and np.all(pop.b == 0.5)
    assert np.all(pop.v == 0.0)
    assert pop.get("b").shape == (2, 3)


def test_set_local_attribute_shapes(rate_neuron):
    pop = ann.Network().create((2, 3), rate_neuron)
    pop.v = 2.0
    assert np.all(pop.v == 2.0)
    pop.v = [0, 1, 2, 3, 4, 5]
    assert pop.v.tolist() == [[0, 1, 2], [3, 4, 5]]
    pop.v = np.arange(6.0).reshape(2, 3) * 2
    assert pop.v[1, 2] == 10.0
    pop.set({"v": 1.5, "tau": 20.0})
    assert pop.get("tau") == 20.0 and np.all(pop.get("v") == 1.5)
    with pytest.raises(ann.InvalidConfiguration, match="6 values"):
        pop.v = [1.0, 2.0]
    pop.v = np.arange(6.0).reshape(3, 2)  # any shape with 6 elements, as the reference
    assert pop.v.tolist() == [[0, 1, 2], [3, 4, 5]]
    with pytest.raises(ann.InvalidConfiguration, match="6 values"):
        pop.v = np.zeros((3, 3))
    with pytest.raises(ann.InvalidConfiguration, match="global"):
        pop.tau = [1.0, 2.0]
    with pytest.raises(AttributeError, match="has no attribute 'u'"):
        pop.get("u")
    with pytest.raises(ann.UnknownAttributeError):
        _ = pop.u


def test_random_distribution_reproducible_with_seed(rate_neuron):
    def draw():
        net = ann.Network(seed=42)
        pop = net.create(5, rate_neuron)
        pop.v = ann.Uniform(0.0, 1.0)
        return pop.v

    first, second = draw(), draw()
    assert np.array_equal(first, second)
    assert np.all((first >= 0.0) & (first <= 1.0)) and np.unique(first).size == 5
    expected = np.random.default_rng(42).uniform(0.0, 1.0, 5)
    assert np.allclose(first, expected)


def test_random_initial_value_in_parameter():
    neuron = ann.Neuron(
        parameters=dict(b=ann.Parameter(ann.Normal(0.0, 1.0), locality="local")), equations="r = b"
    )
    a = ann.Network(seed=7).create(4, neuron).b
    b = ann.Network(seed=7).create(4, neuron).b
    assert np.array_equal(a, b) and np.unique(a).size == 4


def test_individual_neuron(rate_neuron):
    pop = ann.Network().create((3, 3), rate_neuron)
    n = pop.neuron(1, 2)
    assert n.rank == 5 and n.coordinates == (1, 2)
    n.v = 4.0
    assert pop.v[1, 2] == 4.0 and n.v == 4.0
    assert pop.neuron(5).rank == 5
    assert "rank 5" in repr(n)
    with pytest.raises(ann.InvalidConfiguration):
        pop.neuron(9)


def test_sum_before_compile_is_zero(rate_neuron):
    pop = ann.Network().create(4, rate_neuron)
    assert pop.sum("exc").tolist() == [0.0, 0.0, 0.0, 0.0]
    assert pop.targets == []  # only connected targets, as the reference
    pop._net.connect(pop, pop, ["inh", "exc"])
    assert pop.targets == ["inh", "exc"]


def test_model_class_is_instantiated():
    class MyNeuron(ann.Neuron):
        def __init__(self):
            super().__init__(parameters=dict(a=1.0), equations="r = a")

    pop = ann.Network().create(2, MyNeuron)
    assert isinstance(pop.neuron_type, MyNeuron) and pop.a == 1.0
    with pytest.raises(ann.InvalidConfiguration, match="Neuron instance"):
        ann.Network().create(2, "not a neuron")


def test_parameter_locality_defaults_to_global_as_the_manual_says():
    """Parser.qmd: a ``Parameter`` is global unless told otherwise (the reference refuses a
    list for ``tau = Parameter(10.0)``); a random initial value makes it local
    (reference/Parameter.qmd: ``baseline = Parameter(value=Uniform(-1., 1.))``)."""
    neuron = ann.Neuron(
        parameters=dict(tau=ann.Parameter(10.0), b=ann.Parameter(ann.Uniform(-1.0, 1.0))),
        equations="r = tau + b",
    )
    pop = ann.Network(seed=3).create(4, neuron)
    assert pop.tau == 10.0 and isinstance(pop.tau, float)
    assert pop.b.shape == (4,) and np.unique(pop.b).size == 4
    assert np.all((pop.b >= -1.0) & (pop.b <= 1.0))
    with pytest.raises(ann.InvalidConfiguration, match="global"):
        pop.tau = [1.0, 2.0, 3.0, 4.0]
