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


def _spec_deprecated_names() -> list[str]:
    """The names of the 'DEPRECATED Top-level API' section of the spec's API index."""
    from pathlib import Path

    # the API index of the ANNarchy 5 documentation (spec/seeds), kept with the docs
    index = Path(__file__).parents[3] / "docs" / "reference" / "api-reference-index.txt"
    section = index.read_text().split("DEPRECATED Top-level API", 1)[1]
    return [line.split("|")[1].strip() for line in section.splitlines() if line.startswith("| ")]


SPEC_DEPRECATED = [
    "setup", "compile", "clear", "reset", "set_seed", "get_population", "get_projection",
    "populations", "projections", "monitors", "simulate", "simulate_until", "step",
    "enable_learning", "disable_learning", "get_time", "set_time", "get_current_step",
    "set_current_step", "dt", "save", "load", "save_parameters", "load_parameters",
    "callbacks_enabled", "disable_callbacks", "enable_callbacks", "clear_all_callbacks",
]  # fmt: skip


#: where the deprecated functions live (wrappers that warn, not the Network methods)
MODULES = {"ANNarchy.core.global_api", "ANNarchy.core.global_access"}


def test_every_deprecated_name_of_the_spec_exists_and_warns_once():
    assert _spec_deprecated_names() == SPEC_DEPRECATED
    from ANNarchy.core.global_api import DEPRECATED

    assert sorted(DEPRECATED) == sorted(SPEC_DEPRECATED)
    for name in SPEC_DEPRECATED:
        assert name in ann.__all__, name
        assert getattr(ann, name).__module__ in MODULES, name
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            ann.callbacks_enabled()
            ann.disable_callbacks()
            ann.enable_callbacks()
            ann.clear_all_callbacks()
    assert [str(w.message).split("(")[0] for w in caught] == [
        "ANNarchy.callbacks_enabled",
        "ANNarchy.disable_callbacks",
        "ANNarchy.enable_callbacks",
        "ANNarchy.clear_all_callbacks",
    ]
    assert all(w.category is DeprecationWarning for w in caught)


def test_ann4_script_with_callbacks(fake_backend, rate_neuron):
    calls = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ann.setup(dt=0.5, paradigm="fake")
        pop = ann.Population(2, rate_neuron)

        @ann.every(period=2.0, offset=-0.5)
        def record(n):
            calls.append((n, ann.get_current_step()))

        ann.compile(silent=True)
        ann.simulate(5.0)
        assert calls == [(0, 3), (1, 7)] and ann.get_time() == 5.0
        ann.disable_callbacks()
        assert not ann.callbacks_enabled()
        ann.simulate(5.0)
        ann.enable_callbacks()
        ann.simulate(2.0, callbacks=False)
        assert calls == [(0, 3), (1, 7)]
        ann.clear_all_callbacks()
        assert ann.magic_network()._callbacks == [] and pop.size == 2
        with pytest.raises(ann.InvalidConfiguration, match="no stop_condition"):
            ann.simulate_until(10.0, pop)
