"""``Logger``: tensorboard logging of ANNarchy simulations over ``tensorboardX.SummaryWriter``."""

from __future__ import annotations

import datetime
import importlib
import itertools
import os
import socket
from collections.abc import Mapping

import numpy as np

from .errors import LoggerError, MissingDependencyError
from .images import prepare_image, prepare_images

#: serial number of the event files opened by this process (part of their names)
_FILE_SERIAL = itertools.count()


def default_experiment() -> str:
    """The name of a run's subfolder: current date-time and hostname (``Apr22_12-11-22_host``)."""
    stamp = datetime.datetime.now().strftime("%b%d_%H-%M-%S")
    return f"{stamp}_{socket.gethostname()}"


def _require(module: str, purpose: str):
    """Import ``module`` or raise ``MissingDependencyError`` naming the pip package."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        package = module.split(".")[0]
        raise MissingDependencyError(
            f"{purpose} requires the '{package}' package: pip install {package}"
        ) from error


def _tag(method: str, tag) -> str:
    if not isinstance(tag, str):
        raise LoggerError(f"Logger.{method}(): the tag must be a string, got {tag!r}.")
    return tag


def _step(method: str, tag: str, step) -> int | None:
    """``None`` (tensorboardX then uses 0) or the step as an int (floats are truncated)."""
    if step is None:
        return None
    try:
        return int(step)
    except (TypeError, ValueError):
        raise LoggerError(
            f"Logger.{method}('{tag}'): the step must be an integer (trial index, time...), "
            f"got {step!r}."
        ) from None


def _number(method: str, tag: str, value, what: str = "the value") -> float:
    """A single real number (Python or numpy scalar, array of one element) as a float."""
    array = None if isinstance(value, (str, bytes)) else np.asarray(value)
    if (
        array is None
        or array.size != 1
        or not (
            array.dtype == bool
            or np.issubdtype(array.dtype, np.integer)
            or np.issubdtype(array.dtype, np.floating)
        )
    ):
        raise LoggerError(
            f"Logger.{method}('{tag}'): {what} must be a single number, got {value!r}."
        )
    return float(array.reshape(()))


def _dictionary(method: str, value, what: str) -> dict:
    if not isinstance(value, Mapping):
        raise LoggerError(
            f"Logger.{method}(): {what} must be a dictionary {{name: value}}, got {value!r}."
        )
    for key in value:
        if not isinstance(key, str):
            raise LoggerError(
                f"Logger.{method}(): the keys of {what} must be strings, got {key!r}."
            )
    return dict(value)


def _parameter(name: str, value):
    """A hyperparameter value as bool, int, float or str (numpy scalars are converted)."""
    if isinstance(value, np.generic):
        value = value.item()
    if not isinstance(value, (bool, int, float, str)):
        raise LoggerError(
            f"Logger.add_parameters(): parameter '{name}' must be a bool, int, float or str, "
            f"got {value!r}."
        )
    return value


class Logger:
    """Logs an ANNarchy simulation for tensorboard (a thin layer over tensorboardX).

    The events of a run are written in ``os.path.join(logdir, experiment)``; view them with
    ``tensorboard --logdir runs``. Close the logger at the end (or use it as a context manager).

    Parameters
    ----------
    logdir : str
        Folder (absolute or relative) holding one subfolder per run. Default ``"runs/"``.
    experiment : str, optional
        Name of this run's subfolder. Default: the current date-time and the hostname, e.g.
        ``Apr22_12-11-22_machine``. Reusing a name appends to that run.

    Examples
    --------
    >>> with Logger(logdir="/tmp/annarchy", experiment="trial1") as logger:
    ...     logger.add_scalar("Accuracy", 0.9, 1)
    """

    def __init__(self, logdir: str = "runs/", experiment: str | None = None):
        tensorboardx = _require("tensorboardX", "ANNarchy.extensions.tensorboard.Logger")
        if not isinstance(logdir, (str, os.PathLike)):
            raise LoggerError(f"Logger(): logdir must be a path, got {logdir!r}.")
        if experiment is None:
            experiment = default_experiment()
        elif not isinstance(experiment, str) or not experiment:
            raise LoggerError(
                f"Logger(): experiment must be a non-empty string, got {experiment!r}."
            )
        self.logdir = os.path.join(os.fspath(logdir), experiment)
        print(f"Logging in {self.logdir}")
        self._summary_writer = tensorboardx.SummaryWriter
        self._writer = self._open()

    def _open(self):
        """A SummaryWriter on the run folder whose event file has a name of its own.

        tensorboardX names files after the current second and the hostname only and opens them
        for writing: the suffix (process id, serial number) keeps two files opened in the same
        second (a reused experiment, a flush) from overwriting each other.
        """
        suffix = f".{os.getpid()}.{next(_FILE_SERIAL):06d}"
        return self._summary_writer(self.logdir, filename_suffix=suffix)

    @property
    def writer(self):
        """The ``tensorboardX.SummaryWriter`` of the run (a new one after flush or close)."""
        if self._writer is None:
            self._writer = self._open()
        return self._writer

    def __enter__(self) -> Logger:
        return self

    def __exit__(self, exc_type, exc_val, exc_tb) -> None:
        self.close()

    def add_scalar(self, tag: str, value: float, step: int | None = None) -> None:
        """Logs a single scalar value (e.g. a success rate at the end of a trial).

        Parameters
        ----------
        tag : str
            Name of the figure in tensorboard ("Group/Name" groups figures).
        value : float
            The value.
        step : int, optional
            Index on the x-axis (trial, time...); tensorboardX uses 0 when None.
        """
        tag = _tag("add_scalar", tag)
        value = _number("add_scalar", tag, value)
        self.writer.add_scalar(tag, value, _step("add_scalar", tag, step))

    def add_scalars(self, tag: str, value: dict, step: int | None = None) -> None:
        """Logs several scalar values shown in the same figure.

        tensorboardX writes each entry in its own subfolder ``<run>/<tag>/<key>``.

        Parameters
        ----------
        tag : str
            Name of the figure in tensorboard.
        value : dict
            ``{curve name: value}``.
        step : int, optional
            Index on the x-axis.
        """
        tag = _tag("add_scalars", tag)
        values = _dictionary("add_scalars", value, "the values")
        numbers = {key: _number("add_scalars", tag, v, f"'{key}'") for key, v in values.items()}
        self.writer.add_scalars(tag, numbers, _step("add_scalars", tag, step))

    def add_image(self, tag: str, img, step: int | None = None, equalize: bool = False) -> None:
        """Logs an image of shape (height, width) (monochrome) or (height, width, 3) (color).

        Values must be integers in [0, 255] or floats in [0, 1] (values outside are clipped).

        Parameters
        ----------
        tag : str
            Name of the image in tensorboard.
        img : np.ndarray
            The image.
        step : int, optional
            Index of the image.
        equalize : bool
            Rescales the pixels to [0, 1] with ``(img - img.min()) / (img.max() - img.min())``
            (a constant image becomes black).

        Raises
        ------
        ImageShapeError
            When ``img`` is not of shape (H, W) or (H, W, 3).
        """
        tag = _tag("add_image", tag)
        pixels, formats = prepare_image(tag, img, equalize)
        self.writer.add_image(tag, pixels, _step("add_image", tag, step), dataformats=formats)

    def add_images(
        self,
        tag: str,
        img,
        step: int | None = None,
        equalize: bool = False,
        equalize_per_image: bool = False,
    ) -> None:
        """Logs a set of images (e.g. receptive fields), shown as one grid (8 per row).

        Parameters
        ----------
        tag : str
            Name of the images in tensorboard.
        img : np.ndarray
            Array of shape (number, height, width) or (number, height, width, 3).
        step : int, optional
            Index of the images.
        equalize : bool
            Rescales the pixels to [0, 1] with the min/max of the whole array.
        equalize_per_image : bool
            With ``equalize``, uses the min/max of each image instead.

        Raises
        ------
        ImageShapeError
            When ``img`` is not of shape (N, H, W) or (N, H, W, 3).
        """
        tag = _tag("add_images", tag)
        pixels = prepare_images(tag, img, equalize, equalize_per_image)
        self.writer.add_images(tag, pixels, _step("add_images", tag, step), dataformats="NHWC")

    def add_parameters(self, params: dict, metrics: dict) -> None:
        """Logs the parameters of a simulation and its resulting metrics (tab "HPARAMS").

        Call it once per run, generally at the end. tensorboardX writes them in a subfolder
        of the run named after the current time.

        Parameters
        ----------
        params : dict
            ``{name: bool | int | float | str}``.
        metrics : dict
            ``{name: number}``.
        """
        params = _dictionary("add_parameters", params, "params")
        metrics = _dictionary("add_parameters", metrics, "metrics")
        hparams = {name: _parameter(name, value) for name, value in params.items()}
        values = {
            name: _number("add_parameters", name, value, "the metric")
            for name, value in metrics.items()
        }
        self.writer.add_hparams(hparams, values)

    def add_histogram(self, tag: str, hist, step: int | None = None) -> None:
        """Logs a histogram of values (e.g. the weights of a projection).

        Parameters
        ----------
        tag : str
            Name of the histogram in tensorboard.
        hist : list or np.ndarray
            The values (flattened when multi-dimensional).
        step : int, optional
            Index of the histogram.
        """
        tag = _tag("add_histogram", tag)
        try:
            values = np.asarray(hist, dtype=np.float64).ravel()
        except (TypeError, ValueError):
            raise LoggerError(
                f"Logger.add_histogram('{tag}'): the values must be numbers, got {hist!r}."
            ) from None
        if values.size == 0 or not np.all(np.isfinite(values)):
            raise LoggerError(
                f"Logger.add_histogram('{tag}'): the values must be a non-empty list of finite "
                f"numbers (got {values.size} values)."
            )
        self.writer.add_histogram(tag, values, _step("add_histogram", tag, step))

    def add_figure(self, tag: str, figure, step: int | None = None, close: bool = True) -> None:
        """Logs a Matplotlib figure (or a list of figures) as an image (needs matplotlib).

        Parameters
        ----------
        tag : str
            Name of the image in tensorboard.
        figure : matplotlib.figure.Figure or list of Figure
            The figure(s).
        step : int, optional
            Index of the image.
        close : bool
            Closes the figure(s) once drawn (default True).
        """
        tag = _tag("add_figure", tag)
        figure_module = _require("matplotlib.figure", "Logger.add_figure()")
        figures = figure if isinstance(figure, list) else [figure]
        if not figures or not all(isinstance(f, figure_module.Figure) for f in figures):
            raise LoggerError(
                f"Logger.add_figure('{tag}'): expects a matplotlib Figure (plt.figure()) or a "
                f"list of them, got {figure!r}."
            )
        self.writer.add_figure(tag, figure, _step("add_figure", tag, step), close=close)

    def flush(self) -> None:
        """Forces the logged data to be written to disk.

        tensorboardX queues events for a writer thread and its own ``flush()`` does not wait for
        that queue: the event files are closed instead (which drains the queue) and the next
        ``add_*`` call opens new ones in the same run folder.
        """
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def close(self) -> None:
        """Writes the pending events and closes the event files (a later ``add_*`` reopens)."""
        self.flush()
