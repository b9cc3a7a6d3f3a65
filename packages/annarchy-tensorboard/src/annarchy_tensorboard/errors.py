"""Exceptions of the tensorboard extension (all are ``ANNarchyException`` subclasses)."""

from __future__ import annotations

from ANNarchy.errors import ANNarchyException


class LoggerError(ANNarchyException, ValueError):
    """A bad argument given to a ``Logger`` method (tag, value, step, dictionary...)."""


class ImageShapeError(LoggerError):
    """An image array whose shape is not one ``add_image`` / ``add_images`` accept."""


class MissingDependencyError(ANNarchyException, ImportError):
    """An optional package (tensorboardX, matplotlib) that the call needs is not installed."""
