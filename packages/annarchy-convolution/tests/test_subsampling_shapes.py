"""``subsampling`` in every documented shape (``ConvolutionalNetworks.qmd``): a list of lists,
of tuples or a numpy array of pre-synaptic centres, one per post-synaptic neuron, or one per
position for a bank of filters; a centre given in every pre-synaptic dimension is used in
every dimension. Expected rates: the reference 5.0.4.1 on the same network."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest
from annarchy_convolution import Convolution, ConvolutionError

K = np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0], [0.5, 0.0, 1.0]])
K3 = np.stack([K, 2 * K], axis=-1)  # (3, 3, 2)
BANK = np.stack([K, -K, K.T])
BANK3 = np.stack([K3, -K3, 2 * K3])
CENTRES = [[0, 0], [0, 3], [0, 6], [3, 0], [3, 3], [3, 6], [6, 0], [6, 3], [6, 6]]
CENTRES3 = [[i, j, 0] for i, j in CENTRES]
LAST1 = [[i, j, 1] for i, j in CENTRES]

R77 = [2.75, 7.875, -1.875, 3.25, 12.625, 7.375, 2.5, 9.75, 6.0]
RGB = [17.25, 13.125, -6.125, 20.75, 28.375, 18.625, 16.0, 21.25, 15.5]
RGB_LAST1 = [6.25, 6.125, -2.125, 7.75, 9.375, 6.625, 6.0, 6.75, 5.5]
BANK_R = [2.75, -2.75, 1.25, 7.875, -7.875, 8.25, -1.875, 1.875, 12.0, 3.25, -3.25, 1.625]
BANK_R += [12.625, -12.625, 10.625, 7.375, -7.375, 14.75, 2.5, -2.5, 0.125, 9.75, -9.75]
BANK_R += [3.125, 6.0, -6.0, 5.0]
BANK_RGB_LAST1 = [6.25, -6.25, 12.5, 6.125, -6.125, 12.25, -2.125, 2.125, -4.25, 7.75, -7.75]
BANK_RGB_LAST1 += [15.5, 9.375, -9.375, 18.75, 6.625, -6.625, 13.25, 6.0, -6.0, 12.0, 6.75]
BANK_RGB_LAST1 += [-6.75, 13.5, 5.5, -5.5, 11.0]
KEEP_SWAPPED = [6.25, 4.75, 6.125, 0.875, -2.125, -1.875, 7.75, 5.25, 9.375, 9.625, 6.625]
KEEP_SWAPPED += [5.375, 6.0, 4.0, 6.75, 7.75, 5.5, 4.5]

# name: (pre, post, method, weights, kwargs, expected r); the reference refuses numpy arrays
# (a bug: the manual allows them) and 2 coordinates for a 3D pre; both give its list results.
CASES = {
    "lists": ((7, 7), (3, 3), "connect_filter", K, {"subsampling": CENTRES}, R77),
    "tuples": ((7, 7), (3, 3), "connect_filter", K, {"subsampling": [tuple(c) for c in CENTRES]}, R77),
    "int_array": ((7, 7), (3, 3), "connect_filter", K, {"subsampling": np.array(CENTRES)}, R77),
    "float_array": ((7, 7), (3, 3), "connect_filter", K, {"subsampling": np.array(CENTRES, float)}, R77),
    "border": (
        (7, 7), (3, 3), "connect_filter", K, {"subsampling": CENTRES, "padding": "border"},
        [3.625, 12.625, 20.375] * 3,
    ),
    "asymmetric": (
        (5, 8), (2, 3), "connect_filter", K,
        {"subsampling": [[1, 1], [1, 4], [1, 7], [4, 0], [4, 3], [4, 6]]},
        [8.625, 14.875, 3.375, 9.5, 11.25, 8.25],
    ),
    "rgb_3coords": ((7, 7, 2), (3, 3), "connect_filter", K3, {"subsampling": CENTRES3}, RGB),
    "rgb_2coords": ((7, 7, 2), (3, 3), "connect_filter", K3, {"subsampling": CENTRES}, RGB),
    "rgb_last1": ((7, 7, 2), (3, 3), "connect_filter", K3, {"subsampling": LAST1}, RGB_LAST1),
    "rgb_post331": ((7, 7, 2), (3, 3, 1), "connect_filter", K3, {"subsampling": LAST1}, RGB_LAST1),
    "keep_last_swapped": (
        (7, 7, 2), (3, 3, 2), "connect_filter", K,
        {"keep_last_dimension": True, "subsampling": [[i, j, 1 - k] for i, j in CENTRES for k in (0, 1)]},
        KEEP_SWAPPED,
    ),
    "bank_positions": ((7, 7), (3, 3, 3), "connect_filters", BANK, {"subsampling": CENTRES}, BANK_R),
    "bank_array": ((7, 7), (3, 3, 3), "connect_filters", BANK, {"subsampling": np.array(CENTRES)}, BANK_R),
    "bank_every_neuron": (
        (7, 7), (3, 3, 3), "connect_filters", BANK,
        {"subsampling": [c for c in CENTRES for _ in range(3)]}, BANK_R,
    ),
    "bank_rgb_last1": ((7, 7, 2), (3, 3, 3), "connect_filters", BANK3, {"subsampling": LAST1}, BANK_RGB_LAST1),
}  # fmt: skip


def _pre(net, shape):
    pop = net.create(shape, ann.Neuron(parameters="r = 0.0"))
    pop.r = (np.arange(int(np.prod(shape))).reshape(shape) % 7) * 0.5 + 0.25
    return pop


@pytest.fixture(scope="module")
def subsampled(tmp_path_factory):
    net = ann.Network(dt=1.0)
    projs = {}
    for name, (pre, post, method, weights, kwargs, _) in CASES.items():
        out = net.create(post, ann.Neuron(equations="r = sum(exc)"))
        projs[name] = getattr(net.connect(Convolution(_pre(net, pre), out, "exc")), method)(
            weights, **kwargs
        )
    net.compile(directory=str(tmp_path_factory.mktemp("sub")), silent=True)
    net.simulate(2.0)
    return projs


@pytest.mark.parametrize("name", list(CASES))
def test_subsampling_shape_gives_the_reference_rates(subsampled, name):
    np.testing.assert_allclose(np.ravel(subsampled[name].post.r), CASES[name][-1], atol=1e-12)


def test_centres_given_in_every_dimension_are_kept(subsampled):
    assert subsampled["rgb_last1"].center(0) == (0, 0, 1)
    assert subsampled["bank_positions"].center(4) == (0, 3)  # rank 4: position 1, filter 1


@pytest.mark.parametrize(
    ("pre", "post", "method", "weights", "subsampling", "match"),
    [
        ((7, 7), (3, 3), "connect_filter", K, CENTRES[:8], "each of the 9 post-synaptic"),
        ((7, 7), (3, 3, 3), "connect_filters", BANK, CENTRES3, "2 pre-synaptic coordinates"),
        ((7, 7), (3, 3), "connect_filter", K, np.array(CENTRES) + 0.5, "must be integers"),
        ((7, 7), (3, 3), "connect_filter", K, "centre", "list of lists or a numpy array"),
    ],
)
def test_wrong_subsampling_is_refused(pre, post, method, weights, subsampling, match):
    net = ann.Network()
    out = net.create(post, ann.Neuron(equations="r = sum(exc)"))
    proj = net.connect(Convolution(_pre(net, pre), out, "exc"))
    with pytest.raises(ConvolutionError, match=match):
        getattr(proj, method)(weights, subsampling=subsampling)
