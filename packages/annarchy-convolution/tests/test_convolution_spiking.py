"""Shared-weight projections with spiking populations: spike transmission (default psp) computed
by hand, continuous psp (``w * pre.mask``) against correlations and the reference's numbers."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.extensions.convolution import Convolution, Copy, Pooling, Transpose
from annarchy_convolution import ConvolutionError
from scipy.signal import correlate2d

K = np.array([[1.0, 0.5, -1.0], [2.0, 0.0, -0.25], [0.75, -1.5, 1.0]])
MASK = (np.arange(30).reshape(5, 6) * 0.37 - 3.1) % 2.3 - 0.7
FIRING = [(0, 0), (1, 4), (2, 3), (4, 5)]

#: fires while ``emit`` > 0.5; ``ge``/``gi`` show the conductances received during the step
SPIKER = ann.Neuron(
    parameters="""
        emit = 0.0
        mask = 0.0
    """,
    equations="""
        ge = g_exc
        gi = g_inh
    """,
    spike="emit > 0.5",
)
RATE = ann.Neuron(equations="r = sum(exc)")


def by_hand(post_shape, stride, firing, border=False):
    """Each spike of pre neuron j adds K[a, b] to every post neuron whose field reads j at
    element (a, b) (fields centred on ``stride * c``, outside elements clipped if ``border``)."""
    total = np.zeros(post_shape)
    for i, c in np.ndindex(*post_shape):
        for a, b in np.ndindex(*K.shape):
            row, col = i * stride[0] + a - 1, c * stride[1] + b - 1
            if border:
                row, col = min(max(row, 0), 4), min(max(col, 0), 5)
            total[i, c] += K[a, b] * ((row, col) in firing)
    return total


def _spikers(net, geometry, name=None):
    return net.create(geometry=geometry, neuron=SPIKER, name=name)


def _emit():
    """1.0 where FIRING fires."""
    emit = np.zeros((5, 6))
    for r, c in FIRING:
        emit[r, c] = 1.0
    return emit


def _fire_once(net, pre, steps):
    """``pre`` fires FIRING at step 0; returns ``ge`` of the spiking posts after each step."""
    pre.emit = _emit()
    posts = [p for p in net.get_populations() if p is not pre]
    seen = []
    for _ in range(steps):
        net.step()
        pre.emit = 0.0
        seen.append({p.name: np.array(p.ge) for p in posts})
    return seen


def test_spikes_add_the_filter_to_the_fields_that_hold_the_neuron(cache_dir):
    net = ann.Network()
    pre = _spikers(net, (5, 6))
    same = net.connect(Convolution(pre, _spikers(net, (5, 6), "same"), "exc"))
    same.connect_filter(K)
    net.connect(Convolution(pre, _spikers(net, (5, 3), "sub"), "exc")).connect_filter(K)
    border = net.connect(Convolution(pre, _spikers(net, (5, 6), "border"), "exc"))
    border.connect_filter(K, padding="border")
    late = net.connect(Convolution(pre, _spikers(net, (5, 6), "late"), "exc"))
    late.connect_filter(K, delays=2.0)
    net.compile(directory=cache_dir, silent=True)
    seen = _fire_once(net, pre, 4)
    expected = by_hand((5, 6), (1, 1), FIRING)
    # pre (0, 0) reaches post (0, 1) through K[1, 0] = 2, (1, 0) through K[0, 1] = 0.5...
    assert expected[0, :2].tolist() == [0.0, 2.0] and expected[1, :2].tolist() == [0.5, 1.0]
    np.testing.assert_array_equal(expected, correlate2d(_emit(), K, mode="same"))
    for name, shape, stride, edge in [
        ("same", (5, 6), (1, 1), False),
        ("sub", (5, 3), (1, 2), False),
        ("border", (5, 6), (1, 1), True),
    ]:
        np.testing.assert_array_equal(seen[0][name], np.zeros(shape))
        np.testing.assert_array_equal(seen[1][name], by_hand(shape, stride, FIRING, edge))
        np.testing.assert_array_equal(seen[2][name], np.zeros(shape))
    # a delay of 2 ms: the spikes of step 0 arrive at step 2
    assert [float(np.abs(s["late"]).sum()) for s in seen] == [0.0, 0.0, np.abs(expected).sum(), 0]
    np.testing.assert_array_equal(seen[2]["late"], expected)
    # no synapse outside the population; with 'border' every post neuron keeps 9
    assert same.nb_synapses == 3 * 4 * 9 + 2 * 4 * 6 + 2 * 3 * 6 + 4 * 4
    assert border.nb_synapses == 30 * 9
    assert same.synapse_type.type == "spike"


def test_continuous_psp_is_the_correlation_of_the_pre_variable(cache_dir):
    net = ann.Network()
    pre = _spikers(net, (5, 6))
    post = _spikers(net, (5, 6), "sum")
    net.connect(Convolution(pre, post, "exc", psp="w * pre.mask")).connect_filter(K)
    maxed = _spikers(net, (5, 6), "max")
    conv = Convolution(pre, maxed, "exc", psp="w * pre.mask", operation="max")
    net.connect(conv).connect_filter(K)
    rate = net.create(geometry=(5, 6), neuron=RATE, name="rate")
    net.connect(Convolution(pre, rate, "exc", psp="w * pre.mask")).connect_filter(K)
    pooled = _spikers(net, (5, 3), "pool")
    net.connect(Pooling(pre, pooled, "exc", psp="pre.mask", operation="max")).pooling((1, 2))
    mean = _spikers(net, (5, 3), "mean")
    net.connect(Pooling(pre, mean, "exc", psp="pre.mask", operation="mean")).pooling((1, 2))
    net.compile(directory=cache_dir, silent=True)
    pre.mask = MASK
    for _ in range(2):  # every step, not only at spikes
        net.step()
        np.testing.assert_allclose(post.ge, correlate2d(MASK, K, mode="same"), atol=1e-12)
    padded = np.pad(MASK, 1)
    windows = np.lib.stride_tricks.sliding_window_view(padded, (3, 3)) * K
    np.testing.assert_array_equal(maxed.ge, windows.max(axis=(2, 3)))
    np.testing.assert_allclose(rate.r, post.ge, atol=0)
    np.testing.assert_array_equal(pooled.ge, MASK.reshape(5, 3, 2).max(axis=2))
    np.testing.assert_allclose(mean.ge, MASK.reshape(5, 3, 2).mean(axis=2), atol=1e-15)
    # printed by the reference 5.0.4.1 for the same script
    row0 = [-0.28249999999999953, 1.5799999999999992, 0.595, 4.784999999999999, -0.8, -0.52]
    np.testing.assert_allclose(post.ge[0], row0, rtol=1e-12)
    np.testing.assert_allclose(maxed.ge[0], [1.09, 1.6, 2.34, 3.08, 0.27, 0.0], atol=1e-12)
    np.testing.assert_allclose(pooled.ge[0], [1.17, 1.54, 0.35], atol=1e-12)
    np.testing.assert_allclose(mean.ge[0], [0.985, 0.575, 0.165], atol=1e-12)


W = np.array([[1.0, 0.0, 2.0], [0.0, -0.5, 4.0]])


def test_copy_and_transpose_of_a_spiking_projection(cache_dir):
    net = ann.Network()
    pre, post = _spikers(net, 3, "pre"), _spikers(net, 2, "post")
    copied, traced = _spikers(net, 2, "copied"), _spikers(net, 2, "traced")
    ff = net.connect(pre, post, "exc").from_matrix(W)
    back = net.connect(Transpose(ff, "inh"))
    net.connect(Copy(pre, copied, "exc")).copy(ff)
    net.connect(Copy(pre, traced, "exc", psp="w * pre.mask")).copy(ff)
    net.compile(directory=cache_dir, silent=True)
    pre.mask = [0.5, 1.0, 2.0]
    pre.emit, post.emit = [1.0, 0.0, 1.0], [0.0, 1.0]
    net.step()
    pre.emit, post.emit = 0.0, 0.0
    np.testing.assert_array_equal(traced.ge, W @ [0.5, 1.0, 2.0])  # continuous, every step
    net.step()  # the spikes of step 0 arrive
    np.testing.assert_array_equal(post.ge, W @ [1.0, 0.0, 1.0])
    np.testing.assert_array_equal(copied.ge, post.ge)
    np.testing.assert_array_equal(pre.gi, W.T @ [0.0, 1.0])
    assert back.synapse_type.type == "spike" and back.pre is post
    net.step()
    assert np.abs(copied.ge).sum() == 0.0 and np.abs(pre.gi).sum() == 0.0


def test_spikes_that_cannot_be_transmitted_are_refused():
    net = ann.Network()
    pre, post = _spikers(net, (4, 4)), _spikers(net, (4, 4))
    rate = net.create(geometry=(4, 4), neuron=RATE)
    with pytest.raises(ConvolutionError, match="only be summed.*'w \\* pre.<variable>'"):
        Convolution(pre, post, "exc", operation="max")
    with pytest.raises(ConvolutionError, match="cannot reach the rate-coded population"):
        Convolution(pre, rate, "exc")
    with pytest.raises(ConvolutionError, match="padding=1.5 has no meaning for spikes"):
        net.connect(Convolution(pre, post, "exc")).connect_filter(K, padding=1.5)
    ff = net.connect(pre, post, "exc").all_to_all(1.0)
    with pytest.raises(ConvolutionError, match="cannot reach the rate-coded"):
        Copy(pre, rate, "exc").copy(ff)
    onto_spikes = net.connect(rate, post, "exc").all_to_all(1.0)
    with pytest.raises(ConvolutionError, match="cannot reach the rate-coded"):
        Transpose(onto_spikes, "exc")
