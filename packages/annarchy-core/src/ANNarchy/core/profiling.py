"""``Network.profile()``: the time spent in each phase of the simulated steps, as measured by a
library built with ``compile(profile_enabled=True)`` (the reference's "computation timings")."""

from __future__ import annotations

import re

from ..errors import BackendCapabilityError

_OWNER = re.compile(r"^(.*) ((?:pop|proj)\d+)$")


class ProfileMixin:
    """``profile()`` of ``Network``."""

    def profile(self, clear: bool = False) -> dict[str, float]:
        """Seconds spent in each phase of the steps simulated since compile (or since the last
        ``profile(clear=True)``), measured by the library itself.

        The network must be compiled with ``compile(profile_enabled=True)``; without it the
        library measures nothing and costs nothing. The phases are, in the order of a step:
        ``'sums'`` (zeroing and weighted sums of a projection), ``'propagation <proj>'``
        (spike transmission), ``'recording'`` (monitors, both points of a step),
        ``'neuron update <pop>'`` (with spike emission, firing rate and delay history),
        ``'global operations <pop>'``, ``'synapse update <proj>'`` and
        ``'post-synaptic events <proj>'``, where ``<pop>``/``<proj>`` is the object's name.
        Their sum is at most the wall time of the ``simulate()`` calls (the rest is the step
        loop, the stop conditions and Python).

        Parameters
        ----------
        clear : bool
            Start the measurement again after reading it.

        Returns
        -------
        dict of str to float
            Seconds per phase (phases a step does not have are absent).

        Raises
        ------
        NotCompiledError
            Before ``compile()``.
        InvalidConfiguration
            When the network was compiled without ``profile_enabled=True``.
        BackendCapabilityError
            When the backend does not profile.
        """
        runtime = self._require_runtime("profile")
        if not hasattr(runtime, "profile"):
            raise BackendCapabilityError(
                f"Network {self.id}.profile(): the '{self._backend_name}' backend does not "
                "measure its phases; use the openmp backend."
            )
        names = {pop.owner: pop.name for pop in self._populations}
        names.update({proj.owner: proj.name for proj in self._projections})
        out: dict[str, float] = {}
        for label, entry in runtime.profile(clear=clear).items():
            match = _OWNER.match(label)
            if match is not None:
                label = f"{match.group(1)} {names.get(match.group(2), match.group(2))}"
            out[label] = out.get(label, 0.0) + float(entry["seconds"])
        return out
