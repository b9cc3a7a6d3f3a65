"""ANNtoSNNConverter: network structure, agreement with the ANN, reference numbers, errors."""

from __future__ import annotations

import sys

import annarchy_ann2snn
import numpy as np
import pytest
from annarchy_ann2snn import ConversionError
from keras_files import ann_forward, dense, layer, mlp_weights, write_keras

# a Dense-ReLU-Dense-softmax MLP whose class is the strongest of three inputs
W1 = np.array([[0.9, 0.1, 0.0], [0.1, 0.9, 0.1], [0.0, 0.1, 0.9]])
W2 = np.array([[1.0, -0.4, -0.4], [-0.4, 1.0, -0.4], [-0.4, -0.4, 1.0]])
SAMPLES = np.array([[1.0, 0.1, 0.0], [0.0, 1.0, 0.2], [0.1, 0.0, 1.0], [0.8, 0.2, 0.0]])


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    path = tmp_path_factory.mktemp("keras") / "toy.keras"
    layers = [dense(3, W1), layer("Dropout", rate=0.2), dense(3, W2, activation="softmax")]
    return write_keras(path, (3,), layers)


def convert(path, cache_dir, **kwargs):
    converter = ann2snn(**kwargs)
    converter.load_keras_model(path, directory=cache_dir, show_info=False)
    return converter


def ann2snn(**kwargs):
    from ANNarchy.extensions.ann_to_snn_conversion import ANNtoSNNConverter

    return ANNtoSNNConverter(**kwargs)


def test_extension_is_this_package():
    from ANNarchy.extensions.ann_to_snn_conversion import ANNtoSNNConverter

    assert ANNtoSNNConverter is annarchy_ann2snn.ANNtoSNNConverter


def test_structure_and_weights(tmp_path, cache_dir):
    w1, w2 = mlp_weights()
    rng = np.random.default_rng(3)
    w3 = rng.uniform(-1.0, 1.0, (3, 2)).astype(np.float32)
    layers = [dense(6, w1), layer("Activation", activation="relu"), dense(3, w2)]
    path = write_keras(tmp_path / "m.keras", (2, 2), [layer("Flatten"), *layers, dense(2, w3)])
    converter = convert(path, cache_dir)
    net = converter.get_annarchy_network()
    pops = net.get_populations()
    assert [(p.name, p.geometry) for p in pops] == [
        ("input", (2, 2)),
        ("dense", (6,)),
        ("dense_1", (3,)),
        ("dense_2", (2,)),
    ]
    # thresholds 1 - 0.05 * (index in the model, Input = 0) for hidden layers, 1 at the output
    assert [float(p.vt) for p in pops[1:]] == [0.9, 0.8, 1.0]
    projs = net.get_projections()
    for proj, kernel in zip(projs, (w1, w2, w3), strict=True):
        assert proj.target == "exc"
        assert np.array_equal(np.array(proj.connectivity_matrix()), kernel.T.astype(np.float64))
    assert converter.scale_factors == [1.0, 2.0, 3.0]


def test_intrinsically_bursting_input_matches_the_reference(tmp_path, cache_dir):
    w1, w2 = mlp_weights()
    layers = [dense(6, w1), layer("Dropout", rate=0.5), dense(3, w2, activation="softmax")]
    converter = convert(
        write_keras(tmp_path / "m.keras", (4,), layers), cache_dir, input_encoding="IB"
    )
    pops = converter.get_annarchy_network().get_populations()
    # values printed by the reference 5.0.4.1 after predicting [1, 0, 0, 0] for 5 steps
    assert converter.predict([[1.0, 0.0, 0.0, 0.0]], duration_per_sample=5, multiple=True) == [
        [0, 2]
    ]
    assert np.allclose(pops[0].v, [28.31836832, -66.41978819, -66.41978819, -66.41978819])
    assert np.allclose(pops[0].mask, [0.17621906, 0.0, 0.0, 0.0])
    assert np.allclose(pops[1].v, [0.41418594, 0.0, -0.10803386, 0.0, 0.69679099, 0.0])
    assert np.allclose(pops[1].mask, [0.0475, 0.095125, 0.0, 0.095125, 0.0, 0.05])
    assert np.allclose(pops[2].v, [0.0, -0.00310948, 0.08245371])
    # after 2 steps: the first input spiked once, its weights reached the hidden layer
    converter.predict([[1.0, 0.0, 0.0, 0.0]], duration_per_sample=2)
    assert np.allclose(pops[1].v, w1[0])
    assert np.allclose(pops[0].v, [-55.0, -57.6, -57.6, -57.6])


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"read_out": "membrane_potential"},
        {"read_out": "time_to_k_spikes", "k": 3},
    ],
)
def test_classifies_like_the_ann(toy, cache_dir, kwargs):
    expected = np.argmax(ann_forward(SAMPLES, [W1, W2]), axis=1).tolist()
    assert expected == [0, 1, 2, 0]
    converter = convert(toy, cache_dir, **kwargs)
    assert converter.predict(SAMPLES, duration_per_sample=300) == expected


def test_phase_shift_oscillation_thresholds(toy, cache_dir):
    converter = convert(toy, cache_dir, input_encoding="PSO")
    inputs = converter.get_annarchy_network().get_populations()[0]
    # step 0: threshold 2^-1, only 0.6 spikes; step 1: threshold 2^-2, 0.3 spikes too
    converter.predict([[0.6, 0.3, 0.1]], duration_per_sample=1)
    assert np.allclose(inputs.mask, [0.05, 0.0, 0.0])
    converter.predict([[0.6, 0.3, 0.1]], duration_per_sample=2)
    assert np.allclose(inputs.mask, [0.05 * 0.95 + 0.05, 0.05, 0.0])


def test_time_to_first_spike_stops_early(toy, cache_dir):
    converter = convert(toy, cache_dir, read_out="time_to_first_spike")
    assert converter.predict([[0.0, 1.0, 0.0]], duration_per_sample=300) == [1]
    net = converter.get_annarchy_network()
    assert net.current_step < 300
    assert converter.get_annarchy_network().get_populations()[-1].nspk.tolist() == [0.0, 1.0, 0.0]


def test_ties_with_multiple(toy, cache_dir):
    converter = convert(toy, cache_dir)
    # no input, no spike: every output neuron has the maximal count (0)
    assert converter.predict(np.zeros((1, 3)), duration_per_sample=10, multiple=True) == [[0, 1, 2]]
    assert converter.predict(np.zeros((1, 3)), duration_per_sample=10)[0] in (0, 1, 2)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"read_out": "spikes"}, "unknown read_out 'spikes'"),
        ({"input_encoding": "rate"}, "input_encoding must be one of 'CPN'"),
        ({"hidden_neuron": "LIF"}, "hidden_neuron must be one of 'IaF'"),
        ({"read_out": "time_to_k_spikes"}, "needs k=<int >= 1>"),
        ({"tau": 3}, r"unknown arguments \['tau'\]"),
    ],
)
def test_bad_constructor_arguments(kwargs, message):
    with pytest.raises(ConversionError, match=message):
        ann2snn(**kwargs)


def test_bad_predict_arguments(toy, cache_dir):
    with pytest.raises(ConversionError, match="call load_keras_model"):
        ann2snn().predict(SAMPLES)
    converter = convert(toy, cache_dir)
    with pytest.raises(ConversionError, match=r"shape \(num_samples, 3\).*got \(4,\)"):
        converter.predict(np.ones(4))
    with pytest.raises(ConversionError, match="scale_factor lists 1 values for 2 weighted"):
        converter.load_keras_model(toy, directory=cache_dir, scale_factor=[1.0], show_info=False)


@pytest.mark.parametrize(
    "layers, message",
    [
        ([layer("LSTM", units=3)], "type LSTM cannot be converted; supported layers"),
        ([dense(3, W1, use_bias=True, bias=[0.0, 0.1, 0.0])], "'dense' has a bias"),
        ([dense(3, np.ones((2, 3)))], r"kernel of shape \(2, 3\) does not fit the 3 neurons"),
        ([layer("Dropout", rate=0.1)], "has no Dense or Conv2D layer"),
    ],
)
def test_models_that_cannot_be_converted(tmp_path, layers, message):
    path = write_keras(tmp_path / "m.keras", (3,), layers)
    with pytest.raises(ConversionError, match=message):
        ann2snn().load_keras_model(path, show_info=False)


def test_first_layer_must_be_an_input(tmp_path):
    import json
    import zipfile

    path = write_keras(tmp_path / "m.keras", (3,), [dense(3, W1)], functional=False)
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    config = json.loads(files["config.json"])
    config["config"]["layers"].pop(0)
    files["config.json"] = json.dumps(config)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    with pytest.raises(ConversionError, match="first layer of the model must be an Input"):
        ann2snn().load_keras_model(path, show_info=False)


def test_conv_layers_need_the_convolution_extension(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ANNarchy.extensions.convolution", None)  # as if missing
    kernel = np.ones((3, 3, 1, 2))
    conv = layer("Conv2D", [kernel], filters=2, kernel_size=[3, 3], padding="same")
    path = write_keras(
        tmp_path / "c.keras", (4, 4, 1), [conv, layer("Flatten"), dense(2, np.ones((32, 2)))]
    )
    with pytest.raises(ConversionError, match="pip install annarchy-convolution"):
        ann2snn().load_keras_model(path, show_info=False)


def test_the_missing_extension_message(monkeypatch):
    """What the converter says when the import fails (checked even where it is installed)."""
    from annarchy_ann2snn import layers

    monkeypatch.setitem(sys.modules, "ANNarchy.extensions.convolution", None)
    with pytest.raises(ConversionError, match=r"needs the convolution extension: pip install "):
        layers.convolution_module()
