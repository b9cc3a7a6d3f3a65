"""Pooling against numpy block reductions and the reference's numbers."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.extensions.convolution import Pooling
from annarchy_convolution import ConvolutionError

SIX = ((np.arange(36).reshape(6, 6) * 0.37) % 1.3) + 0.2
RGB = ((np.arange(48).reshape(4, 4, 3) * 0.37) % 1.3) + 0.2


def _pops(net, pre, post):
    inp = net.create(geometry=pre, neuron=ann.Neuron(parameters="r = 0.0"))
    out = net.create(geometry=post, neuron=ann.Neuron(equations="r = sum(exc)"))
    return inp, out


def test_max_min_mean_pooling_equal_block_reductions(cache_dir):
    net = ann.Network()
    neg, pmax = _pops(net, (6, 6), (3, 3))
    pmin = net.create(geometry=(3, 3), neuron=ann.Neuron(equations="r = sum(exc)"))
    pmean = net.create(geometry=(3, 3), neuron=ann.Neuron(equations="r = sum(exc)"))
    pos, pext = _pops(net, (6, 6), (2, 3))
    rgb, p3 = _pops(net, (4, 4, 3), (2, 2))
    proj = net.connect(Pooling(neg, pmax, "exc", operation="max"))
    assert proj.pooling() is proj and proj.extent == (2, 2)
    net.connect(Pooling(neg, pmin, "exc", operation="min")).pooling()
    net.connect(Pooling(neg, pmean, "exc", operation="mean")).pooling()
    net.connect(Pooling(pos, pext, "exc", operation="max")).pooling(extent=(3, 2))
    net.connect(Pooling(rgb, p3, "exc", operation="mean")).pooling(extent=(2, 2, 3))
    net.compile(directory=cache_dir, silent=True)
    neg.r, pos.r, rgb.r = -SIX, SIX, RGB
    net.simulate(1)
    blocks = -SIX.reshape(3, 2, 3, 2)
    np.testing.assert_array_equal(pmax.r, blocks.max(axis=(1, 3)))
    np.testing.assert_array_equal(pmin.r, blocks.min(axis=(1, 3)))
    np.testing.assert_allclose(pmean.r, blocks.mean(axis=(1, 3)), atol=1e-14)
    np.testing.assert_array_equal(pext.r, SIX.reshape(2, 3, 3, 2).max(axis=(1, 3)))
    np.testing.assert_allclose(p3.r, RGB.reshape(2, 2, 2, 2, 3).mean(axis=(1, 3, 4)), atol=1e-14)
    # printed by the reference for the same script
    np.testing.assert_allclose(pmax.r[0], [-0.2, -0.5599999999999998, -0.37000000000000016])
    np.testing.assert_allclose(pmean.r[1], [-0.7349999999999997, -1.1499999999999997, -0.915])
    np.testing.assert_allclose(
        p3.r, [[0.853333333333333, 0.9066666666666666], [0.85, 0.90333]], atol=1e-5
    )


@pytest.mark.parametrize(
    ("pre", "post", "extent", "match"),
    [
        ((6, 6), (4, 4), None, "not multiples.*extent must equal"),
        ((6, 6, 2), (3, 3), None, "different dimensions"),
        ((6, 6, 2), (3, 3), (2, 2), "one positive integer per dimension"),
        ((6, 6, 2), (3, 3), (2, 2, 1), "must equal"),
        ((6, 6), (3, 3, 1), (2, 2), "more dimensions"),
    ],
)
def test_bad_extents_are_refused(pre, post, extent, match):
    net = ann.Network()
    inp, out = _pops(net, pre, post)
    with pytest.raises(ConvolutionError, match=match):
        net.connect(Pooling(inp, out, "exc")).pooling(extent=extent)


def test_unknown_operation_is_refused():
    net = ann.Network()
    inp, out = _pops(net, (4, 4), (2, 2))
    with pytest.raises(ConvolutionError, match="'max', 'min' or 'mean'|max, min, mean"):
        Pooling(inp, out, "exc", operation="sum")
