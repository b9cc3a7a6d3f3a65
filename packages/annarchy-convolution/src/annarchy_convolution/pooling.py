"""``Pooling``: each post-synaptic neuron reduces (max, min, mean) the rates of one block of the
pre-synaptic population."""

from __future__ import annotations

from numbers import Integral

import numpy as np
from ANNarchy import Synapse

from ._shared import (
    ConvolutionError,
    SharedProjection,
    check_delay,
    csr_from_rows,
)
from .fields import Field, post_coordinates, pre_ranks

OPERATIONS = ("max", "min", "mean")


def pooling_extent(pre: tuple, post: tuple, extent, who: str) -> tuple[int, ...]:
    """The block of each post-synaptic neuron, checked against the geometries."""
    if extent is None:
        if len(pre) != len(post):
            raise ConvolutionError(
                f"{who}: the populations {pre} and {post} have different dimensions; give the "
                "extent of the pooling area, e.g. pooling(extent=(2, 2, 10))."
            )
        if any(b == 0 or a % b for a, b in zip(pre, post, strict=True)):
            raise ConvolutionError(
                f"{who}: the pre-synaptic sizes {pre} are not multiples of the post-synaptic "
                f"ones {post}: the extent must equal pre size / post size in each dimension."
            )
        extent = tuple(a // b for a, b in zip(pre, post, strict=True))
    extent = tuple(extent) if isinstance(extent, (tuple, list)) else (extent,)
    if len(extent) != len(pre) or not all(
        isinstance(e, Integral) and not isinstance(e, bool) and e > 0 for e in extent
    ):
        raise ConvolutionError(
            f"{who}: the extent must give one positive integer per dimension of the "
            f"pre-synaptic population {pre} (each pre size a multiple of the post size), "
            f"got {extent}."
        )
    if len(post) > len(pre):
        raise ConvolutionError(
            f"{who}: the post-synaptic population {post} has more dimensions than the "
            f"pre-synaptic one {pre}."
        )
    full = tuple(post) + (1,) * (len(pre) - len(post))
    if any(p * e != n for p, e, n in zip(full, extent, pre, strict=True)):
        raise ConvolutionError(
            f"{who}: in each dimension, extent {tuple(extent)} times the post-synaptic size "
            f"{post} must equal the pre-synaptic size {pre}."
        )
    return tuple(int(e) for e in extent)


class Pooling(SharedProjection):
    """Pooling (max, min or mean) of the pre-synaptic rates over non-overlapping blocks.

    The pooled psp is continuous: with a spiking pre-synaptic population it reads a variable
    (``psp='pre.mask'``; ``pre.r`` of spiking neurons is their firing rate, 0 unless
    computed), and a spiking post-synaptic population receives the result in ``g_target``
    at every step.

    Parameters
    ----------
    pre, post : str or Population
        Pre- and post-synaptic populations (rate-coded or spiking, at most 4 dimensions).
    target : str
        Type of the connection.
    psp : str
        What is pooled (default ``pre.r``).
    operation : str
        'max', 'min' or 'mean'.
    name : str, optional
        Unique name of the projection.
    copied, net_id
        As for ``Projection``.
    """

    _kind = "Pooling"
    _connector_methods = ("pooling",)

    def __init__(
        self, pre, post, target, psp="pre.r", operation="max", name=None, copied=False, net_id=0
    ):
        who = f"Pooling '{name or ''}'"
        if operation not in OPERATIONS:
            raise ConvolutionError(
                f"{who}: operation must be one of {', '.join(OPERATIONS)}, got {operation!r}."
            )
        synapse = Synapse(psp=psp, operation=operation, name=f"Pooling ({operation})")
        super().__init__(pre, post, target, synapse=synapse, name=name, net_id=net_id)
        self.operation = operation
        self.extent = None
        self._check_sides(psp, operation, spikes=False)

    def pooling(self, extent=None, delays=0.0):
        """Connect the projection: post-synaptic neuron ``c`` pools the block
        ``c * extent ... c * extent + extent - 1`` of the pre-synaptic population.

        Parameters
        ----------
        extent : tuple of int, optional
            Size of the block in each pre-synaptic dimension (default: pre size / post size;
            the dimensions the post-synaptic population lacks are pooled completely).
        delays : float
            Synaptic delay in ms.

        Returns
        -------
        Pooling
            The projection itself.
        """
        who = self._who()
        pre, post = self.pre.geometry, self.post.geometry
        extent = pooling_extent(pre, post, extent, who)
        delay = check_delay(delays, who)
        coords = post_coordinates(post)
        origin = np.zeros((coords.shape[0], len(pre)), dtype=np.int64)
        origin[:, : len(post)] = coords * np.asarray(extent[: len(post)])
        field = Field(origin, post_coordinates(extent))
        ranks, _ = pre_ranks(field, pre)
        csr, _ = csr_from_rows(ranks, np.ones(ranks.shape, dtype=bool))
        self._install("pooling", csr, 1.0, delay)
        self.extent = extent
        return self
