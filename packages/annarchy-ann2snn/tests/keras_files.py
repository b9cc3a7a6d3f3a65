"""Writes small ``.keras`` files (the Keras 3 layout) without Keras: a zip holding
``config.json``, ``metadata.json`` and ``model.weights.h5``.

``model.weights.h5`` holds one group per layer of ``model.layers`` under ``layers/``, named after
the layer's class in snake case with a counter for repeated classes (``dense``, ``dense_1``, ...),
each with a ``vars`` group whose datasets ``0``, ``1``, ... are the layer's variables (kernel,
then bias). ``config.json`` is the serialised model (``Functional`` or ``Sequential``).
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import h5py
import numpy as np


def snake(name: str) -> str:
    """Keras' snake case of a class name (``MaxPooling2D`` -> ``max_pooling2d``)."""
    name = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def dense(units, kernel, activation="relu", use_bias=False, bias=None):
    """A ``Dense`` layer description: (class, config, variables)."""
    config = {"units": units, "activation": activation, "use_bias": use_bias}
    weights = [np.asarray(kernel, dtype=np.float32)]
    if use_bias:
        weights.append(np.zeros(units, np.float32) if bias is None else np.asarray(bias))
    return ("Dense", config, weights)


def layer(class_name, weights=(), **config):
    """Any other layer: ``layer("Dropout", rate=0.5)``, ``layer("Conv2D", [k], filters=4)``."""
    return (class_name, config, [np.asarray(w, dtype=np.float32) for w in weights])


def _entries(input_shape, layers, functional):
    entries = [
        {
            "module": "keras.layers",
            "class_name": "InputLayer",
            "config": {"batch_shape": [None, *input_shape], "dtype": "float32", "name": "input"},
            "registered_name": None,
            "name": "input",
            "inbound_nodes": [],
        }
    ]
    shape = [None, *input_shape]
    for (class_name, config, _), name in zip(layers, _names(layers), strict=True):
        previous = entries[-1]["name"]
        entry = {
            "module": "keras.layers",
            "class_name": class_name,
            "config": {"name": name, "trainable": True, **config},
            "registered_name": None,
            "name": name,
        }
        if functional:
            history = {"shape": shape, "dtype": "float32", "keras_history": [previous, 0, 0]}
            node = {"class_name": "__keras_tensor__", "config": history}
            entry["inbound_nodes"] = [{"args": [node], "kwargs": {}}]
        entries.append(entry)
        shape = [None, *_out_shape(class_name, config, shape[1:])]
    return entries


def _out_shape(class_name, config, shape):
    """The output shape (without batch) of the layers the tests write."""
    if class_name == "Dense":
        return [*shape[:-1], config["units"]]
    if class_name == "Flatten":
        return [int(np.prod(shape))]
    if class_name == "Conv2D":
        if config.get("padding", "valid") == "same":
            return [shape[0], shape[1], config["filters"]]
        k = config["kernel_size"]
        return [shape[0] - k[0] + 1, shape[1] - k[1] + 1, config["filters"]]
    if class_name in ("MaxPooling2D", "AveragePooling2D"):
        p = config.get("pool_size", [2, 2])
        p = [p, p] if isinstance(p, int) else p
        return [shape[0] // p[0], shape[1] // p[1], shape[2]]
    return shape


def model_config(input_shape, layers, functional=True):
    """The ``config.json`` of a chain of layers after an ``Input(shape=input_shape)``."""
    entries = _entries(input_shape, layers, functional)
    config = {"name": "model", "trainable": True, "layers": entries}
    if functional:
        config["input_layers"] = [["input", 0, 0]]
        config["output_layers"] = [[entries[-1]["name"], 0, 0]]
    return {
        "module": "keras.src.models.functional" if functional else "keras",
        "class_name": "Functional" if functional else "Sequential",
        "config": config,
        "registered_name": "Functional" if functional else None,
    }


def weights_file(layers, functional=True) -> bytes:
    """The ``model.weights.h5`` of the layers (an ``input_layer`` group first if functional)."""
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as f:
        f.create_group("vars")
        group = f.create_group("layers")
        if functional:
            group.create_group("input_layer/vars")
        for (_, _, weights), name in zip(layers, _names(layers), strict=True):
            variables = group.create_group(f"{name}/vars")
            for k, w in enumerate(weights):
                variables.create_dataset(str(k), data=w)
    return buffer.getvalue()


def _names(layers):
    counts: dict[str, int] = {}
    names = []
    for class_name, _, _ in layers:
        base = snake(class_name)
        counts[base] = counts.get(base, -1) + 1
        names.append(base if counts[base] == 0 else f"{base}_{counts[base]}")
    return names


def write_keras(path, input_shape, layers, functional=True) -> str:
    """Writes the ``.keras`` zip of a chain of layers; returns ``str(path)``."""
    metadata = {"keras_version": "3.8.0", "date_saved": "2025-01-01@00:00:00"}
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("metadata.json", json.dumps(metadata))
        archive.writestr("config.json", json.dumps(model_config(input_shape, layers, functional)))
        archive.writestr("model.weights.h5", weights_file(layers, functional))
    return str(path)


def mlp_weights(n_in=4, n_hidden=6, n_out=3, seed=1):
    """Known weights of a Dense-ReLU-Dense-softmax MLP that separates ``n_out`` toy classes."""
    rng = np.random.default_rng(seed)
    w1 = rng.uniform(-0.2, 1.0, (n_in, n_hidden)).astype(np.float32)
    w2 = rng.uniform(-1.0, 1.0, (n_hidden, n_out)).astype(np.float32)
    return w1, w2


def ann_forward(x, weights):
    """The ANN with numpy: ReLU after every layer but the last (softmax keeps the argmax)."""
    h = np.asarray(x, dtype=np.float64)
    for k, w in enumerate(weights):
        h = h @ w
        if k < len(weights) - 1:
            h = np.maximum(h, 0.0)
    return h


def conv2d(kernel, padding="same", **config):
    """A ``Conv2D`` layer without bias: kernel (height, width, channels in, filters)."""
    kernel = np.asarray(kernel, dtype=np.float32)
    config = {
        "filters": kernel.shape[3],
        "kernel_size": list(kernel.shape[:2]),
        "padding": padding,
        "activation": "relu",
        "use_bias": False,
        **config,
    }
    return ("Conv2D", config, [kernel])


def cnn_forward(images, layers):
    """The CNN with numpy on (n, height, width, channels) images: 'same' convolutions (Keras
    pads ``(k - 1) // 2`` before), ReLU after every layer but the last, pooling by blocks."""
    h = np.asarray(images, dtype=np.float64)
    weighted = [k for k, (name, _, _) in enumerate(layers) if name in ("Conv2D", "Dense")]
    for k, (class_name, config, weights) in enumerate(layers):
        if class_name == "Conv2D":
            kernel = np.asarray(weights[0], dtype=np.float64)
            (kh, kw), (n, rows, cols, _) = kernel.shape[:2], h.shape
            padded = np.pad(h, ((0, 0), ((kh - 1) // 2, kh // 2), ((kw - 1) // 2, kw // 2), (0, 0)))
            out = np.zeros((n, rows, cols, kernel.shape[3]))
            for i, j in np.ndindex(rows, cols):
                window = padded[:, i : i + kh, j : j + kw, :]
                out[:, i, j, :] = np.einsum("nabc,abcf->nf", window, kernel)
            h = out
        elif class_name in ("MaxPooling2D", "AveragePooling2D"):
            (ph, pw), (n, rows, cols, c) = config["pool_size"], h.shape
            blocks = h.reshape(n, rows // ph, ph, cols // pw, pw, c)
            reduce = np.max if class_name == "MaxPooling2D" else np.mean
            h = reduce(blocks, axis=(2, 4))
        elif class_name == "Flatten":
            h = h.reshape(len(h), -1)
        elif class_name == "Dense":
            h = h @ np.asarray(weights[0], dtype=np.float64)
        if class_name in ("Conv2D", "Dense") and k != weighted[-1]:
            h = np.maximum(h, 0.0)
    return h


def has_convolution() -> bool:
    """Whether a plugin provides ``ANNarchy.extensions.convolution`` (never imported by name)."""
    from ANNarchy.plugins import registry

    return "convolution" in registry("extensions")
