"""``ANNarchy.extensions.ann_to_snn_conversion``: converts a pre-trained Keras model (``.keras``
file) into a spiking ANNarchy network and classifies inputs with it."""

from __future__ import annotations

from .converter import ANNtoSNNConverter
from .errors import ConversionError, KerasFileError

__all__ = ["ANNtoSNNConverter", "ConversionError", "KerasFileError"]
