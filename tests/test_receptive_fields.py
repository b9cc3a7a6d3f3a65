"""``Projection.receptive_fields()``: expected arrays printed by the reference implementation
(ANNarchy 5.0.4.1) for the same projections (its leading row of zeros included)."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest

NEURON = ann.Neuron(equations="r = 0.0")
TILED = [
    [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    [1.0, 2.0, 3.0, 7.0, 8.0, 9.0],
    [4.0, 5.0, 6.0, 10.0, 11.0, 12.0],
    [13.0, 14.0, 15.0, 19.0, 20.0, 21.0],
    [16.0, 17.0, 18.0, 22.0, 23.0, 24.0],
]


@pytest.fixture
def net(backend):
    net = ann.Network()
    net.config(paradigm=backend)
    return net


def test_fields_in_post_geometry_and_square_grid(net):
    pre = net.create((2, 3), NEURON)
    proj = net.connect(pre, net.create((2, 2), NEURON), "exc")
    proj.from_matrix(np.arange(24, dtype=float).reshape(4, 6) + 1.0)
    line = net.connect(pre, net.create(3, NEURON), "exc")
    weights = np.arange(18, dtype=float).reshape(3, 6) + 1.0
    line.from_matrix(weights)
    net.compile(silent=True)
    assert proj.receptive_fields().tolist() == TILED
    assert proj.receptive_fields(in_post_geometry=False).tolist() == TILED
    # three neurons in a grid of 1 column and 2 rows: the reference shows the first two
    grid = line.receptive_fields(in_post_geometry=False)
    assert grid.tolist() == [[0.0] * 3, [1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]]
    # a 1D post-synaptic population is one row of fields (the reference fails there)
    row = line.receptive_fields()
    assert row.shape == (3, 9)
    assert row[1:, 6:].tolist() == [[13, 14, 15], [16, 17, 18]]


def test_missing_synapses_and_other_variables(net):
    pre = net.create((2, 2), NEURON)
    syn = ann.Synapse(parameters="c = 0.5 : postsynaptic", equations="x = 2.0 * w")
    proj = net.connect(pre, net.create((1, 2), NEURON), "exc", synapse=syn)
    proj.from_matrix([[1.0, None, 3.0, 4.0], [None, 6.0, 7.0, None]])
    net.compile(silent=True)
    proj.c = [0.5, 0.25]
    net.step()
    assert proj.receptive_fields().tolist() == [
        [0.0, 0.0, 0.0, 0.0],
        [1.0, 0.0, 0.0, 6.0],
        [3.0, 4.0, 7.0, 0.0],
    ]
    assert proj.receptive_fields("x")[1:].tolist() == [[2.0, 0.0, 0.0, 12.0], [6.0, 8.0, 14.0, 0.0]]
    assert proj.receptive_fields("c")[1:].tolist() == [
        [0.5, 0.0, 0.0, 0.25],
        [0.5, 0.5, 0.25, 0.0],
    ]
    with pytest.raises(ann.UnknownAttributeError):
        proj.receptive_fields("nope")


def test_needs_a_2d_pre_synaptic_geometry(net):
    proj = net.connect(net.create(4, NEURON), net.create(2, NEURON), "exc")
    proj.all_to_all(1.0)
    net.compile(silent=True)
    with pytest.raises(ann.InvalidConfiguration, match="2D"):
        proj.receptive_fields()
