"""ANNarchy tensorboard logging (``ANNarchy.extensions.tensorboard``).

``from ANNarchy.extensions.tensorboard import Logger`` gives `Logger`, a thin layer over
``tensorboardX.SummaryWriter`` that checks its arguments and prepares images.
"""

from __future__ import annotations

from .errors import ImageShapeError, LoggerError, MissingDependencyError
from .logger import Logger

__all__ = ["Logger", "LoggerError", "ImageShapeError", "MissingDependencyError"]
