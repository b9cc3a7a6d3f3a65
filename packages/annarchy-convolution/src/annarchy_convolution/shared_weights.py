"""``Copy`` and ``Transpose``: projections that reuse the synapses of an existing projection.

Both take the connectivity of the original when they are connected and its weights again when
the network is compiled (so weights set on the original before ``compile()`` are seen).
"""

from __future__ import annotations

import numpy as np
from ANNarchy import Projection, Synapse
from ANNarchy.plugin import CSR, base_population, counts_of, delays_ms, kept_value

from ._shared import ConvolutionError, SharedProjection, spike_synapse


def _original(projection, who: str) -> Projection:
    """A regular, connected projection."""
    if not isinstance(projection, Projection) or isinstance(projection, SharedProjection):
        raise ConvolutionError(
            f"{who}: only a regular Projection can be shared, got {type(projection).__name__}."
        )
    if projection.connectivity is None:
        raise ConvolutionError(
            f"{who}: the projection '{projection.name}' has no synapses yet; call its connector "
            "method (e.g. all_to_all()) first."
        )
    return projection


def _weights(projection) -> np.ndarray:
    """The original's weights before compile: a scalar (single weight) or one per synapse."""
    return np.array(kept_value(projection, "w"), dtype=np.float64)


class _Sharing(SharedProjection):
    """Keeps the original and re-reads its weights at ``compile()`` (``_snapshot``)."""

    _source = None
    _order = None

    def _source_weights(self) -> np.ndarray:
        w = _weights(self._source)
        return w if w.ndim == 0 or self._order is None else w[self._order]

    def _snapshot(self) -> None:
        if self._source is not None and self._runtime() is not None:
            current = self._values["w"]
            source = self._source_weights()
            self._values["w"] = np.broadcast_to(source, np.shape(current)).copy()
        super()._snapshot()


class Copy(_Sharing):
    """A projection with the synapses, weights and delays of another one (only ``psp`` and
    ``operation`` may differ). It does not learn.

    As for ``Convolution``, a spiking pre-synaptic population with the default psp transmits
    spikes (``g_target += w``, spiking post, 'sum'); another psp is continuous.

    Parameters
    ----------
    pre, post : str or Population
        Populations with the geometries of the original's.
    target : str
        Type of the connection.
    psp : str
        Continuous transmission (default ``pre.r * w``: spikes for a spiking pre).
    operation : str
        'sum', 'max', 'min' or 'mean'.
    name : str, optional
        Unique name of the projection.
    copied, net_id
        As for ``Projection``.
    """

    _kind = "Copy"
    _connector_methods = ("copy",)

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
        synapse = Synapse(psp=psp, operation=operation, name=f"Copy ({operation})")
        super().__init__(pre, post, target, synapse=synapse, name=name, net_id=net_id)
        if self._check_sides(psp, operation, whole=False) == "spike":
            self._use_synapse(spike_synapse("Copy"))

    def copy(self, projection):
        """Take the synapses of ``projection``.

        Parameters
        ----------
        projection : Projection
            A regular, connected projection between populations of the same geometries.

        Returns
        -------
        Copy
            The projection itself.
        """
        who = self._who()
        original = _original(projection, who)
        for role in ("pre", "post"):
            mine = base_population(getattr(self, role)).geometry
            theirs = base_population(getattr(original, role)).geometry
            if mine != theirs:
                raise ConvolutionError(
                    f"{who}: the {role}-synaptic population has geometry {mine}, the copied "
                    f"projection '{original.name}' {theirs}; they must be equal."
                )
        self._source = original
        self._install("copy", original.connectivity.csr, _weights(original), original._delays)
        return self


class Transpose(_Sharing):
    """The transposed projection of ``projection`` (from its post- to its pre-synaptic
    population, same weights, ``w * pre.r``; spike transmission ``g_target += w`` when the
    original's post-synaptic population spikes, which needs a spiking original pre). It does
    not learn.

    Parameters
    ----------
    projection : Projection
        The original, connected projection.
    target : str
        Type of the connection (may differ from the original's).
    name : str, optional
        Unique name of the projection.
    copied, net_id
        As for ``Projection``.
    """

    _kind = "Transpose"
    _connector_methods = ("transpose",)

    def __init__(self, projection, target, name=None, copied=False, net_id=0):
        original = _original(projection, f"Transpose '{name or ''}'")
        synapse = Synapse(psp="w * pre.r", name="Transpose")
        super().__init__(
            original.post, original.pre, target, synapse=synapse, name=name, net_id=net_id
        )
        if self._check_sides("w * pre.r", "sum", whole=False) == "spike":
            self._use_synapse(spike_synapse("Transpose"))
        self._source = original
        self.transpose()

    def transpose(self):
        """(Re)build the transposed synapses from the original projection.

        Returns
        -------
        Transpose
            The projection itself.
        """
        original = _original(self._source, self._who())
        csr = original.connectivity.csr
        posts = np.repeat(np.asarray(csr.post_ranks, np.int64), counts_of(csr))
        pres = np.asarray(csr.pre_ranks, np.int64)
        order = np.lexsort((posts, pres))
        rows, counts = np.unique(pres, return_counts=True)
        row_ptr = np.zeros(rows.size + 1, dtype=np.int64)
        np.cumsum(counts, out=row_ptr[1:])
        transposed = CSR(
            post_ranks=rows.astype(np.int32),
            row_ptr=row_ptr,
            pre_ranks=posts[order].astype(np.int32),
        )
        self._order = order
        delays = delays_ms(original)
        delays = delays[order] if np.ndim(delays) else delays
        self._install("transpose", transposed, self._source_weights(), delays)
        return self
