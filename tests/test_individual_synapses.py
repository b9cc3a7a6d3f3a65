"""Individual synapses: ``dendrite[rank]``, ``dendrite.synapse(rank)`` and
``proj.synapse(pre, post)``, read and written, with their effect on the simulation.

As the reference (ANNarchy 5.0.4.1), ``dendrite[i]`` is the synapse from the pre-synaptic neuron
of rank ``i`` (for dendrite 1 below, whose pre-synaptic ranks are [0, 2], ``d[2].w`` is 6.0 and
``d[1]`` is an error); ``proj.synapse(pre, post)`` is None when the synapse does not exist (the
spec; the reference raises).
"""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest

SCALED = ann.Synapse(
    parameters=dict(gain=ann.Parameter(1.0, locality="local")), psp="w * gain * pre.r"
)


def network(backend, synapse=None):
    """InputArray(3) -> 4 rate neurons; dendrite 1 has no synapse from pre-synaptic neuron 1."""
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    pre = net.create(ann.InputArray(geometry=3))
    post = net.create(4, ann.Neuron(equations="r = sum(exc)"))
    proj = net.connect(pre, post, "exc", synapse=synapse)
    weights = [[1.0, 2.0, 3.0], [4.0, None, 6.0], [7.0, 8.0, 9.0], [10.0, 11.0, 12.0]]
    proj.from_matrix(np.array(weights, dtype=object))
    net.compile()
    return net, pre, post, proj


def test_reading_individual_synapses_as_the_reference(backend):
    net, pre, post, proj = network(backend)
    d = proj.dendrite(1)
    assert d.pre_ranks == [0, 2]
    assert d[2].w == 6.0
    assert d[0].w == 4.0
    assert d.synapse(2).w == 6.0
    assert proj.synapse(2, 1).w == 6.0
    assert proj.synapse(0, 3).w == 10.0
    assert proj.synapse(1, 1) is None
    assert [s.w for s in d.synapses] == [4.0, 6.0]
    assert [s.pre_rank for s in d] == [0, 2]
    assert (d[2].pre_rank, d[2].post_rank) == (2, 1)
    with pytest.raises(IndexError, match="no synapse from neuron 1 to neuron 1"):
        d[1]
    with pytest.raises(ann.ANNarchyException, match="no synapse from neuron 1 to neuron 1"):
        d.synapse(1)
    with pytest.raises(ann.ANNarchyException, match="rank .an integer. or the coordinates"):
        d["w"]


def test_writing_individual_synapses_changes_the_weights_and_the_sums(backend):
    net, pre, post, proj = network(backend)
    d = proj.dendrite(1)
    d[2].w = 30.0
    proj.dendrite(3)[0].w = -1.0
    proj.synapse(1, 2).w = 80.0
    assert proj.w == [[1.0, 2.0, 3.0], [4.0, 30.0], [7.0, 80.0, 9.0], [-1.0, 11.0, 12.0]]
    assert proj.dendrite(1).w == [4.0, 30.0]
    pre.r = [1.0, 10.0, 100.0]
    net.step()
    # 1 + 20 + 300, 4 + 3000, 7 + 800 + 900, -1 + 110 + 1200
    assert post.r.tolist() == [321.0, 3004.0, 1707.0, 1309.0]


def test_any_synaptic_attribute_of_one_synapse(backend):
    net, pre, post, proj = network(backend, synapse=SCALED)
    proj.dendrite(2)[1].gain = 0.5
    proj.synapse(0, 0).gain = 3.0
    assert proj.dendrite(2)[1].gain == 0.5
    assert proj.gain == [[3.0, 1.0, 1.0], [1.0, 1.0], [1.0, 0.5, 1.0], [1.0, 1.0, 1.0]]
    assert proj.dendrite(0).gain == [3.0, 1.0, 1.0]
    pre.r = [1.0, 10.0, 100.0]
    net.step()
    # post 0: 3*1*1 + 20 + 300; post 2: 7 + 0.5*8*10 + 900
    assert post.r.tolist() == [323.0, 604.0, 947.0, 1320.0]
