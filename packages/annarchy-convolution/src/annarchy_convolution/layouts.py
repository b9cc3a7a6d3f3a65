"""How the dimensions of the populations and of the filter(s) combine into a receptive field
(``fields.Field``) and a table of weights, for ``connect_filter`` and ``connect_filters``."""

from __future__ import annotations

import numpy as np

from ._shared import ConvolutionError
from .fields import Field, centers, kernel_offsets, post_coordinates


def _keep_last(pre, post, kernel, subsampling, who) -> tuple[Field, np.ndarray]:
    """(..., C) * filter -> (..., C): each slice of the last dimension is convolved alone."""
    if kernel.ndim != len(pre) - 1:
        raise ConvolutionError(
            f"{who}: with keep_last_dimension=True the filter must have one dimension less "
            f"than the pre-synaptic population {pre}, got a filter of shape {kernel.shape}."
        )
    if len(post) != len(pre) or post[-1] != pre[-1]:
        raise ConvolutionError(
            f"{who}: with keep_last_dimension=True the post-synaptic population {post} must "
            f"have the dimensions of the pre-synaptic one {pre} and the same last dimension."
        )
    cen = centers(pre, post, len(pre) - 1, subsampling, who, post_coordinates(post)[:, -1:])
    offsets = kernel_offsets(kernel.shape)
    offsets = np.hstack([offsets, np.zeros((offsets.shape[0], 1), dtype=offsets.dtype)])
    return Field(cen, offsets), kernel.ravel()


def _reduces_last(pre, post, filt_shape) -> bool:
    """Whether the filter covers the whole last dimension of pre, which post does not have
    (or has with one neuron)."""
    if filt_shape[-1] != pre[-1] or len(filt_shape) != len(pre):
        return False
    return len(post) == len(pre) - 1 or (len(post) == len(pre) and post[-1] == 1 < pre[-1])


def _field(pre, post, filt_shape, conv_dims, subsampling, who, repeat=1) -> Field:
    """Centres (the middle of the last pre dimension when it is not convolved, unless
    ``subsampling`` gives it) and the offsets of a filter of shape ``filt_shape``."""
    middle = (pre[-1] - 1) // 2
    cen = centers(pre, post, conv_dims, subsampling, who, middle, repeat)
    return Field(cen, kernel_offsets(filt_shape))


def single_layout(pre, post, kernel, keep_last, subsampling, who) -> tuple[Field, np.ndarray]:
    """The field and the weights (K,) of ``connect_filter()``.

    Parameters
    ----------
    pre, post : tuple of int
        Geometries of the populations.
    kernel : numpy.ndarray
        The filter.
    keep_last : bool
        ``keep_last_dimension``.
    subsampling : array_like or None
        Explicit centres.
    who : str
        The projection, for error messages.

    Returns
    -------
    (Field, numpy.ndarray)
    """
    if keep_last:
        return _keep_last(pre, post, kernel, subsampling, who)
    if kernel.ndim > len(pre):
        raise ConvolutionError(
            f"{who}: the filter {kernel.shape} has more dimensions than the pre-synaptic "
            f"population {pre}; use connect_filters() for a bank of filters."
        )
    if kernel.ndim < len(pre):
        raise ConvolutionError(
            f"{who}: the filter {kernel.shape} has fewer dimensions than the pre-synaptic "
            f"population {pre}; set keep_last_dimension=True to convolve each slice of the "
            "last dimension."
        )
    if _reduces_last(pre, post, kernel.shape):
        return _field(pre, post, kernel.shape, len(pre) - 1, subsampling, who), kernel.ravel()
    if len(post) != len(pre):
        raise ConvolutionError(
            f"{who}: the post-synaptic population {post} must have the dimensions of the "
            f"pre-synaptic one {pre} (or one less, when the filter covers the whole last "
            f"dimension of pre), got a filter of shape {kernel.shape}."
        )
    return _field(pre, post, kernel.shape, len(pre), subsampling, who), kernel.ravel()


def bank_layout(pre, post, bank, subsampling, who) -> tuple[Field, np.ndarray]:
    """The field and the weights (n_post, K) of ``connect_filters()``: filter ``f`` feeds the
    post-synaptic neurons whose last coordinate is ``f``."""
    if bank.ndim != len(pre) + 1:
        raise ConvolutionError(
            f"{who}: a bank of filters must have one dimension more than the pre-synaptic "
            f"population {pre} (the first one indexes the filters), got shape {bank.shape}."
        )
    n_filters, filt = bank.shape[0], bank.shape[1:]
    if post[-1] != n_filters:
        raise ConvolutionError(
            f"{who}: the last dimension of the post-synaptic population {post} must equal the "
            f"number of filters ({n_filters})."
        )
    if len(post) == len(pre) + 1:
        field = _field(pre, post, filt, len(pre), subsampling, who, n_filters)
    elif len(post) == len(pre) and filt[-1] == pre[-1]:
        field = _field(pre, post, filt, len(pre) - 1, subsampling, who, n_filters)
    else:
        raise ConvolutionError(
            f"{who}: a bank of filters {bank.shape} on {pre} needs a post-synaptic population "
            f"{pre} + (filters,), or {pre[:-1]} + (filters,) when each filter covers the whole "
            f"last dimension; got {post}."
        )
    table = bank.reshape(n_filters, -1)[post_coordinates(post)[:, -1]]
    return field, table
