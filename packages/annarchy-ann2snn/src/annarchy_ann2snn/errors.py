"""Errors of the ANN-to-SNN conversion (all ``ANNarchyException`` subclasses)."""

from __future__ import annotations

from ANNarchy.errors import ANNarchyException


class ConversionError(ANNarchyException):
    """A model or an argument the converter cannot handle (layer type, bias, shapes...)."""


class KerasFileError(ConversionError):
    """A file that is not a readable ``.keras`` archive."""
