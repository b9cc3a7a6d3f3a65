"""Image arrays for ``Logger.add_image`` / ``add_images``: shape checks, equalization, uint8.

Pixels reach tensorboardX as ``uint8`` so that the stored values do not depend on how
tensorboardX scales other types: integers are clipped to [0, 255], floats (and booleans) are
clipped to [0, 1] and multiplied by 255 (then truncated: 0.5 gives 127).
"""

from __future__ import annotations

import numpy as np

from .errors import ImageShapeError, LoggerError


def numeric_array(method: str, tag: str, img) -> np.ndarray:
    """``img`` as a numpy array of integers, floats or booleans (else ``LoggerError``)."""
    array = np.asarray(img)
    if array.dtype == bool:
        return array.astype(np.float64)
    if not (np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)):
        raise LoggerError(
            f"Logger.{method}('{tag}'): the image must be an array of numbers, "
            f"got dtype {array.dtype}."
        )
    return array


def equalized(array: np.ndarray, axes: tuple[int, ...] | None) -> np.ndarray:
    """``(img - min) / (max - min)`` with the min/max over ``axes`` (all when None).

    A constant image (max == min) becomes zeros instead of NaN.
    """
    array = array.astype(np.float64)
    low = array.min(axis=axes, keepdims=True)
    span = array.max(axis=axes, keepdims=True) - low
    safe = np.where(span > 0.0, span, 1.0)
    return np.where(span > 0.0, (array - low) / safe, 0.0)


def to_uint8(array: np.ndarray) -> np.ndarray:
    """Pixels in [0, 255]: integers clipped, floats clipped to [0, 1] then scaled by 255."""
    if array.dtype == np.uint8:
        return array
    if np.issubdtype(array.dtype, np.integer):
        return np.clip(array, 0, 255).astype(np.uint8)
    scaled = np.clip(np.nan_to_num(array.astype(np.float64), nan=0.0), 0.0, 1.0) * 255.0
    return scaled.astype(np.uint8)


def prepare_image(tag: str, img, equalize: bool) -> tuple[np.ndarray, str]:
    """One image (H, W) or (H, W, 3) -> (uint8 array, tensorboardX ``dataformats``)."""
    array = numeric_array("add_image", tag, img)
    if array.ndim == 3 and array.shape[2] != 3:
        raise ImageShapeError(
            f"Logger.add_image('{tag}'): color images must be of shape (height, width, 3), "
            f"got {array.shape}. Use (height, width) for a monochrome image."
        )
    if array.ndim not in (2, 3) or array.size == 0:
        raise ImageShapeError(
            f"Logger.add_image('{tag}'): images must be of shape (height, width) or "
            f"(height, width, 3), got {array.shape}. Use add_images() for a set of images."
        )
    if equalize:
        array = equalized(array, None)
    return to_uint8(array), ("HW" if array.ndim == 2 else "HWC")


def prepare_images(tag: str, img, equalize: bool, per_image: bool) -> np.ndarray:
    """A set of images (N, H, W) or (N, H, W, 3) -> uint8 array (N, H, W, C), C = 1 or 3."""
    array = numeric_array("add_images", tag, img)
    if array.ndim == 4 and array.shape[3] != 3:
        raise ImageShapeError(
            f"Logger.add_images('{tag}'): color images must be of shape "
            f"(number, height, width, 3), got {array.shape}."
        )
    if array.ndim not in (3, 4) or array.size == 0:
        raise ImageShapeError(
            f"Logger.add_images('{tag}'): the array must be of shape (number, height, width) "
            f"or (number, height, width, 3), got {array.shape}. Use add_image() for one image."
        )
    if equalize:
        axes = tuple(range(1, array.ndim)) if per_image else None
        array = equalized(array, axes)
    if array.ndim == 3:
        array = array[..., np.newaxis]
    return to_uint8(array)
