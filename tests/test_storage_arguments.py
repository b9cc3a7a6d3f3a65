"""storage_order / storage_format of populations and projections: the values of the spec are
accepted and give the default's numbers (the backends choose their own layout), others raise."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.errors import InvalidConfiguration

LEAKY = ann.Neuron(parameters="tau = 10.0", equations="tau * dr/dt + r = sum(exc) + 1.0")
WEIGHTS = np.arange(12.0).reshape(3, 4) / 10.0


def run(backend, order=None, fmt=None, pop_order="post_to_pre"):
    net = ann.Network(dt=0.5)
    net.config(paradigm=backend)
    pre = net.create(4, LEAKY, storage_order=pop_order)
    post = ann.Population(3, LEAKY, storage_order=pop_order, net_id=net.id)
    proj = net.connect(pre, post, "exc")
    proj.from_matrix(WEIGHTS, storage_order=order, storage_format=fmt)
    m = net.monitor(post, "r")
    net.compile(silent=True)
    net.simulate(5.0)
    return m.get("r")


def test_spec_values_give_the_default_numbers(backend):
    default = run(backend)
    assert default.shape == (10, 3) and default[-1, 2] > default[-1, 0] > 0.0
    for kwargs in ({"order": "pre_to_post"}, {"pop_order": "pre_to_post"}):
        np.testing.assert_array_equal(run(backend, **kwargs), default)
    # a sparse format where the default picks a dense one sums in another order (last bit)
    for kwargs in ({"order": "post_to_pre", "fmt": "csr"}, {"fmt": "lil"}):
        np.testing.assert_allclose(run(backend, **kwargs), default, rtol=1e-14, atol=0.0)


def test_unknown_values_raise():
    net = ann.Network()
    with pytest.raises(InvalidConfiguration, match="storage_order must be 'post_to_pre' or"):
        net.create(4, LEAKY, storage_order="by_row")
    with pytest.raises(InvalidConfiguration, match="storage_order must be"):
        ann.Population(4, LEAKY, storage_order="rows", net_id=net.id)
    pre = net.create(4, LEAKY)
    with pytest.raises(InvalidConfiguration, match="unknown storage_format 'csc'"):
        net.connect(pre, pre, "exc").all_to_all(1.0, storage_format="csc")
    with pytest.raises(InvalidConfiguration, match="storage_order must be"):
        net.connect(pre, pre, "exc").fixed_probability(0.5, 1.0, storage_order="rows")
