"""The order of one simulation step, written once for every code-generating backend.

`step_schedule` lists the *stages* of a step: a role (what is done) and the population or
projection it is done for. A backend maps each role to its kernel builders (a role may give no
kernel, e.g. ``firing_rate`` where a population does not compute it, or several, e.g. the CUDA
backend's separate kernel for the global statements of a neuron update) and turns ``record``
stages into its recording points.

A step has two phases:

0. **inputs**: zero the weighted sums, then per projection in creation order its transmission
   (a plugin's ``special`` code, or ``propagate`` for the spikes of a spiking projection and
   ``weighted_sum`` for a rate-coded sum or a continuous ``psp``); then ``record`` (phase 0:
   what monitors see of the inputs, e.g. the conductances before the neurons decay them).
1. **updates**: ``spike_reset`` (backends that count spikes with atomics clear the counters),
   then per population its ``special_population`` code, ``neuron_update`` (with spike
   emission), ``firing_rate`` and ``history`` (delay rings); then the ``global_ops`` of every
   population, the ``synapse_update`` of every projection, the ``post_events`` of every spiking
   projection, and ``record`` (phase 1).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .layout import NetPlan, PopPlan, ProjPlan

#: every role, in the order a step runs them (within a role: populations or projections in
#: creation order)
ROLES = (
    "zero_sums",
    "special_projection",
    "propagate",
    "weighted_sum",
    "record",
    "spike_reset",
    "special_population",
    "neuron_update",
    "firing_rate",
    "history",
    "global_ops",
    "synapse_update",
    "post_events",
)
INPUTS, UPDATES = 0, 1


@dataclass(frozen=True)
class Stage:
    """One stage of a step: ``role`` (see `ROLES`) done for ``owner`` (a population or
    projection plan; None for stages of the whole network) in ``phase`` (0 inputs, 1 updates)."""

    role: str
    owner: PopPlan | ProjPlan | None
    phase: int


def _transmission(proj: ProjPlan) -> list[str]:
    if proj.special is not None:  # a plugin's native code replaces the transmission
        return ["special_projection"]
    roles = ["propagate"] if proj.spiking else []
    if not proj.spiking or proj.ir.synapse.psp is not None:
        roles.append("weighted_sum")
    return roles


def step_schedule(plan: NetPlan) -> list[Stage]:
    """The stages of one step of ``plan``, in the order they run (see the module docstring)."""
    out = [Stage("zero_sums", None, INPUTS)]
    out += [Stage(role, proj, INPUTS) for proj in plan.projs for role in _transmission(proj)]
    out += [Stage("record", None, INPUTS), Stage("spike_reset", None, UPDATES)]
    for pop in plan.pops:
        if getattr(pop, "special", None) is not None:
            out.append(Stage("special_population", pop, UPDATES))
        out += [Stage("neuron_update", pop, UPDATES), Stage("firing_rate", pop, UPDATES)]
        if pop.hist:
            out.append(Stage("history", pop, UPDATES))
    out += [Stage("global_ops", pop, UPDATES) for pop in plan.pops if pop.gops]
    out += [Stage("synapse_update", proj, UPDATES) for proj in plan.projs]
    out += [Stage("post_events", proj, UPDATES) for proj in plan.projs if proj.spiking]
    out.append(Stage("record", None, UPDATES))
    return out


#: a backend's builder of one role: (plan, owner) -> the kernels of that stage (maybe none)
Builder = Callable[[NetPlan, "PopPlan | ProjPlan | None"], Iterable]


def scheduled_kernels(plan: NetPlan, builders: dict[str, Builder]) -> list[tuple[Stage, list]]:
    """(stage, its kernels) of every stage of ``plan``, with the backend's ``builders`` (a role
    without a builder gives no kernel; ``record`` stages are listed with no kernel)."""
    out = []
    for stage in step_schedule(plan):
        build = builders.get(stage.role)
        kernels = [] if build is None else [k for k in build(plan, stage.owner) if k is not None]
        out.append((stage, kernels))
    return out
