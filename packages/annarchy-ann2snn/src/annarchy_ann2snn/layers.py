"""From Keras layers to populations and projections of an ANNarchy network.

Dense layers become populations connected with ``from_matrix`` (spikes add ``w`` to
``g_exc``); Conv2D and MaxPooling2D/AveragePooling2D go through
``ANNarchy.extensions.convolution`` (distribution ``annarchy-convolution``), which this package
never imports by its own name. Layers without neurons (Dropout, Activation, Flatten...) are
skipped.
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
from ANNarchy.errors import ANNarchyException

from .errors import ConversionError
from .keras_file import KerasLayer

#: layers without neurons: nothing to build (Flatten only changes the geometry)
SKIPPED = {
    "Dropout",
    "Activation",
    "ReLU",
    "Softmax",
    "Flatten",
    "BatchNormalization",
    "GaussianNoise",
    "GaussianDropout",
    "SpatialDropout2D",
}
WEIGHTED = {"Dense", "Conv2D"}
POOLING = {"MaxPooling2D": "max", "AveragePooling2D": "mean"}
SUPPORTED = sorted({"InputLayer", *SKIPPED, *WEIGHTED, *POOLING})


def input_shape(layer: KerasLayer) -> tuple[int, ...]:
    """The shape (without the batch dimension) of the model's ``Input``."""
    if layer.class_name != "InputLayer":
        raise ConversionError(
            f"The first layer of the model must be an Input (keras.Input(shape=...)), "
            f"not a {layer.class_name} ('{layer.name}')."
        )
    shape = layer.config.get("batch_shape", layer.config.get("batch_input_shape"))
    if not shape or any(s is None for s in shape[1:]):
        raise ConversionError(f"The Input layer '{layer.name}' has no fixed shape ({shape}).")
    return tuple(int(s) for s in shape[1:])


def check_layer(layer: KerasLayer) -> None:
    """Refuses layer types the converter does not know and layers with a bias."""
    if layer.class_name not in SUPPORTED:
        raise ConversionError(
            f"Layer '{layer.name}' of type {layer.class_name} cannot be converted; supported "
            f"layers: {', '.join(SUPPORTED)}."
        )
    if layer.class_name in WEIGHTED:
        if not layer.weights:
            raise ConversionError(f"Layer '{layer.name}' has no weights in model.weights.h5.")
        bias = layer.weights[1] if len(layer.weights) > 1 else None
        if bias is not None and np.any(bias != 0.0):
            raise ConversionError(
                f"Layer '{layer.name}' has a bias; the converted network has none: train it "
                "with use_bias=False."
            )


def dense_matrix(layer: KerasLayer, pre_size: int) -> np.ndarray:
    """The (post, pre) weight matrix of a Dense layer fed by ``pre_size`` neurons."""
    kernel = layer.weights[0]
    if kernel.ndim != 2 or kernel.shape[0] != pre_size:
        raise ConversionError(
            f"Dense layer '{layer.name}': kernel of shape {kernel.shape} does not fit the "
            f"{pre_size} neurons of the previous layer."
        )
    return np.ascontiguousarray(kernel.T)


def convolution_module():
    """``ANNarchy.extensions.convolution``, or an error naming its distribution."""
    from ANNarchy.errors import PluginError

    try:
        import ANNarchy.extensions.convolution as convolution
    except (PluginError, ImportError):
        raise ConversionError(
            "Converting Conv2D/MaxPooling2D/AveragePooling2D layers needs the convolution "
            "extension: pip install annarchy-convolution (or annarchy-ann2snn[convolution])."
        ) from None
    return convolution


def _pair(value, default) -> tuple[int, ...]:
    """A Keras size given as one int or a pair (None: ``default``)."""
    value = default if value is None else value
    return (int(value), int(value)) if isinstance(value, int) else tuple(int(v) for v in value)


def conv_geometry(layer: KerasLayer, shape: tuple[int, ...]) -> tuple[int, ...]:
    """Output geometry of a Conv2D layer ('same' padding, strides 1) on a (h, w, c) input."""
    kernel = layer.weights[0]
    if len(shape) != 3 or kernel.ndim != 4 or kernel.shape[2] != shape[2]:
        raise ConversionError(
            f"Conv2D layer '{layer.name}': kernel {kernel.shape} does not fit an input of "
            f"shape {shape} (expected (height, width, channels))."
        )
    if layer.config.get("padding", "valid") != "same":
        raise ConversionError(f"Conv2D layer '{layer.name}': only padding='same' can be converted.")
    for option in ("strides", "dilation_rate"):
        if _pair(layer.config.get(option), 1) != (1, 1):
            raise ConversionError(
                f"Conv2D layer '{layer.name}': only {option}=1 can be converted, got "
                f"{layer.config[option]}."
            )
    return (shape[0], shape[1], int(kernel.shape[3]))


def pool_geometry(layer: KerasLayer, shape: tuple[int, ...]) -> tuple[int, ...]:
    """Output geometry of a pooling layer (blocks of pool_size tile the input)."""
    size = _pair(layer.config.get("pool_size"), 2)
    strides = _pair(layer.config.get("strides"), size)
    if strides != size:
        raise ConversionError(
            f"{layer.class_name} layer '{layer.name}': strides {strides} differ from the pool "
            f"size {size}; only non-overlapping blocks can be converted."
        )
    if len(shape) != 3 or shape[0] % size[0] or shape[1] % size[1]:
        raise ConversionError(
            f"{layer.class_name} layer '{layer.name}': pool size {size} does not tile an "
            f"input of shape {shape}."
        )
    return (shape[0] // size[0], shape[1] // size[1], shape[2])


def connect_conv(net, pre, post, layer: KerasLayer):
    """A Conv2D layer: a bank of filters (filters, kh, kw, channels) on ``pre.mask``."""
    convolution = convolution_module()
    filters = np.transpose(layer.weights[0], (3, 0, 1, 2))
    with _refused(layer):
        proj = net.connect(convolution.Convolution(pre, post, "exc", psp="w * pre.mask"))
        proj.connect_filters(weights=filters)
    return proj


def connect_pool(net, pre, post, layer: KerasLayer):
    """A MaxPooling2D/AveragePooling2D layer on ``pre.mask``."""
    convolution = convolution_module()
    operation = POOLING[layer.class_name]
    size = pre.geometry[0] // post.geometry[0], pre.geometry[1] // post.geometry[1], 1
    with _refused(layer):
        proj = net.connect(
            convolution.Pooling(pre, post, "exc", psp="pre.mask", operation=operation)
        )
        proj.pooling(extent=size)
    return proj


@contextmanager
def _refused(layer: KerasLayer):
    """Errors of the convolution extension, re-raised naming the Keras layer."""
    try:
        yield
    except ConversionError:
        raise
    except ANNarchyException as error:
        raise ConversionError(
            f"{layer.class_name} layer '{layer.name}' cannot be converted: {error}"
        ) from error
