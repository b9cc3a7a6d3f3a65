"""``net.reset(synapses=True)`` and ``proj.reset(synapses=True)``: the synapses created or pruned
after compile are undone and every synapse gets its values at compile again.

Expected numbers were printed by the reference implementation (ANNarchy 5.0.4.1) running the
same script (a deterministic connector, so the recreated synapses are those of compile).
"""

from __future__ import annotations

import ANNarchy as ann
import numpy as np

HEBB = ann.Synapse(parameters="eta = 0.1", equations="w += eta * pre.r")
MATRIX = [[None, 1.0, None, 2.0], [3.0, None, 4.0, None], [None, None, 5.0, 6.0]]
AT_COMPILE = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]


def _network(backend, structural=True):
    net = ann.Network(seed=1)
    net.config(paradigm=backend)
    if structural:
        net.config(structural_plasticity=True)
    pre = net.create(4, ann.Neuron(equations="r = t"))
    post = net.create(3, ann.Neuron(equations="r = 0.0"))
    proj = net.connect(pre, post, "exc", synapse=HEBB)
    proj.from_matrix(MATRIX)
    return net, proj


def _round(rows):
    return [[round(v, 9) for v in row] for row in rows]


def test_network_reset_recreates_the_synapses_of_compile(backend):
    net, proj = _network(backend)
    monitor = net.monitor(proj, "w")
    net.compile(silent=True)
    net.simulate(3.0)
    proj.dendrite(0).create_synapse(0, 5.0)
    proj.dendrite(1).prune_synapse(2)
    assert proj.pre_ranks == [[0, 1, 3], [0], [2, 3]]
    assert _round(proj.w) == [[5.0, 1.3, 2.3], [3.3], [5.3, 6.3]]
    net.reset(populations=True, projections=True, synapses=True)
    assert net.time == 0.0
    assert proj.pre_ranks == [[1, 3], [0, 2], [2, 3]]
    assert proj.w == AT_COMPILE
    net.simulate(2.0)
    assert _round(proj.w) == [[1.1, 2.1], [3.1, 4.1], [5.1, 6.1]]
    recorded = [np.asarray(x).tolist() for x in monitor.get("w")]
    assert [_round(x) for x in recorded] == [AT_COMPILE, [[1.1, 2.1], [3.1, 4.1], [5.1, 6.1]]]


def test_projection_reset_synapses_keeps_the_time(backend):
    net, proj = _network(backend)
    net.compile(silent=True)
    net.simulate(2.0)
    proj.dendrite(2).prune_synapse(3)
    proj.dendrite(2).create_synapse(1, 7.0)
    proj.reset(synapses=True)
    assert net.time == 2.0
    assert proj.pre_ranks == [[1, 3], [0, 2], [2, 3]] and proj.w == AT_COMPILE
    assert proj.nb_synapses == 6
    net.step()  # r = t = 2 for every pre-synaptic neuron
    assert _round(proj.w) == [[1.2, 2.2], [3.2, 4.2], [5.2, 6.2]]
    # again after a second change: the state of compile, not that of the last reset
    proj.dendrite(0).prune_synapse([1, 3])
    net.reset(synapses=True)
    assert proj.pre_ranks == [[1, 3], [0, 2], [2, 3]] and proj.w == AT_COMPILE


def test_reset_synapses_without_structural_plasticity(backend):
    net, proj = _network(backend, structural=False)
    net.compile(silent=True)
    net.simulate(3.0)
    net.reset(synapses=True)  # implies projections=True
    assert proj.w == AT_COMPILE


def test_reset_projections_keeps_the_weights(backend):
    # reference 5.0.4.1: reset(projections=True) and proj.reset() leave w as learned
    net = ann.Network()
    net.config(paradigm=backend)
    pre = net.create(2, ann.Neuron(equations="r = 1.0"))
    post = net.create(1, ann.Neuron(equations="r = 1.0"))
    proj = net.connect(pre, post, "exc", synapse=ann.Synapse(equations="w += 0.1\nx += 1.0"))
    proj.all_to_all(weights=1.0)
    net.compile(silent=True)
    net.simulate(3.0)
    net.reset(projections=True)
    assert _round(proj.w) == [[1.3, 1.3]] and proj.x == [[0.0, 0.0]]
    net.simulate(2.0)
    proj.reset()
    assert _round(proj.w) == [[1.5, 1.5]] and proj.x == [[0.0, 0.0]]
    proj.reset(synapses=True)
    assert proj.w == [[1.0, 1.0]]
