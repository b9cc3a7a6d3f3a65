"""ANN-to-SNN conversion: a small trained multilayer perceptron, saved as a Keras 3 ``.keras``
file, becomes a network of integrate-and-fire neurons with ``ANNtoSNNConverter``
(``ANNarchy.extensions.ann_to_snn_conversion``).

The script writes the ``.keras`` file itself (the Keras 3 layout: a zip of ``config.json``,
``metadata.json`` and ``model.weights.h5``, written with h5py, no TensorFlow needed): a 2-16-2
perceptron with ReLU whose weights were chosen by hand to tell whether a point of the unit
square lies above or below the diagonal. The converter builds the spiking network (Poisson input
coding) and ``predict`` classifies 20 points by the most active output neuron. Prints the
fraction of points where the spiking network agrees with the ANN (0.90 for the default 100 ms
per sample: points near the diagonal need longer; random input spikes; the reference needs
TensorFlow to read the file) and saves the points coloured by the spiking prediction to
``ann2snn.png``.

    python examples/ann2snn.py [--duration 100] [--out .]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import tempfile
import zipfile

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from ANNarchy.extensions.ann_to_snn_conversion import ANNtoSNNConverter  # noqa: E402

#: hidden units compare x and y: 8 respond to x - y, 8 to y - x
W1 = np.array([[1.0] * 8 + [-1.0] * 8, [-1.0] * 8 + [1.0] * 8], dtype=np.float32)
W2 = np.array([[1.0, 0.0]] * 8 + [[0.0, 1.0]] * 8, dtype=np.float32) / 2.0


def dense(name: str, units: int, activation: str, shape: list) -> dict:
    """The config.json entry of a Dense layer without bias."""
    return {
        "module": "keras.layers",
        "class_name": "Dense",
        "config": {"name": name, "units": units, "activation": activation, "use_bias": False},
        "registered_name": None,
        "build_config": {"input_shape": shape},
    }


def write_keras(path: str) -> None:
    """The 2-16-2 perceptron as a Keras 3 Sequential model."""
    layers = [
        {
            "module": "keras.layers",
            "class_name": "InputLayer",
            "config": {"batch_shape": [None, 2], "dtype": "float32", "name": "input"},
            "registered_name": None,
        },
        dense("dense", 16, "relu", [None, 2]),
        dense("dense_1", 2, "softmax", [None, 16]),
    ]
    config = {
        "module": "keras",
        "class_name": "Sequential",
        "config": {"name": "sequential", "layers": layers},
        "registered_name": None,
    }
    weights = io.BytesIO()
    with h5py.File(weights, "w") as f:
        f.create_group("vars")
        f.create_dataset("layers/dense/vars/0", data=W1)
        f.create_dataset("layers/dense_1/vars/0", data=W2)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("metadata.json", json.dumps({"keras_version": "3.8.0"}))
        archive.writestr("config.json", json.dumps(config))
        archive.writestr("model.weights.h5", weights.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=100.0, help="ms per sample")
    parser.add_argument("--out", default=".", help="folder of the figure")
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    points = rng.random((20, 2))
    ann_labels = np.argmax(np.maximum(points @ W1, 0.0) @ W2, axis=1)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "mlp.keras")
        write_keras(path)
        converter = ANNtoSNNConverter(input_encoding="poisson", read_out="spike_count")
        converter.load_keras_model(path, directory=os.path.join(folder, "build"), show_info=False)
        predicted = np.asarray(converter.predict(points, duration_per_sample=args.duration))
    print(f"agreement with the ANN: {np.mean(predicted.reshape(-1) == ann_labels):.2f}")
    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    ax.scatter(points[:, 0], points[:, 1], c=predicted.reshape(-1), cmap="coolwarm")
    ax.plot([0, 1], [0, 1], "k--", linewidth=0.8)
    ax.set(xlabel="x", ylabel="y", title="Spiking network's classes", aspect="equal")
    fig.savefig(os.path.join(args.out, "ann2snn.png"), dpi=100)


if __name__ == "__main__":
    main()
