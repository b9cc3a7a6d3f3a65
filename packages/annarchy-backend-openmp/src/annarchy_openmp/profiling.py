"""``compile(profile_enabled=True)``: the library times every call of a step.

A profiled build (the network IR's ``options['profile_enabled']``) wraps each call of the step
(a kernel, or a recording point) in two ``omp_get_wtime()`` readings and adds the elapsed
seconds and one call to its two cells of a ``double`` array, the pointer table's last slot
(`profile_slot`, after the layout's slots). Without it the generated code is unchanged:
nothing is measured and nothing costs. On a thread team, a kernel shared by the team is timed
by thread 0 (the team waits for the slowest thread at the loop's end), the others by the thread
that runs them.
"""

from __future__ import annotations

import numpy as np
from ANNarchy.plugin import NetworkIR

from .layout import RULES, NetPlan

#: the option of the network IR that asks for a profiled build
PROFILE_OPTION = "profile_enabled"
#: the phase each role of the step schedule belongs to (``annarchy_codegen.schedule``)
PHASES = {
    "zero_sums": "sums",
    "special_projection": "propagation",
    "propagate": "propagation",
    "weighted_sum": "sums",
    "special_population": "neuron update",
    "neuron_update": "neuron update",
    "firing_rate": "neuron update",
    "history": "neuron update",
    "global_ops": "global operations",
    "synapse_update": "synapse update",
    "post_events": "post-synaptic events",
    "record": "recording",
}


def profiled(net: NetworkIR) -> bool:
    """Whether ``net`` asks for a profiled build."""
    return bool(net.options.get(PROFILE_OPTION))


def profile_slot(plan: NetPlan) -> int:
    """The pointer-table slot of the timing array: the one after the layout's slots."""
    return RULES.first_slot + len(plan.slots)


def call_label(role: str, owner) -> str:
    """``'<phase> <owner>'`` (``'neuron update pop0'``, ``'synapse update proj1'``,
    ``'recording'``)."""
    phase = PHASES.get(role, role.replace("_", " "))
    return phase if owner is None else f"{phase} {owner.owner}"


def read_profile(timings: np.ndarray, labels: list[str]) -> dict[str, dict[str, float]]:
    """``{label: {'seconds': s, 'calls': n}}`` summed over the calls with the same label."""
    out: dict[str, dict[str, float]] = {}
    for index, label in enumerate(labels):
        entry = out.setdefault(label, {"seconds": 0.0, "calls": 0})
        entry["seconds"] += float(timings[2 * index])
        entry["calls"] = max(entry["calls"], int(timings[2 * index + 1]))
    return out
