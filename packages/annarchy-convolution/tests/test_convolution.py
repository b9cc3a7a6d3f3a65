"""Convolution against scipy's cross-correlation and numbers printed by the reference
(ANNarchy 5.0.4.1) for the same scripts."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.extensions.convolution import Convolution
from annarchy_convolution import ConvolutionError
from scipy.signal import correlate, correlate2d

IMG = (np.arange(30).reshape(5, 6) * 0.37 - 3.1) % 2.3 - 0.7
K = np.array([[1.0, 0.5, -1.0], [2.0, 0.0, -0.25], [0.75, -1.5, 1.0]])


def _input(net, geometry, name=None):
    return net.create(geometry=geometry, neuron=ann.Neuron(parameters="r = 0.0"), name=name)


def _output(net, geometry, name=None):
    return net.create(geometry=geometry, neuron=ann.Neuron(equations="r = sum(exc)"), name=name)


def _fields(img, kernel, fill):
    """(H, W, 9) products kernel * pre for a 3x3 kernel, ``fill`` outside."""
    padded = np.pad(img, 1, constant_values=fill)
    h, w = img.shape
    return np.stack(
        [(padded[i : i + 3, j : j + 3] * kernel).ravel() for i in range(h) for j in range(w)]
    ).reshape(h, w, 9)


@pytest.fixture(scope="module")
def operations(cache_dir):
    """One network: the image convolved with several operations and paddings."""
    net = ann.Network()
    inp = _input(net, (5, 6))
    cases = {
        "sum": ("sum", 0.0),
        "max": ("max", 0.0),
        "min": ("min", 0.0),
        "mean": ("mean", 0.0),
        "pad": ("sum", 1.5),
        "border": ("sum", "border"),
        "maxpad": ("max", -5.0),
        "meanborder": ("mean", "border"),
    }
    projs = {}
    for name, (operation, padding) in cases.items():
        proj = net.connect(Convolution(inp, _output(net, (5, 6), name), "exc", operation=operation))
        projs[name] = proj.connect_filter(K, padding=padding)
    net.compile(directory=cache_dir, silent=True)
    inp.r = IMG
    net.simulate(2)
    return net, projs


def test_sum_equals_scipy_correlate2d_and_the_reference(operations):
    net, projs = operations
    result = net.get_population("sum").r
    np.testing.assert_allclose(result, correlate2d(IMG, K, mode="same"), rtol=0, atol=1e-12)
    reference_row0 = [-0.28249999999999953, 1.5799999999999992, 0.595, 4.784999999999999]
    np.testing.assert_allclose(result[0, :4], reference_row0, rtol=1e-13)
    np.testing.assert_array_equal(projs["sum"].weights, K)
    # zero padding with a plain sum leaves the synapses outside the image out
    assert projs["sum"].nb_synapses == 3 * 4 * 9 + 2 * 4 * 6 + 2 * 3 * 6 + 4 * 4


def test_mean_divides_by_the_filter_size_as_the_reference(operations):
    net, _ = operations
    result = net.get_population("mean").r
    np.testing.assert_allclose(result, correlate2d(IMG, K, mode="same") / 9, atol=1e-13)
    reference = [-0.03138888888888883, 0.17555555555555546, 0.0661111111111111, 0.5316666666666666]
    np.testing.assert_allclose(result[0, :4], reference, rtol=1e-13)


def test_max_and_min_over_the_filter_including_zero_padding(operations):
    net, _ = operations
    np.testing.assert_array_equal(net.get_population("max").r, _fields(IMG, K, 0.0).max(axis=2))
    np.testing.assert_array_equal(net.get_population("min").r, _fields(IMG, K, 0.0).min(axis=2))
    # the reference printed these (it agrees where the extreme value is not the padding)
    np.testing.assert_allclose(net.get_population("max").r[4], [0.28, 0.96, 1.7, 2.44, 3.18, 0.055])
    np.testing.assert_allclose(net.get_population("min").r[1, :3], [-1.17, -1.54, -2.07])


def test_border_padding_repeats_the_border_as_the_reference(operations):
    net, projs = operations
    result = net.get_population("border").r
    expected = correlate2d(np.pad(IMG, 1, mode="edge"), K, mode="valid")
    np.testing.assert_allclose(result, expected, atol=1e-12)
    np.testing.assert_allclose(
        result[0], [1.8875, 1.425, 2.925, 6.15, -1.55, -0.5325], rtol=0, atol=1e-12
    )
    np.testing.assert_allclose(
        net.get_population("meanborder").r,
        correlate2d(np.pad(IMG, 1, mode="edge"), K, mode="valid") / 9,
        atol=1e-13,
    )
    assert projs["border"].nb_synapses == 30 * 9


def test_constant_padding_extends_the_image_with_the_value(operations):
    """The specification's padding (the reference 5.0.4.1 adds the value once per filter row
    that leaves the image, unweighted: 4.2175 instead of 4.5925 at (0, 0))."""
    net, _ = operations
    padded = np.pad(IMG, 1, constant_values=1.5)
    result = net.get_population("pad").r
    np.testing.assert_allclose(result, correlate2d(padded, K, mode="valid"), atol=1e-12)
    assert result[0, 0] == pytest.approx(4.5925, abs=1e-12)
    np.testing.assert_array_equal(net.get_population("maxpad").r, _fields(IMG, K, -5.0).max(axis=2))
    assert net.get_population("maxpad").r[4, 0] == 7.5  # -1.5 * -5.0


def test_all_negative_products_give_a_negative_max(cache_dir):
    """max over the filter as the specification says (the reference starts from 0)."""
    net = ann.Network()
    inp = _input(net, (4, 5))
    post = _output(net, (4, 5))
    img = -1.0 - ((np.arange(20).reshape(4, 5) * 0.37) % 1.3)
    kernel = np.abs(K) + 0.1
    net.connect(Convolution(inp, post, "exc", operation="max")).connect_filter(
        kernel, padding="border"
    )
    net.compile(directory=cache_dir, silent=True)
    inp.r = img
    net.simulate(1)
    padded = np.pad(img, 1, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, (3, 3))
    np.testing.assert_array_equal(post.r, (windows * kernel).max(axis=(2, 3)))
    assert post.r.max() < 0


SIX = ((np.arange(36).reshape(6, 6) * 0.37) % 1.3) + 0.2
K6 = np.array([[1.0, 0.5, 1.0], [2.0, 0.3, 0.25], [0.75, 1.5, 1.0]])
CENTRES = [[1, 1], [1, 4], [3, 0], [2, 5], [5, 5], [0, 2]]


def test_subsampling_delays_and_psp(cache_dir):
    net = ann.Network()
    inp = _input(net, (6, 6))
    sub = net.connect(Convolution(inp, _output(net, (3, 3), "sub"), "exc"))
    sub.connect_filter(K6)
    explicit = net.connect(Convolution(inp, _output(net, (3, 2), "subx"), "exc"))
    explicit.connect_filter(K6, subsampling=CENTRES)
    psp = net.connect(Convolution(inp, _output(net, (6, 6), "psp"), "exc", psp="w*log(1+pre.r)"))
    psp.connect_filter(K6)
    net.compile(directory=cache_dir, silent=True)
    inp.r = SIX
    net.simulate(1)
    full = correlate2d(SIX, K6, mode="same")
    reference_sub = [[3.3725, 4.637, 5.939], [3.8195, 9.169, 6.471], [4.0015, 6.111, 9.003]]
    np.testing.assert_allclose(net.get_population("sub").r, reference_sub, atol=1e-12)
    np.testing.assert_allclose(net.get_population("sub").r, full[::2, ::2], atol=1e-12)
    centres = np.array(CENTRES)
    expected = full[centres[:, 0], centres[:, 1]].reshape(3, 2)
    np.testing.assert_allclose(net.get_population("subx").r, expected, atol=1e-12)
    assert net.get_population("subx").r[0, 0] == pytest.approx(7.952, abs=1e-12)  # reference
    reference_psp = [2.2068722153807383, 3.042309746154094, 3.319030279442855]
    np.testing.assert_allclose(net.get_population("psp").r[0, :3], reference_psp, rtol=1e-13)
    assert sub.center(1, 2) == (2, 4) and sub.center(4) == (2, 2)
    assert explicit.center(2, 1) == (0, 2)


def test_delay_is_the_delay_of_a_regular_projection(cache_dir):
    net = ann.Network()
    inp = _input(net, (1, 3))
    conv = _output(net, (1, 3))
    regular = _output(net, (1, 3))
    proj = net.connect(Convolution(inp, conv, "exc")).connect_filter([[1.0]], delays=3.0)
    net.connect(inp, regular, "exc").one_to_one(1.0, delays=3.0)
    net.compile(directory=cache_dir, silent=True)
    assert proj.delay == 3.0
    net.simulate(2)
    inp.r = np.array([[1.0, 2.0, 3.0]])
    seen = []
    for _ in range(5):
        net.simulate(1)
        seen.append((float(conv.r[0, 2]), float(regular.r[0, 2])))
    # the new value is read 3 steps later: visible after the 4th step
    assert seen == [(0.0, 0.0)] * 3 + [(3.0, 3.0)] * 2


RGB = ((np.arange(48).reshape(4, 4, 3) * 0.37) % 1.3) + 0.2
GREY = ((np.arange(16).reshape(4, 4) * 0.61) % 1.1) - 0.3
K2 = np.array([[1.0, 0.5, -1.0], [2.0, 0.3, 0.25], [0.75, -1.5, 1.0]])
BANK = np.stack([K2, -K2, K2.T, np.ones((3, 3))])


def test_layer_wise_reduced_and_bank_convolutions(cache_dir):
    net = ann.Network()
    rgb, grey, line = _input(net, (4, 4, 3)), _input(net, (4, 4)), _input(net, (7,))
    net.connect(Convolution(rgb, _output(net, (4, 4, 3), "keep"), "exc")).connect_filter(
        K2, keep_last_dimension=True
    )
    k3 = np.arange(27).reshape(3, 3, 3) * 0.1 - 1.2
    net.connect(Convolution(rgb, _output(net, (4, 4), "rgb3"), "exc")).connect_filter(k3)
    red = net.connect(Convolution(rgb, _output(net, (4, 4), "red"), "exc"))
    red.connect_filter([[[2.0, -1.0, -1.0]]])
    bank = net.connect(Convolution(grey, _output(net, (4, 4, 4), "bank"), "exc"))
    bank.connect_filters(BANK)
    net.connect(Convolution(grey, _output(net, (2, 2, 4), "banksub"), "exc")).connect_filters(BANK)
    even = net.connect(Convolution(line, _output(net, (7,), "oned"), "exc"))
    even.connect_filter([0.5, -1.0, 2.0, 0.25])
    net.compile(directory=cache_dir, silent=True)
    rgb.r, grey.r, line.r = RGB, GREY, np.linspace(-1, 2, 7)
    net.simulate(1)
    get = lambda name: net.get_population(name).r  # noqa: E731
    per_channel = np.stack([correlate2d(RGB[..., c], K2, mode="same") for c in range(3)], -1)
    np.testing.assert_allclose(get("keep"), per_channel, atol=1e-12)
    np.testing.assert_allclose(get("keep")[0, 0], [-0.1725, -0.479, -0.4605], atol=1e-12)
    np.testing.assert_allclose(get("rgb3"), correlate(RGB, k3, mode="same")[..., 1], atol=1e-12)
    np.testing.assert_allclose(get("rgb3")[0], [8.231, 9.292, 8.711, 3.985], atol=1e-12)
    np.testing.assert_allclose(get("red"), 2 * RGB[..., 0] - RGB[..., 1] - RGB[..., 2], atol=1e-14)
    filtered = np.stack([correlate2d(GREY, f, mode="same") for f in BANK], -1)
    np.testing.assert_allclose(get("bank"), filtered, atol=1e-12)
    np.testing.assert_allclose(get("bank")[0, 0], [0.6275, -0.6275, -0.02, 0.5], atol=1e-12)
    np.testing.assert_allclose(get("banksub"), filtered[::2, ::2], atol=1e-12)
    assert bank.weights.shape == (4, 3, 3)
    # an even filter is centred on element (n - 1) // 2 (reference numbers)
    np.testing.assert_allclose(get("oned"), [0.0, 0.125, 1.0, 1.875, 2.75, 3.0, -1.25], atol=1e-14)


@pytest.mark.parametrize(
    ("pre", "post", "kernel", "kwargs", "match"),
    [
        ((6, 6), (4, 4), np.ones((3, 3)), {}, "not a multiple.*subsampling"),
        ((6, 6), (6, 6), np.ones((2, 3, 3)), {}, "connect_filters"),
        ((6, 6, 2), (6, 6, 2), np.ones((3, 3)), {}, "keep_last_dimension=True"),
        ((6, 6, 2), (6, 6, 3), np.ones((3, 3)), {"keep_last_dimension": True}, "same last"),
        ((6, 6), (6, 6), np.ones((3, 3)), {"padding": "wrap"}, "padding must be"),
        ((6, 6), (6, 6), np.ones((3, 3)), {"delays": [1.0, 2.0]}, "one number"),
        ((6, 6), (3, 3), np.ones((3, 3)), {"subsampling": [[0, 0]]}, "one list of 2"),
        ((6, 6), (6, 6), [[1.0, np.nan]], {}, "finite"),
        ((2, 2, 2, 2, 2), (2, 2, 2, 2, 2), np.ones((1,) * 5), {}, "at most 4"),
    ],
)
def test_bad_shapes_and_arguments_are_refused(pre, post, kernel, kwargs, match):
    net = ann.Network()
    inp, out = _input(net, pre), _output(net, post)
    with pytest.raises(ConvolutionError, match=match):
        net.connect(Convolution(inp, out, "exc")).connect_filter(kernel, **kwargs)


def test_bad_bank_operation_and_populations_are_refused():
    net = ann.Network()
    inp, out = _input(net, (4, 4)), _output(net, (4, 4, 3))
    with pytest.raises(ConvolutionError, match="number of filters"):
        net.connect(Convolution(inp, out, "exc")).connect_filters(BANK)
    with pytest.raises(ConvolutionError, match="cannot be combined"):
        Convolution(inp, out, "exc").connect_filters(BANK, keep_last_dimension=True)
    with pytest.raises(ConvolutionError, match="operation must be"):
        Convolution(inp, out, "exc", operation="prod")
    spiking = net.create(4, ann.Izhikevich)
    with pytest.raises(ConvolutionError, match="cannot reach the rate-coded population"):
        Convolution(spiking, out, "exc")
    with pytest.raises(ConvolutionError, match="whole population"):
        Convolution(inp[:2], out, "exc")
