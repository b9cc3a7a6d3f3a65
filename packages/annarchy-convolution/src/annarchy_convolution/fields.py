"""Receptive fields with numpy: for every post-synaptic neuron (rank order) and every element of
a filter, the pre-synaptic coordinates it reads.

A field is described by ``centers`` (n_post, P): the pre-synaptic coordinates each post neuron is
centred on, and ``offsets`` (K, P): the displacement of each filter element (row-major order),
where P is the number of dimensions of the pre-synaptic population.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._shared import ConvolutionError


@dataclass(frozen=True)
class Field:
    """Where each post-synaptic neuron reads: centers (n_post, P) and offsets (K, P)."""

    centers: np.ndarray
    offsets: np.ndarray

    def coordinates(self) -> np.ndarray:
        """Pre-synaptic coordinates, (n_post, K, P)."""
        return self.centers[:, None, :] + self.offsets[None, :, :]


def post_coordinates(shape: tuple[int, ...]) -> np.ndarray:
    """Coordinates of every neuron of a population of geometry ``shape``, in rank order."""
    return np.indices(shape).reshape(len(shape), -1).T


def kernel_offsets(shape: tuple[int, ...]) -> np.ndarray:
    """Offsets of the elements of a centred filter: ``idx - (n - 1) // 2`` in each dimension."""
    centre = (np.asarray(shape) - 1) // 2
    return post_coordinates(shape) - centre


def strides(pre: tuple[int, ...], post: tuple[int, ...], dims: range, who: str) -> np.ndarray:
    """The sub-sampling step of each convolved dimension (pre size / post size)."""
    steps = []
    for d in dims:
        if post[d] == 0 or pre[d] % post[d]:
            raise ConvolutionError(
                f"{who}: dimension {d} of the pre-synaptic population ({pre[d]} neurons) is not "
                f"a multiple of the post-synaptic one ({post[d]} neurons); give the centres "
                "explicitly with subsampling=[...] (one list of pre coordinates per post neuron)."
            )
        steps.append(pre[d] // post[d])
    return np.asarray(steps, dtype=np.int64)


def centers(
    pre: tuple[int, ...],
    post: tuple[int, ...],
    conv_dims: int,
    subsampling,
    who: str,
    rest=0,
    repeat: int = 1,
) -> np.ndarray:
    """Centres (n_post, P) of the filter for every post-synaptic neuron.

    Parameters
    ----------
    pre, post : tuple of int
        Geometries of the populations.
    conv_dims : int
        Number of leading dimensions of pre that are convolved (sub-sampled).
    subsampling : array_like or None
        None: ``post_coord * stride`` in the convolved dimensions. Else one row of pre-synaptic
        coordinates per post-synaptic neuron (rank order), or, for a bank of ``repeat``
        filters, one row per position (shared by the filters of that position). A row holds
        all P coordinates, or only the ``conv_dims`` convolved ones.
    who : str
        The projection, for error messages.
    rest : int or numpy.ndarray
        Centre in the dimensions after ``conv_dims`` unless a row gives them.
    repeat : int
        Number of filters of a bank (the last post-synaptic dimension).

    Returns
    -------
    numpy.ndarray
    """
    n_post = int(np.prod(post))
    result = np.zeros((n_post, len(pre)), dtype=np.int64)
    result[:, conv_dims:] = rest
    if subsampling is None:
        steps = strides(pre, post, range(conv_dims), who)
        result[:, :conv_dims] = post_coordinates(post)[:, :conv_dims] * steps
        return result
    given = _subsampling_rows(subsampling, n_post, repeat, (conv_dims, len(pre)), who)
    result[:, : given.shape[1]] = given
    return result


def _subsampling_rows(subsampling, n_post: int, repeat: int, widths, who: str) -> np.ndarray:
    """The rows of ``subsampling`` as integers, one per post-synaptic neuron."""
    try:
        given = np.asarray(subsampling, dtype=float)
    except (TypeError, ValueError):
        given = np.zeros((0,))
    counts = {n_post, n_post // repeat}
    if given.ndim != 2 or given.shape[0] not in counts or given.shape[1] not in widths:
        per = f"{n_post // repeat} positions" if repeat > 1 else f"{n_post} post-synaptic neurons"
        raise ConvolutionError(
            f"{who}: subsampling must give one list of {widths[-1]} pre-synaptic coordinates "
            f"for each of the {per} (a list of lists or a numpy array), got "
            f"{np.shape(subsampling) if given.size else repr(subsampling)[:60]}."
        )
    if not np.all(np.isfinite(given)) or np.any(given != np.round(given)):
        raise ConvolutionError(f"{who}: subsampling coordinates must be integers.")
    rows = given.astype(np.int64)
    return np.repeat(rows, n_post // rows.shape[0], axis=0)


def pre_ranks(field: Field, pre: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Pre ranks (n_post, K) of the field, coordinates clipped to the population, and the mask
    of the elements that fall outside it."""
    coords = field.coordinates()
    shape = np.asarray(pre)
    outside = ((coords < 0) | (coords >= shape)).any(axis=-1)
    clipped = np.clip(coords, 0, shape - 1)
    flat = np.ravel_multi_index(tuple(clipped.reshape(-1, len(pre)).T), pre)
    return flat.reshape(outside.shape), outside
