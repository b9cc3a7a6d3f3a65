"""Synaptic delays of a projection: reading them, and changing them before or after compile.

Before ``compile()``, ``proj.delay = value`` replaces the delays the connector gave; the kind of
the generated code is chosen at compile from them. After ``compile()``, the kind is fixed, as in
the reference:

- a projection compiled with delays of one step (``dt``) reads the current values (rate-coded)
  or the spikes of the last step (spiking), and keeps no history: its delay cannot grow;
- a projection compiled with one delay above ``dt`` for all synapses takes any single delay
  (the history of the pre-synaptic population grows when the delay exceeds it);
- a projection compiled with per-synapse delays takes per-synapse delays (a list of lists, one
  list per dendrite in post-synaptic rank order) or one value for every synapse.

When the history grows, the steps it did not keep read as zeros (rate-coded) or without spikes,
as in the reference; ``max_delay`` is the largest delay the projection has had since compile.
Transmission reads the history with the delays of the current step: with a uniform delay, a
spike emitted before a change arrives after the new delay, as in the reference. With per-synapse
delays, a spike keeps the delay its synapse had when it was queued (the step after its
emission), as the reference's queue of spikes: the backend writes the spikes in flight out as
explicit events when the delays change (``annarchy_codegen.delay_queue``).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ..errors import InvalidConfiguration
from ..random import RandomDistribution
from .capabilities import SupportsDelays, require
from .synapse_values import counts_of, delay_steps, local_values, split_rows


class _DelayAttribute:
    """What ``local_values`` needs to know of the delay (name and type)."""

    name = "delay"
    ctype = "double"


class DelayMixin:
    """``delay``, ``uniform_delay`` and ``max_delay`` of a ``Projection``."""

    @property
    def uniform_delay(self) -> int:
        """The delay in steps when all synapses share it, else -1 (always -1 once a projection
        is compiled with per-synapse delays)."""
        if self._compiled_delay_kind() == "nonuniform":
            return -1
        steps = delay_steps(self._delays, self._net.dt)
        if np.ndim(steps) == 0:
            return int(steps)
        if steps.size and np.all(steps == steps[0]):
            return int(steps[0])
        return -1 if steps.size else 0

    def _delay_array(self) -> np.ndarray | None:
        """Per-synapse delays in steps when non-uniform, else None."""
        if self.uniform_delay >= 0:
            return None
        steps = delay_steps(self._delays, self._net.dt)
        return np.broadcast_to(steps, (self._csr().nnz,)).copy() if np.ndim(steps) == 0 else steps

    @property
    def max_delay(self) -> int:
        """The largest delay in steps (after compile: the largest since compile)."""
        steps = self._delay_array()
        current = int(steps.max()) if steps is not None and steps.size else self.uniform_delay
        return max(current, getattr(self, "_delay_high", 0))

    @property
    def delay(self):
        """Delays in ms: one value (at least dt) when uniform, else a list of lists.

        Assigning it takes one value in ms, a random distribution, or a list of lists (one list
        per dendrite, in post-synaptic rank order, with the delays of its synapses); delays are
        rounded to steps and are at least ``dt``. See the module ``delays`` for what may change
        after ``compile()``.
        """
        if self._connectivity is None:
            return None
        steps = self._delay_array()
        if steps is None:
            return max(self.uniform_delay, 1) * self._net.dt
        return split_rows(steps * self._net.dt, self._connectivity.csr)

    @delay.setter
    def delay(self, value) -> None:
        ms = self._delay_values(value)
        kind = self._compiled_delay_kind()
        if kind is not None:
            ms = self._set_compiled_delay(kind, ms)
        self._delays = ms
        self._connectivity = dataclasses.replace(self._connectivity, delays=ms)

    # ------------------------------------------------------------------ helpers
    def _compiled_delay_kind(self) -> str | None:
        """'none', 'uniform' or 'nonuniform' for the compiled code; None before compile."""
        net = self._net
        if net is None or net._runtime is None or net._ir is None:
            return None
        for proj_ir in net._ir.projections:
            if proj_ir.id == self.id:
                if proj_ir.uniform_delay < 0:
                    return "nonuniform"
                return "uniform" if proj_ir.uniform_delay > 1 else "none"
        return None

    def _delay_values(self, value) -> float | np.ndarray:
        """``value`` checked: one delay in ms, or one per synapse (CSR order)."""
        csr = self._csr()
        if isinstance(value, (RandomDistribution, list, tuple, np.ndarray)):
            if isinstance(value, (list, tuple)) and len(value) != counts_of(csr).size:
                raise InvalidConfiguration(
                    f"{self._who()}: 'delay' needs one list per dendrite ({counts_of(csr).size}, "
                    f"in post-synaptic rank order), got {len(value)} lists."
                )
            rng = self._net.default_rng
            ms = local_values(self._who(), _DelayAttribute, value, csr, rng)
        else:
            try:
                ms = float(value)
            except (TypeError, ValueError):
                raise InvalidConfiguration(
                    f"{self._who()}: 'delay' takes a number of ms, a random distribution or a "
                    f"list of lists (one per dendrite), got {value!r}."
                ) from None
        if not np.all(np.isfinite(ms)) or np.any(np.asarray(ms) < 0):
            raise InvalidConfiguration(
                f"{self._who()}: delays must be finite and >= 0 ms (0 means one step, dt)."
            )
        return ms

    def _set_compiled_delay(self, kind: str, ms) -> float | np.ndarray:
        """Hand the new delays to the runtime; returns them in ms, rounded to steps."""
        dt = self._net.dt
        steps = np.maximum(np.rint(np.asarray(ms, dtype=float) / dt), 1).astype(np.int32)
        if kind != "nonuniform":
            if steps.ndim and steps.size and np.any(steps != steps.flat[0]):
                raise InvalidConfiguration(
                    f"{self._who()} was compiled with one delay for all its synapses: it cannot "
                    "take a delay per synapse. Give per-synapse delays to the connector before "
                    "compile() (e.g. delays=Uniform(1.0, 5.0)) to change them later."
                )
            steps = np.int32(steps.flat[0]) if steps.size else np.int32(max(self.uniform_delay, 1))
            if kind == "none" and steps > 1:
                raise InvalidConfiguration(
                    f"{self._who()} was compiled with delays of one step (dt) and keeps no "
                    f"history: it cannot take the delay {float(steps) * dt} ms. Give a delay "
                    "above dt to the connector before compile() (e.g. delays=2*dt) to change "
                    "it later."
                )
        elif steps.ndim == 0:
            steps = np.full(self._csr().nnz, steps, dtype=np.int32)
        self._runtime_delay_setter()(self.owner, steps)
        high = int(steps.max()) if steps.size else 1
        self._delay_high = max(getattr(self, "_delay_high", 0), high, self.max_delay)
        return float(steps) * dt if steps.ndim == 0 else steps * dt

    def _runtime_delay_setter(self):
        runtime = require(
            self._runtime(),
            SupportsDelays,
            f"{self._who()}: setting delays after compile()",
            self._net._backend_name,
            hint="set them before compile()",
        )
        return runtime.set_delay
