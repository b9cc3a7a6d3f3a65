"""Reading ``.keras`` archives (Keras 3 layout) without Keras."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest
from annarchy_ann2snn.errors import KerasFileError
from annarchy_ann2snn.keras_file import read_keras, snake_case
from keras_files import dense, layer, mlp_weights, write_keras


def test_snake_case_of_keras_classes():
    names = ["Dense", "Conv2D", "MaxPooling2D", "AveragePooling2D", "InputLayer"]
    assert [snake_case(n) for n in names] == [
        "dense",
        "conv2d",
        "max_pooling2d",
        "average_pooling2d",
        "input_layer",
    ]


@pytest.mark.parametrize("functional", [True, False])
def test_layers_and_weights_are_read_exactly(tmp_path, functional):
    w1, w2 = mlp_weights()
    path = write_keras(
        tmp_path / "m.keras",
        (4,),
        [dense(6, w1), layer("Dropout", rate=0.5), dense(3, w2, activation="softmax")],
        functional=functional,
    )
    layers = read_keras(path)
    assert [(lay.index, lay.class_name, lay.name) for lay in layers] == [
        (0, "InputLayer", "input"),
        (1, "Dense", "dense"),
        (2, "Dropout", "dropout"),
        (3, "Dense", "dense_1"),
    ]
    assert layers[0].config["batch_shape"] == [None, 4]
    assert layers[3].config["activation"] == "softmax"
    assert np.array_equal(layers[1].weights[0], w1.astype(np.float64))
    assert np.array_equal(layers[3].weights[0], w2.astype(np.float64))
    assert layers[2].weights == [] and layers[0].weights == []


def test_missing_file(tmp_path):
    with pytest.raises(KerasFileError, match="does not exist"):
        read_keras(tmp_path / "nothing.keras")


def test_not_a_zip(tmp_path):
    path = tmp_path / "model.h5"
    path.write_bytes(b"\x89HDF\r\n")
    with pytest.raises(KerasFileError, match="not a '.keras' archive"):
        read_keras(path)


def test_archive_without_weights(tmp_path):
    path = tmp_path / "m.keras"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("config.json", "{}")
    with pytest.raises(KerasFileError, match="has no model.weights.h5"):
        read_keras(path)


def test_not_a_model(tmp_path):
    path = write_keras(tmp_path / "m.keras", (2,), [dense(2, np.eye(2))])
    with zipfile.ZipFile(path) as archive:
        weights = archive.read("model.weights.h5")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("config.json", json.dumps({"class_name": "Adam", "config": {}}))
        archive.writestr("model.weights.h5", weights)
    with pytest.raises(KerasFileError, match="holds a 'Adam', not a Functional"):
        read_keras(path)
