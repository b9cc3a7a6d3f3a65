"""``Convolution``: a filter (or a bank of filters) applied on the pre-synaptic population, as
explicit synapses whose weights are the filter's elements."""

from __future__ import annotations

import math
import re
from numbers import Integral, Real

import numpy as np
from ANNarchy import Synapse

from . import fields
from ._shared import (
    ConvolutionError,
    SharedProjection,
    check_delay,
    check_geometry,
    csr_from_rows,
    spike_synapse,
)
from .layouts import bank_layout, single_layout

OPERATIONS = ("sum", "max", "min", "mean")
#: a pre-synaptic attribute in a psp (``pre.r``, ``pre.mask``...)
PRE_ATTRIBUTE = re.compile(r"\bpre\.[A-Za-z_]\w*")
#: ``w * pre.x`` or ``pre.x * w`` (spaces removed): zero outside the population adds nothing
PRODUCT = re.compile(r"(w\*pre\.[A-Za-z_]\w*|pre\.[A-Za-z_]\w*\*w)")
#: the local parameter flagging the synapses that read outside the pre-synaptic population
OUTSIDE = "conv_outside"


def as_filter(weights, who: str) -> np.ndarray:
    """The filter as a finite float array with at least one element per dimension."""
    try:
        kernel = np.array(weights, dtype=np.float64)
    except (TypeError, ValueError):
        raise ConvolutionError(
            f"{who}: weights must be a numpy array or nested lists of numbers of one shape."
        ) from None
    if kernel.ndim == 0 or kernel.size == 0:
        raise ConvolutionError(f"{who}: weights must be a non-empty array, got {weights!r}.")
    if not np.all(np.isfinite(kernel)):
        raise ConvolutionError(f"{who}: weights must be finite numbers.")
    return kernel


def check_padding(padding, who: str):
    """A finite number or the string 'border'."""
    if padding == "border" and isinstance(padding, str):
        return "border"
    if isinstance(padding, bool) or not isinstance(padding, Real) or not math.isfinite(padding):
        raise ConvolutionError(f"{who}: padding must be a number or 'border', got {padding!r}.")
    return float(padding)


def padded_synapse(psp: str, operation: str, padding: float) -> Synapse:
    """The synapse of a projection with synapses outside the pre-synaptic population: those
    (``conv_outside`` = 1) read ``padding`` instead of every pre-synaptic attribute."""
    outside = PRE_ATTRIBUTE.sub(f"({padding!r})", psp)
    return Synapse(
        parameters=f"{OUTSIDE} = 0.0",
        psp=f"ite({OUTSIDE} > 0.5, {outside}, {psp})",
        operation=operation,
        name=f"Convolution ({operation}, padding {padding!r})",
    )


class Convolution(SharedProjection):
    """Cross-correlation of a filter with the pre-synaptic population.

    ``post[i] = op_k psp(w = filter[k], pre.r = pre[centre(i) + offset(k)])``, where the
    filter is centred on element ``(n - 1) // 2`` of each dimension. Connect it with
    ``connect_filter()`` (one filter) or ``connect_filters()`` (a bank).

    A spiking pre-synaptic population with the default psp transmits spikes: a spike of
    pre-synaptic neuron ``j`` adds ``filter[k]`` to ``g_target`` of every post-synaptic neuron
    whose receptive field holds ``j`` at element ``k`` (operation 'sum', spiking post only).
    Any other psp (e.g. ``'w * pre.mask'``) is continuous: computed at every step, it reaches
    ``sum(target)`` of a rate-coded post or is added to ``g_target`` of a spiking one.

    Parameters
    ----------
    pre, post : str or Population
        Pre- and post-synaptic populations (rate-coded or spiking, at most 4 dimensions).
    target : str
        Type of the connection.
    psp : str
        What is summed for each element (``w`` is the filter element); the default
        ``pre.r * w`` means spike transmission for a spiking pre-synaptic population.
    operation : str
        'sum', 'max', 'min' or 'mean' (the mean divides by the size of the filter).
    name : str, optional
        Unique name of the projection.
    copied, net_id
        As for ``Projection``.
    """

    _kind = "Convolution"

    def __init__(
        self,
        pre,
        post,
        target,
        psp="pre.r * w",
        operation="sum",
        name=None,
        copied=False,
        net_id=0,
    ):
        who = f"Convolution '{name or ''}'"
        if operation not in OPERATIONS:
            raise ConvolutionError(
                f"{who}: operation must be one of {', '.join(OPERATIONS)}, got {operation!r}."
            )
        if not isinstance(psp, str) or not psp.strip():
            raise ConvolutionError(f"{who}: psp must be an expression such as 'w * pre.r'.")
        self._psp, self._operation = psp, operation
        self._base = Synapse(psp=psp, operation=operation, name=f"Convolution ({operation})")
        super().__init__(pre, post, target, synapse=self._base, name=name, net_id=net_id)
        self._filter = None
        self._centers = None
        self._transmission = self._check_sides(psp, operation)
        if self._transmission == "spike":
            self._base = spike_synapse("Convolution")
            self._use_synapse(self._base)

    # ------------------------------------------------------------------ API
    def connect_filter(
        self, weights, delays=0.0, keep_last_dimension=False, padding=0.0, subsampling=None
    ):
        """Apply one filter on the pre-synaptic population.

        Parameters
        ----------
        weights : array_like
            The filter (at most 4 dimensions).
        delays : float
            Synaptic delay in ms, the same for all synapses.
        keep_last_dimension : bool
            Convolve each slice of the last dimension separately (the filter has one dimension
            less than the populations, whose last dimensions are equal).
        padding : float or 'border'
            Value of the pre-synaptic attributes of the psp outside the population, or
            'border' to repeat the border neurons (for spikes: 0.0 or 'border').
        subsampling : array_like, optional
            For each post-synaptic neuron (rank order), the pre-synaptic coordinates of the
            centre of the filter.

        Returns
        -------
        Convolution
            The projection itself.
        """
        who = self._who()
        kernel = as_filter(weights, who)
        check_geometry(kernel.shape, who, "the filter")
        field, table = single_layout(
            self.pre.geometry, self.post.geometry, kernel, keep_last_dimension, subsampling, who
        )
        return self._connect_field("connect_filter", kernel, field, table, delays, padding)

    def connect_filters(
        self, weights, delays=0.0, keep_last_dimension=False, padding=0.0, subsampling=None
    ):
        """Apply a bank of filters: ``weights[f]`` gives slice ``f`` of the last dimension of
        the post-synaptic population.

        Parameters
        ----------
        weights : array_like
            The filters, stacked along the first dimension (one dimension more than the
            pre-synaptic population).
        delays, padding, subsampling
            As for ``connect_filter()``.
        keep_last_dimension : bool
            Must be False (a bank cannot keep the last dimension).

        Returns
        -------
        Convolution
            The projection itself.
        """
        who = self._who()
        if keep_last_dimension:
            raise ConvolutionError(
                f"{who}: connect_filters() cannot be combined with keep_last_dimension=True."
            )
        bank = as_filter(weights, who)
        check_geometry(bank.shape[1:], who, "each filter")
        field, table = bank_layout(self.pre.geometry, self.post.geometry, bank, subsampling, who)
        return self._connect_field("connect_filters", bank, field, table, delays, padding)

    @property
    def weights(self) -> np.ndarray | None:
        """The filter (or bank of filters) given to ``connect_filter(s)()``."""
        return None if self._filter is None else self._filter.copy()

    def center(self, *coord) -> tuple[int, ...]:
        """Pre-synaptic coordinates of the centre of the filter of a post-synaptic neuron.

        Parameters
        ----------
        *coord : int
            The rank, or the coordinates, of the post-synaptic neuron.

        Returns
        -------
        tuple of int
        """
        if self._centers is None:
            raise ConvolutionError(f"{self._who()}: call connect_filter() first.")
        if len(coord) == 1 and isinstance(coord[0], Integral):
            rank = int(coord[0])
            if not 0 <= rank < self.post.size:
                raise ConvolutionError(f"{self._who()}: no post-synaptic neuron of rank {rank}.")
        else:
            rank = self.post.rank_from_coordinates(tuple(coord))
        return tuple(int(c) for c in self._centers[rank])

    # ------------------------------------------------------------- helpers
    def _omits_outside(self, padding) -> bool:
        """Synapses outside the population that would add nothing are left out: spikes (no
        neuron there), or zero padding under a sum of ``w * pre.x``."""
        if self._transmission == "spike":
            return padding == 0.0
        plain = PRODUCT.fullmatch(self._psp.replace(" ", "")) is not None
        return plain and self._operation == "sum" and padding == 0.0

    def _connect_field(self, method, kernel, field, table, delays, padding):
        who = self._who()
        padding = check_padding(padding, who)
        if self._transmission == "spike" and padding not in (0.0, "border"):
            raise ConvolutionError(
                f"{who}: padding={padding!r} has no meaning for spikes (no neuron outside "
                "the pre-synaptic population fires); use 0.0 or 'border'."
            )
        delay = check_delay(delays, who)
        ranks, outside = fields.pre_ranks(field, self.pre.geometry)
        table = np.broadcast_to(table, ranks.shape)
        keep = ~outside if self._omits_outside(padding) else np.ones_like(outside)
        csr, index = csr_from_rows(ranks, keep)
        flags = outside.ravel()[index]
        extra = None
        if padding != "border" and flags.any():
            self._use_synapse(padded_synapse(self._psp, self._operation, padding))
            extra = {OUTSIDE: flags.astype(np.float64)}
        else:
            self._use_synapse(self._base)
        if flags.any() and self.storage_format in (None, "auto", "default", "dense"):
            self.storage_format = "csr"  # rows may hold a pre-synaptic rank twice
        self._install(method, csr, table.ravel()[index].copy(), delay, extra)
        self._filter = kernel
        self._centers = field.centers
        return self
