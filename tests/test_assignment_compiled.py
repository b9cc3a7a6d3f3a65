"""On a compiled network, a misspelt attribute (``pop.vv = 1``) raises while the real names still
reach the simulation; geometry, neuron and connectivity cannot be reassigned."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest


def test_typos_raise_and_real_names_reach_the_simulation(backend):
    neuron = ann.Neuron(
        parameters=dict(b=ann.Parameter(0.0, locality="local")), equations="r = b + sum(exc)"
    )
    net = ann.Network(dt=1.0, seed=1)
    net.config(paradigm=backend)
    pre = net.create(2, neuron, name="pre")
    post = net.create(3, neuron, name="post")
    proj = net.connect(pre, post, "exc", name="pp").all_to_all(
        weights=0.5, force_multiple_weights=True
    )
    net.compile(silent=True)

    pre.b = [1.0, 2.0]
    with pytest.raises(ann.UnknownAttributeError, match="Did you mean 'b'"):
        pre.bb = 10.0
    with pytest.raises(ann.UnknownAttributeError, match="Did you mean 'w'"):
        proj.ww = 10.0
    with pytest.raises(ann.UnknownAttributeError, match="Did you mean 'b'"):
        post[0:2].bb = 10.0
    with pytest.raises(ann.ReadOnlyAttributeError, match="create a new population instead"):
        post.geometry = (6,)
    with pytest.raises(ann.ReadOnlyAttributeError, match="create a new population instead"):
        post.neuron_type = neuron
    with pytest.raises(ann.ReadOnlyAttributeError, match="create a new projection instead"):
        proj.post = pre
    proj.dendrite(2).w = [1.0, 2.0]
    net.step()
    net.step()
    # pre.r = b = [1, 2]; post.r = sum of w * pre.r (one step later): 0.5 * 3 and 1 * 1 + 2 * 2
    assert pre.r.tolist() == [1.0, 2.0]
    np.testing.assert_allclose(post.r, [1.5, 1.5, 5.0])
    assert post.geometry == (3,) and post.r.shape == (3,)
    assert not hasattr(pre, "bb")


def test_any_shape_with_as_many_elements_is_reshaped(backend):
    """As the reference (5.0.4.1): an array of any shape with as many elements as the population
    is taken in C order; a wrong number of elements is refused."""
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    square = net.create((17, 17), ann.Neuron(parameters="r = 0.0"))
    flat = net.create(289, ann.Neuron(parameters="r = 0.0"))
    grid = net.create((3, 4), ann.Neuron(parameters="w = 0.5", equations="r = r + w"))
    net.compile(silent=True)
    values = np.arange(289.0)
    shapes = [(1, 289), (289,), (17, 17), (289, 1), (1, 17, 17), (17, 17, 1), (1, 1, 289)]
    for shape in shapes:
        square.r = np.zeros(289)
        flat.r = np.zeros(289)
        square.r = values.reshape(shape)
        flat.r = values.reshape(shape)
        assert square.r.shape == (17, 17) and flat.r.shape == (289,)
        assert square.r[1, 1] == 18.0 and flat.r[18] == 18.0 and flat.r[288] == 288.0
    for shape in [(1, 12), (4, 3), (12, 1), (2, 6), (1, 3, 4)]:
        grid.w = np.zeros(12)
        grid.w = np.arange(12.0).reshape(shape)
        assert grid.w.tolist() == np.arange(12.0).reshape(3, 4).tolist()
    with pytest.raises(ann.InvalidConfiguration, match=r"needs a single value or 289 values"):
        square.r = np.ones((1, 288))
    with pytest.raises(ann.InvalidConfiguration, match=r"needs a single value or 12 values"):
        grid.w = np.ones((4, 4))
