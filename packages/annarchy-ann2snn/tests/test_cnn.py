"""Conv2D / MaxPooling2D / AveragePooling2D through ``ANNarchy.extensions.convolution``: network
structure, classification equal to a numpy forward pass of the CNN, refused layers."""

from __future__ import annotations

import functools

import ANNarchy as ann
import numpy as np
import pytest
from annarchy_ann2snn import ConversionError
from keras_files import cnn_forward, conv2d, dense, has_convolution, layer, write_keras

pytestmark = pytest.mark.skipif(
    not has_convolution(), reason="needs the convolution extension (annarchy-convolution)"
)

VERTICAL = np.array([[-0.5, 1.0, -0.5]] * 3)
DIAGONAL = np.eye(3) * 1.5 - 0.5
#: three 3x3 edge filters (vertical, horizontal, diagonal): (height, width, 1, filters)
EDGES = np.stack([VERTICAL, VERTICAL.T, DIAGONAL], axis=-1)[:, :, None, :]
#: a 1x1 convolution mixing the 3 channels (each excites itself, inhibits the others)
MIX = (np.eye(3) * 1.2 - 0.2)[None, None]
#: the class of each channel, summed over the 3x3 pooled positions
SEED = 1234
READ = np.kron(np.ones((9, 1)), np.eye(3)) * 0.6


def stored(array) -> np.ndarray:
    """The values as the .keras file stores them (float32)."""
    return np.asarray(array, dtype=np.float32).astype(np.float64)


def toy_images() -> np.ndarray:
    """Six 6x6 images: vertical, horizontal and diagonal lines, clean then with clutter."""
    images = np.zeros((6, 6, 6, 1))
    images[0, :, 2] = 1.0
    images[1, 3, :] = 1.0
    images[2, ..., 0] = np.eye(6)
    images[3, :, 4], images[3, 1, :3] = 0.8, 0.5
    images[4, 1, :], images[4, :, 0] = 0.9, 0.3
    images[5, ..., 0] = 0.7 * np.eye(6)
    images[5, 5, :] = 0.3
    return images


def cnn_layers(pooling: str) -> list:
    return [
        conv2d(EDGES),
        layer(pooling, pool_size=[2, 2]),
        conv2d(MIX),
        layer("Flatten"),
        dense(3, READ, activation="softmax"),
    ]


@pytest.fixture(scope="module", params=["MaxPooling2D", "AveragePooling2D"])
def cnn(request, tmp_path_factory, cache_dir):
    from ANNarchy.extensions.ann_to_snn_conversion import ANNtoSNNConverter

    layers = cnn_layers(request.param)
    path = write_keras(tmp_path_factory.mktemp("cnn") / "cnn.keras", (6, 6, 1), layers)
    converter = ANNtoSNNConverter()
    # the Poisson input is random: a seeded network makes the classification reproducible
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ann, "Network", functools.partial(ann.Network, seed=SEED))
        converter.load_keras_model(path, directory=cache_dir, show_info=False)
    return request.param, layers, converter


def test_structure_of_the_converted_cnn(cnn):
    from ANNarchy.extensions.convolution import Convolution, Pooling

    pooling, _, converter = cnn
    net = converter.get_annarchy_network()
    pool_name = "max_pooling2d" if pooling == "MaxPooling2D" else "average_pooling2d"
    pops = net.get_populations()
    assert [(p.name, p.geometry) for p in pops] == [
        ("input", (6, 6, 1)),
        ("conv2d", (6, 6, 3)),
        (pool_name, (3, 3, 3)),
        ("conv2d_1", (3, 3, 3)),
        ("dense", (3,)),
    ]
    # thresholds 1 - 0.05 * (index in the model) for hidden layers, 1 at the output
    assert [float(p.vt) for p in pops[1:]] == [0.95, 0.9, 0.85, 1.0]
    edges, pool, mix, read = net.get_projections()
    assert isinstance(edges, Convolution) and isinstance(mix, Convolution)
    assert isinstance(pool, Pooling) and not isinstance(read, (Convolution, Pooling))
    # the Keras kernel (h, w, in, filters) is a bank of filters (filters, h, w, in) on pre.mask
    np.testing.assert_array_equal(edges.weights, np.transpose(stored(EDGES), (3, 0, 1, 2)))
    np.testing.assert_array_equal(mix.weights, np.transpose(stored(MIX), (3, 0, 1, 2)))
    assert edges.synapse_type.psp == "w * pre.mask" and edges.target == "exc"
    assert pool.extent == (2, 2, 1)
    assert pool.operation == ("max" if pooling == "MaxPooling2D" else "mean")
    # zero padding: 16 x 16 in-bound filter positions per filter; 1x1 filters read 3 channels
    assert (edges.nb_synapses, pool.nb_synapses, mix.nb_synapses) == (3 * 256, 27 * 4, 27 * 3)
    np.testing.assert_array_equal(np.array(read.connectivity_matrix()), stored(READ).T)


def test_classifies_toy_images_like_the_cnn(cnn):
    pooling, layers, converter = cnn
    images = toy_images()
    expected = np.argmax(cnn_forward(images, layers), axis=1)
    assert expected.tolist() == [0, 1, 2, 0, 1, 2]
    if pooling == "MaxPooling2D":  # the numpy pass itself, by hand at one position
        assert cnn_forward(images[:1], layers)[0] == pytest.approx([5.16, 0.54, 0.24])
    predicted = converter.predict(images, duration_per_sample=200, multiple=True)
    assert predicted == [[int(c)] for c in expected]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ([conv2d(EDGES, padding="valid")], "only padding='same'"),
        ([conv2d(EDGES, strides=[2, 2])], r"only strides=1 can be converted, got \[2, 2\]"),
        ([conv2d(MIX)], r"kernel \(1, 1, 3, 3\) does not fit an input of shape \(6, 6, 1\)"),
        ([conv2d(EDGES), layer("MaxPooling2D", pool_size=[2, 2], strides=[1, 1])], "differ"),
        ([conv2d(EDGES), layer("AveragePooling2D", pool_size=4)], r"\(4, 4\) does not tile"),
    ],
)
def test_cnn_layers_that_cannot_be_converted(tmp_path, bad, message):
    from ANNarchy.extensions.ann_to_snn_conversion import ANNtoSNNConverter

    layers = [*bad, layer("Flatten"), dense(3, np.ones((27, 3)))]
    path = write_keras(tmp_path / "bad.keras", (6, 6, 1), layers)
    with pytest.raises(ConversionError, match=message):
        ANNtoSNNConverter().load_keras_model(path, show_info=False)
