"""The ANNarchy 4 names ``connect_pooling``, ``connect_copy`` and ``connect_transpose`` build
the synapses of ``pooling``, ``copy`` and ``transpose`` and warn with a DeprecationWarning;
``connect_filter(s)`` are the current names and do not warn."""

from __future__ import annotations

import warnings

import ANNarchy as ann
import numpy as np
import pytest
from annarchy_convolution import Convolution, Copy, Pooling, Transpose

RATE = ann.Neuron(parameters="r = 0.0")
SUM = ann.Neuron(equations="r = sum(exc)")


def _synapses(proj):
    return proj.post_ranks, proj.pre_ranks, proj.connectivity_matrix().tolist()


def _build(v4: bool):
    net = ann.Network(seed=2)
    inp = net.create((4, 4), RATE)
    out = net.create((2, 2), SUM)
    ff = net.connect(inp, out, "exc").fixed_probability(0.5, ann.Uniform(0.0, 1.0))
    pool = net.connect(Pooling(inp, out, "pool", operation="max"))
    copy = net.connect(Copy(inp, out, "copy"))
    back = net.connect(Transpose(ff, "back"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if v4:
            pool.connect_pooling(extent=(2, 2))
            copy.connect_copy(ff)
            back.connect_transpose()
        else:
            pool.pooling(extent=(2, 2))
            copy.copy(ff)
            back.transpose()
    return ff, pool, copy, back, caught


def test_v4_names_of_the_shared_projections():
    ff5, pool5, copy5, back5, caught5 = _build(False)
    ff4, pool4, copy4, back4, caught4 = _build(True)
    assert caught5 == []
    assert [w.category for w in caught4] == [DeprecationWarning] * 3
    assert [str(w.message).split("(")[0] for w in caught4] == [
        "Projection.connect_pooling",
        "Projection.connect_copy",
        "Projection.connect_transpose",
    ]
    assert (
        pool4.pre_ranks
        == pool5.pre_ranks
        == [[0, 1, 4, 5], [2, 3, 6, 7], [8, 9, 12, 13], [10, 11, 14, 15]]
    )
    assert pool4.extent == (2, 2)
    assert copy4.pre_ranks == copy5.pre_ranks == ff4.pre_ranks == ff5.pre_ranks
    assert back4.post_ranks == back5.post_ranks
    assert back4.pre_ranks == back5.pre_ranks


def test_connect_filter_is_the_current_name():
    net = ann.Network()
    proj = net.connect(Convolution(net.create((4, 4), RATE), net.create((4, 4), SUM), "exc"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        proj.connect_filter(np.ones((3, 3)))
    assert proj.nb_synapses == 4 * 4 + 8 * 6 + 4 * 9  # zero padding: no synapse outside


def test_unknown_v4_name_on_a_shared_projection():
    net = ann.Network()
    pool = net.connect(Pooling(net.create((4, 4), RATE), net.create((2, 2), SUM), "exc"))
    with pytest.raises(AttributeError, match="connect_poolin"):
        pool.connect_poolin()
