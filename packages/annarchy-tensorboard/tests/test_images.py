"""add_image / add_images: pixel values as logged, equalization, grids, shape errors.

Values marked "reference" are those the reference implementation logged for the same calls.
"""

from __future__ import annotations

import numpy as np
import pytest
from ANNarchy.extensions.tensorboard import Logger
from annarchy_tensorboard import ImageShapeError, LoggerError
from tfevents import read_runs


def logged_images(tmp_path, calls):
    """Runs ``calls(logger)`` and returns the logged images {tag: uint8 (H, W, 3) array}."""
    with Logger(logdir=str(tmp_path), experiment="img") as logger:
        calls(logger)
    return {tag: pixels for _, tag, pixels in read_runs(str(tmp_path))["img"]}


def gray(pixels):
    """The one channel of a monochrome image (its three channels are equal)."""
    assert (pixels[..., 0] == pixels[..., 1]).all() and (pixels[..., 0] == pixels[..., 2]).all()
    return pixels[..., 0].tolist()


def test_monochrome_and_color_images(tmp_path):
    def calls(logger):
        logger.add_image("float", np.array([[0.0, 0.5], [1.0, 0.25]]), 0)
        logger.add_image("uint8", np.array([[0, 128], [255, 7]], dtype=np.uint8), 0)
        logger.add_image("int", np.array([[0, 128], [255, 7]]), 0)
        logger.add_image("clipped", np.array([[-5, 300]]), 0)
        logger.add_image("clipped_float", np.array([[-0.5, 1.5]]), 0)
        logger.add_image("bool", np.array([[True, False]]), 0)
        logger.add_image("rgb", np.arange(12).reshape(2, 2, 3) / 11.0, 0)

    images = logged_images(tmp_path, calls)
    assert gray(images["float"]) == [[0, 127], [255, 63]]  # reference
    assert gray(images["uint8"]) == [[0, 128], [255, 7]]  # reference
    # integers in [0, 255] as the spec says (the reference wraps int64 to [[0, 128], [1, 249]])
    assert gray(images["int"]) == [[0, 128], [255, 7]]
    assert gray(images["clipped"]) == [[0, 255]]
    assert gray(images["clipped_float"]) == [[0, 255]]
    assert gray(images["bool"]) == [[255, 0]]
    rgb = [0, 23, 46, 69, 92, 115, 139, 162, 185, 208, 231, 255]  # reference
    assert images["rgb"].ravel().tolist() == rgb


def test_equalize_rescales_with_min_and_max(tmp_path):
    def calls(logger):
        logger.add_image("eq", np.array([[1.0, 2.0], [3.0, 5.0]]), 0, equalize=True)
        logger.add_image("eq_int", np.array([[10, 20], [30, 50]]), 0, equalize=True)
        logger.add_image("constant", np.full((2, 2), 7.0), 0, equalize=True)
        logger.add_image("rgb", np.array([[[2.0, 4.0, 6.0]]]), 0, equalize=True)

    images = logged_images(tmp_path, calls)
    # (img - 1) / 4 = [0, 0.25, 0.5, 1] -> 255 * that, truncated
    assert gray(images["eq"]) == gray(images["eq_int"]) == [[0, 63], [127, 255]]
    assert gray(images["constant"]) == [[0, 0], [0, 0]]
    assert images["rgb"].ravel().tolist() == [0, 127, 255]


def test_sets_of_images_form_a_grid(tmp_path):
    stack = np.array([[[0.0, 1.0], [2.0, 3.0]], [[10.0, 20.0], [30.0, 40.0]]])

    def calls(logger):
        logger.add_images("raw", stack / 40.0, 0)
        logger.add_images("eq", stack, 0, equalize=True)
        logger.add_images("per_image", stack, 0, equalize=True, equalize_per_image=True)
        logger.add_images("ignored", stack / 40.0, 0, equalize_per_image=True)
        logger.add_images("rgb", np.arange(24).reshape(2, 2, 2, 3) / 23.0, 0)
        logger.add_images("ten", np.arange(10).reshape(10, 1, 1), 0)

    images = logged_images(tmp_path, calls)
    assert gray(images["raw"]) == [[0, 6, 63, 127], [12, 19, 191, 255]]  # reference (row 0)
    assert gray(images["eq"]) == gray(images["raw"]) == gray(images["ignored"])
    # each image by its own min/max: both become [[0, 1/3], [2/3, 1]]
    assert gray(images["per_image"]) == [[0, 85, 0, 85], [170, 255, 170, 255]]
    row0 = [0, 11, 22, 33, 44, 55, 133, 144, 155, 166, 177, 188]  # reference
    assert images["rgb"][0].ravel().tolist() == row0
    # eight images per row: 10 images of 1x1 pixel -> 2 rows of 8, the two last cells empty
    assert gray(images["ten"]) == [[0, 1, 2, 3, 4, 5, 6, 7], [8, 9, 0, 0, 0, 0, 0, 0]]


@pytest.mark.parametrize(
    "shape, message",
    [
        ((3,), r"must be of shape \(height, width\) or \(height, width, 3\), got \(3,\)"),
        ((2, 2, 4), r"color images must be of shape \(height, width, 3\), got \(2, 2, 4\)"),
        ((2, 2, 1), r"color images must be of shape \(height, width, 3\)"),
        ((1, 2, 2, 3), "Use add_images"),
        ((0, 3), r"got \(0, 3\)"),
    ],
)
def test_add_image_shape_errors(tmp_path, shape, message):
    with Logger(logdir=str(tmp_path), experiment="bad") as logger:
        with pytest.raises(ImageShapeError, match=message):
            logger.add_image("Population/rate", np.zeros(shape), 0)


@pytest.mark.parametrize(
    "shape, message",
    [
        ((2, 2), r"\(number, height, width\) or \(number, height, width, 3\), got \(2, 2\)"),
        ((2, 2, 2, 4), r"color images must be of shape \(number, height, width, 3\)"),
        ((2, 2, 2, 1), r"got \(2, 2, 2, 1\)"),
        ((1, 1, 2, 2, 3), "Use add_image"),
    ],
)
def test_add_images_shape_errors(tmp_path, shape, message):
    with Logger(logdir=str(tmp_path), experiment="bad") as logger:
        with pytest.raises(ImageShapeError, match=message):
            logger.add_images("Projection/fields", np.zeros(shape), 0)


def test_non_numeric_images(tmp_path):
    with Logger(logdir=str(tmp_path), experiment="bad") as logger:
        with pytest.raises(LoggerError, match=r"add_image\('x'\): the image must be an array"):
            logger.add_image("x", np.array([["a", "b"]]))
        assert isinstance(ImageShapeError("m"), LoggerError)
