"""Files saved by the reference ANNarchy 5.0.4.1 load (read without running code).

The fixtures in ``data/reference_state`` were written by the reference for this network
(dt 1 ms, seed 1) after ``simulate(3.0)``: ``net.save()``, ``pop.save()``, ``proj.save()``. The
values they hold (printed by the reference): r = 0.1355 for each neuron, w = 0.5 and eta = 0.1
for the 6 synapses of all_to_all without self-connections, time step 3.
"""

from __future__ import annotations

from pathlib import Path

import ANNarchy as ann
import numpy as np
import pytest

DATA = Path(__file__).parent / "data" / "reference_state"


def build(backend):
    net = ann.Network(dt=1.0, seed=1)
    net.config(paradigm=backend)
    neuron = ann.Neuron(parameters=dict(tau=10.0), equations="tau*dr/dt + r = 0.5")
    pop = net.create(3, neuron, name="pop")
    syn = ann.Synapse(parameters=dict(eta=0.3), equations="w = w")
    proj = net.connect(pop, pop, "exc", syn, name="proj")
    proj.all_to_all(weights=0.2)
    net.compile(silent=True)
    return net, pop, proj


@pytest.mark.parametrize("name", ["net.data", "net.npz", "net.txt.gz"])
def test_reference_network_files_load(backend, name):
    net, pop, proj = build(backend)
    net.load(DATA / name)
    assert net.current_step == 3
    assert np.array_equal(pop.r, [0.1355, 0.1355, 0.1355])
    assert proj.w == [[0.5, 0.5]] * 3
    assert proj.eta == 0.1
    assert proj.pre_ranks == [[1, 2], [0, 2], [0, 1]]


@pytest.mark.parametrize("ext", ["data", "npz"])
def test_reference_population_and_projection_files_load(backend, ext):
    net, pop, proj = build(backend)
    pop.load(DATA / f"pop.{ext}")
    assert np.array_equal(pop.r, [0.1355, 0.1355, 0.1355])
    assert proj.w == [[0.2, 0.2]] * 3
    proj.load(DATA / f"proj.{ext}")
    assert proj.w == [[0.5, 0.5]] * 3
    assert proj.eta == 0.1
    assert net.current_step == 0


def test_reference_files_that_do_not_fit_are_refused(backend):
    import pickle

    from ANNarchy.core.saving_formats import StateFileError, StateMismatchError

    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    net.create(3, ann.Neuron(equations="r = 1.0"), name="other")
    with pytest.raises(StateMismatchError, match="missing from the file: \\['other'\\]"):
        net.load(DATA / "net.data")
    net2, pop, proj = build(backend)
    bad = {"name": "proj", "attributes": ["w"], "pre_ranks": 3, "post_ranks": [0], "w": 1.0}
    with open("bad.data", "wb") as f:
        pickle.dump(bad, f)
    with pytest.raises(StateFileError, match="content is not what save\\(\\) writes"):
        proj.load("bad.data")
    assert proj.w == [[0.2, 0.2]] * 3


def test_reference_network_file_before_compile_replaces_the_synapses(backend):
    net = ann.Network(dt=1.0, seed=1)
    net.config(paradigm=backend)
    neuron = ann.Neuron(parameters=dict(tau=10.0), equations="tau*dr/dt + r = 0.5")
    pop = net.create(3, neuron, name="pop")
    syn = ann.Synapse(parameters=dict(eta=0.3), equations="w = w")
    proj = net.connect(pop, pop, "exc", syn, name="proj")
    proj.fixed_number_pre(1, weights=0.2)
    net.load(DATA / "net.data")
    net.compile(silent=True)
    assert net.current_step == 3
    assert proj.nb_synapses == 6
    assert proj.pre_ranks == [[1, 2], [0, 2], [0, 1]]
    assert proj.w == [[0.5, 0.5]] * 3
    assert proj.delay == 1.0
    net.simulate(1.0)
    assert np.allclose(pop.r, 0.1355 + (0.5 - 0.1355) / 10.0, rtol=0, atol=1e-15)
