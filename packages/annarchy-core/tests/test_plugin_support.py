"""The accessors ``ANNarchy.plugin`` gives plugins instead of private members of core."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.plugin import (
    add_extension,
    delays_ms,
    kept_value,
    parse_model,
    runtime_of,
    withdraw,
)


def _net(rate_neuron):
    net = ann.Network()
    pre = net.create(3, rate_neuron, name="pre")
    post = net.create(2, rate_neuron, name="post")
    proj = net.connect(pre, post, "exc")
    proj.all_to_all(weights=0.5, delays=2.0)
    return net, pre, post, proj


def test_add_extension_lists_it_once(rate_neuron):
    net, *_ = _net(rate_neuron)
    first, second = object(), object()
    assert add_extension(net, first) == 0
    assert add_extension(net, second) == 1
    assert add_extension(net, first) == 0
    assert net.get_extensions() == [first, second]


def test_kept_value_and_delays(rate_neuron):
    _, pre, _, proj = _net(rate_neuron)
    assert float(kept_value(proj, "w")) == 0.5
    assert delays_ms(proj) == 2.0
    pre.b = np.array([1.0, 2.0, 3.0])
    assert kept_value(pre, "b").tolist() == [1.0, 2.0, 3.0]
    with pytest.raises(ann.InvalidConfiguration, match="'pre' has no attribute 'nope'"):
        kept_value(pre, "nope")


def test_runtime_of_before_and_after_compile(fake_backend, rate_neuron):
    net, pre, _, proj = _net(rate_neuron)
    assert runtime_of(pre) is None and runtime_of(proj) is None
    net.config(paradigm="fake")
    net.compile(silent=True)
    assert runtime_of(pre) is fake_backend.runtime
    assert runtime_of(proj) is fake_backend.runtime


def test_withdraw_takes_back_the_last_object(rate_neuron):
    net, pre, post, proj = _net(rate_neuron)
    with pytest.raises(ann.InvalidConfiguration, match="already used"):
        withdraw(pre)
    withdraw(proj)
    assert net.get_projections() == []
    withdraw(post)
    assert net.get_populations() == [pre]


def test_parse_model_uses_the_network_settings(rate_neuron):
    net = ann.Network()
    net.constant("g0", 2.0)
    model = ann.Neuron(equations="r = g0")
    names = [a.name for a in parse_model(model, net).attributes]
    assert names == ["r"]
    with pytest.raises(ann.ParserError):
        parse_model(model)  # without the network, g0 is unknown
