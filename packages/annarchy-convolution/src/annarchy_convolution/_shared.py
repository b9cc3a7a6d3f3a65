"""What Convolution, Pooling, Copy and Transpose share: errors, checks, and a ``Projection``
base class that installs an explicit connectivity built with numpy."""

from __future__ import annotations

import math
from numbers import Real

import numpy as np
from ANNarchy import Projection, Synapse
from ANNarchy.errors import ANNarchyException, InvalidConfiguration
from ANNarchy.plugin import CSR, Connectivity, base_population, parse_model, withdraw

#: the largest number of dimensions of populations and filters
MAX_DIMS = 4


class ConvolutionError(InvalidConfiguration):
    """Wrong shapes, geometries or arguments given to a shared-weight projection."""


class NotAvailableError(ANNarchyException, NotImplementedError):
    """A ``Projection`` method that shared-weight projections do not offer."""


def population_of(pop, who: str, role: str):
    """The full population behind ``pop`` (views are refused: the geometry matters)."""
    base = base_population(pop)
    if base is not pop and not isinstance(pop, str):
        raise ConvolutionError(
            f"{who}: the {role}-synaptic side must be a whole population (its geometry defines "
            f"the operation), got a view of '{base.name}'."
        )
    return base


#: psp texts that mean "the default transmission" (spikes for a spiking pre-synaptic population)
DEFAULT_PSPS = ("pre.r*w", "w*pre.r")


def is_default_psp(psp: str) -> bool:
    """``w * pre.r`` (either order, any spacing)."""
    return psp.replace(" ", "") in DEFAULT_PSPS


def spike_synapse(kind: str) -> Synapse:
    """Spike transmission: each pre-synaptic spike adds ``w`` to the post's ``g_target``."""
    return Synapse(pre_spike="g_target += w", name=f"{kind} (spike transmission)")


def transmission(pre, post, psp: str, operation: str, who: str) -> str:
    """How the projection transmits: ``'spike'`` or ``'continuous'``.

    A spiking pre-synaptic population with the default psp (``w * pre.r``) transmits spikes
    (``g_target += w`` at each spike, the default spiking synapse); any other psp is
    continuous: every step, ``operation`` over the dendrite's psp reaches ``sum(target)``
    (rate-coded post) or is added to ``g_target`` (spiking post).
    """
    pre, post = base_population(pre), base_population(post)
    if pre.neuron_type.type != "spike" or not is_default_psp(psp):
        return "continuous"
    if operation != "sum":
        raise ConvolutionError(
            f"{who}: spikes of '{pre.name}' can only be summed (operation='sum'); for "
            f"operation={operation!r} give a continuous psp such as 'w * pre.<variable>'."
        )
    if post.neuron_type.type != "spike":
        raise ConvolutionError(
            f"{who}: spikes of '{pre.name}' cannot reach the rate-coded population "
            f"'{post.name}'; make it spiking or give a continuous psp such as "
            "'w * pre.<variable>'."
        )
    return "spike"


def check_geometry(shape: tuple[int, ...], who: str, what: str) -> None:
    """At most ``MAX_DIMS`` dimensions."""
    if len(shape) > MAX_DIMS:
        raise ConvolutionError(
            f"{who}: {what} has {len(shape)} dimensions {tuple(shape)}; at most {MAX_DIMS} "
            "are supported."
        )


def check_delay(delays, who: str) -> float:
    """One non-negative delay in ms (the same for every synapse)."""
    if isinstance(delays, bool) or not isinstance(delays, Real) or not math.isfinite(delays):
        raise ConvolutionError(
            f"{who}: delays must be one number in ms (the same for all synapses), got {delays!r}."
        )
    if delays < 0:
        raise ConvolutionError(f"{who}: delays must be >= 0 ms, got {delays}.")
    return float(delays)


def csr_from_rows(ranks: np.ndarray, keep: np.ndarray) -> tuple[CSR, np.ndarray]:
    """A CSR from a (n_post, K) table of pre ranks and a mask of the synapses to keep.

    Within a row, synapses are ordered by pre rank (stable, so the table's order is kept for
    equal or already ascending ranks). Returns the CSR and, for each synapse in CSR order, its
    flat index in the table.
    """
    n_post, width = ranks.shape
    counts = keep.sum(axis=1)
    rows = np.flatnonzero(counts)
    flat = np.flatnonzero(keep.ravel())
    row_of = flat // max(width, 1)
    order = np.lexsort((ranks.ravel()[flat], row_of))
    flat = flat[order]
    row_ptr = np.zeros(rows.size + 1, dtype=np.int64)
    np.cumsum(counts[rows], out=row_ptr[1:])
    csr = CSR(
        post_ranks=rows.astype(np.int32),
        row_ptr=row_ptr,
        pre_ranks=ranks.ravel()[flat].astype(np.int32),
    )
    return csr, flat


def unavailable(method: str):
    """A method that raises ``NotAvailableError`` (as the specification says)."""

    def method_fn(self, *args, **kwargs):
        raise NotAvailableError(
            f"{self._who()}: {method}() is not available for shared-weight projections."
        )

    method_fn.__name__ = method
    method_fn.__doc__ = "Not available."
    return method_fn


class SharedProjection(Projection):
    """Base class: a projection whose synapses are set by one method of the subclass."""

    _kind = "SharedProjection"

    def _who(self) -> str:
        return f"{self._kind} '{self.name or ''}'"

    def _check_sides(self, psp: str, operation: str, spikes: bool = True, whole=True) -> str:
        """Whole populations (if ``whole``) of at most ``MAX_DIMS`` dimensions; returns the
        transmission (always ``'continuous'`` without ``spikes``). The projection leaves the
        network when it is refused."""
        who = self._who()
        try:
            for role, pop in (("pre", self.pre), ("post", self.post)):
                if whole:
                    population_of(pop, who, role)
                check_geometry(pop.geometry, who, f"the {role}-synaptic population")
            if not spikes:
                return "continuous"
            return transmission(self.pre, self.post, psp, operation, who)
        except ConvolutionError:
            withdraw(self)
            raise

    def _use_synapse(self, synapse) -> None:
        """Replace the synapse model (e.g. once the padding is known) before connecting."""
        object.__setattr__(self, "synapse_type", synapse)  # fixed for users, not here
        if self._net is not None:
            self._ir = parse_model(synapse, self._net)
            self._attributes = {a.name: a for a in self._ir.attributes}

    def _install(self, method: str, csr: CSR, weights, delays, extra=None) -> None:
        """Set the synapses through the projection's connector path.

        Parameters
        ----------
        method : str
            Name of the calling method (reports and errors).
        csr : CSR
            The connectivity.
        weights : float or numpy.ndarray
            One weight, or one per synapse in CSR order.
        delays : float or numpy.ndarray
            Delays in ms, one or one per synapse.
        extra : dict, optional
            Values of other local attributes (CSR order).
        """
        # border padding repeats the clipped pre rank within a row
        conn = Connectivity(
            csr=csr, weights=weights, delays=delays, connector=method, multapses=True
        )
        self._connect_with(method, lambda _ctx: conn, (), {})
        for name, values in (extra or {}).items():
            self._values[name] = np.asarray(values, dtype=np.float64)

    save_connectivity = unavailable("save_connectivity")
    save = unavailable("save")
    load = unavailable("load")
    receptive_fields = unavailable("receptive_fields")
    connectivity_matrix = unavailable("connectivity_matrix")
