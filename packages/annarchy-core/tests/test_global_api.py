"""The deprecated top-level API and the magic network."""

from __future__ import annotations

import warnings

import ANNarchy as ann
import numpy as np
import pytest


def test_ann4_script_on_magic_network(fake_backend, rate_neuron):
    with pytest.warns(DeprecationWarning, match="setup.*net.config"):
        ann.setup(dt=0.5, seed=1, paradigm="fake")
    pop = ann.Population(3, rate_neuron, name="p")
    other = ann.Population((2, 2), rate_neuron)
    proj = ann.Projection(pop, other, "exc")
    proj.all_to_all(weights=1.0)
    m = ann.Monitor(pop, "r")
    net = ann.magic_network()
    assert net.id == 0 and net.get_populations() == [pop, other]
    assert net.get_projections() == [proj] and net.get_monitors() == [m]
    with pytest.warns(DeprecationWarning):
        assert ann.get_population("p") is pop
    with pytest.warns(DeprecationWarning):
        ann.compile(silent=True)
    with pytest.warns(DeprecationWarning):
        ann.simulate(2.0)
    with pytest.warns(DeprecationWarning):
        ann.step()
    with pytest.warns(DeprecationWarning):
        assert ann.get_time() == 2.5
    with pytest.warns(DeprecationWarning):
        assert ann.get_current_step() == 5
    with pytest.warns(DeprecationWarning):
        assert ann.dt() == 0.5
    assert m.get("r").shape == (5, 3)
    with pytest.warns(DeprecationWarning):
        ann.set_time(1.0)
    assert net.current_step == 2
    with pytest.warns(DeprecationWarning):
        assert ann.populations() == [pop, other] and ann.projections() == [proj]


def test_deprecation_warned_once():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ann.magic_network()
        ann.get_current_step()
        ann.get_current_step()
        ann.get_time()
    names = [str(w.message).split("(")[0] for w in caught]
    assert names == ["ANNarchy.get_current_step", "ANNarchy.get_time"]
    assert all(issubclass(w.category, DeprecationWarning) for w in caught)


def test_clear_forgets_everything(rate_neuron):
    ann.Population(3, rate_neuron)
    ann.Constant("cst", 1.0)
    with pytest.warns(DeprecationWarning):
        ann.setup(dt=0.1)
    with pytest.warns(DeprecationWarning):
        ann.clear()
    assert ann.magic_network().get_populations() == []
    assert ann.Network().dt == 1.0
    ann.Constant("cst", 2.0)  # the name is free again


def test_set_seed_seeds_magic_network(rate_neuron):
    with pytest.warns(DeprecationWarning):
        ann.set_seed(4)
    pop = ann.Population(3, rate_neuron)
    pop.v = ann.Uniform(0.0, 1.0)
    assert np.allclose(pop.v, np.random.default_rng(4).uniform(0.0, 1.0, 3))


def test_timeit(capsys):
    @ann.timeit
    def work(x):
        return x * 2

    assert work(3) == 6
    assert capsys.readouterr().out.startswith("work: ")


def test_direct_constructors_join_the_network_of_their_objects(rate_neuron):
    net = ann.Network()
    pop = net.create(3, rate_neuron)
    proj = ann.Projection(pop, pop, "exc")
    m = ann.Monitor(pop[0:2], "r")
    md = ann.Monitor(proj.all_to_all(weights=ann.Uniform(0.0, 1.0)).dendrite(0), "w")
    assert net.get_projections() == [proj] and net.get_monitors() == [m, md]
    assert net.connect(proj) is proj  # already there: nothing to move
    assert ann.magic_network().get_projections() == []
