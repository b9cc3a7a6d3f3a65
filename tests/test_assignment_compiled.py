"""On a compiled network, a misspelt attribute (``pop.vv = 1``) raises while the real names still
reach the simulation; geometry, neuron and connectivity cannot be reassigned."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest


def test_typos_raise_and_real_names_reach_the_simulation(backend):
    neuron = ann.Neuron(parameters=dict(b=ann.Parameter(0.0)), equations="r = b + sum(exc)")
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
