"""Connectors give exact (or statistically expected) synapse counts, through a compiled network."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest

SIMPLE = ann.Neuron(
    parameters=dict(x=ann.Parameter(0.0, locality="local")), equations=["r = x + sum(exc)"]
)


def _net(backend):
    net = ann.Network(dt=1.0, seed=7)
    net.config(paradigm=backend)
    return net


def test_all_to_all_counts_and_transmission(backend):
    net = _net(backend)
    pre = net.create(50, SIMPLE)
    post = net.create(40, SIMPLE)
    proj = net.connect(pre, post, "exc")
    proj.all_to_all(weights=0.5)
    net.compile()
    assert proj.nb_synapses == 2000
    pre.x = np.arange(50, dtype=float)
    net.simulate(2.0)
    assert post.r == pytest.approx(np.full(40, 0.5 * np.arange(50).sum()))


def test_all_to_all_same_population_excludes_self(backend):
    net = _net(backend)
    pop = net.create(30, SIMPLE)
    proj = net.connect(pop, pop, "exc")
    proj.all_to_all(weights=1.0)
    net.compile()
    assert proj.nb_synapses == 30 * 29
    matrix = np.array(proj.connectivity_matrix())
    assert np.all(np.diag(matrix) == 0.0)


@pytest.mark.parametrize("fmt", ["csr", "dense", "lil", "auto"])
def test_storage_formats_give_identical_results(fmt, backend):
    net = _net(backend)
    pre = net.create(20, SIMPLE)
    post = net.create(15, SIMPLE)
    proj = net.connect(pre, post, "exc", storage_format=fmt)
    weights = np.arange(300, dtype=float).reshape(15, 20) / 300.0
    weights[weights < 0.3] = np.nan
    proj.from_matrix(weights)
    net.compile()
    pre.x = np.linspace(-1.0, 1.0, 20)
    net.simulate(2.0)
    expected = np.nansum(weights * np.linspace(-1.0, 1.0, 20)[None, :], axis=1)
    assert post.r == pytest.approx(expected, rel=1e-12)
    assert proj.nb_synapses == int(np.sum(~np.isnan(weights)))


def test_fixed_number_pre_exact(backend):
    net = _net(backend)
    pre = net.create(100, SIMPLE)
    post = net.create(60, SIMPLE)
    proj = net.connect(pre, post, "exc")
    proj.fixed_number_pre(12, weights=1.0)
    net.compile()
    assert proj.nb_synapses == 60 * 12
    pre.x = 1.0
    net.simulate(2.0)
    assert post.r == pytest.approx(np.full(60, 12.0))


def test_fixed_probability_statistics(backend):
    net = _net(backend)
    pre = net.create(400, SIMPLE)
    post = net.create(300, SIMPLE)
    proj = net.connect(pre, post, "exc")
    proj.fixed_probability(0.1, weights=ann.Uniform(0.0, 1.0))
    net.compile()
    n, p = 400 * 300, 0.1
    assert abs(proj.nb_synapses - n * p) < 4 * np.sqrt(n * p * (1 - p))
    w = np.concatenate([np.asarray(d) for d in proj.w])
    assert abs(w.mean() - 0.5) < 4 * np.sqrt(1 / 12 / len(w))


def test_one_to_one_and_views(backend):
    net = _net(backend)
    pre = net.create(10, SIMPLE)
    post = net.create(10, SIMPLE)
    proj = net.connect(pre[2:6], post[4:8], "exc")
    proj.one_to_one(weights=2.0)
    net.compile()
    assert proj.nb_synapses == 4
    pre.x = np.arange(10, dtype=float)
    net.simulate(2.0)
    expected = np.zeros(10)
    expected[4:8] = 2.0 * np.arange(2, 6)
    assert post.r == pytest.approx(expected)
