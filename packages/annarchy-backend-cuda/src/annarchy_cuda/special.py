"""Special code on the GPU: native code that plugins bring for a population or a projection.

A population or projection whose IR carries ``special=SpecialIR(kind, data, state, options)``
gets its kernel bodies from the generator a plugin registered under ``("cuda", kind)`` in
``registry("special_code")`` (``docs/internals.md``, section 6). The arrays of ``data`` and
``state`` become slots of the pointer table (their lengths in ``I[]``, so a new length never
recompiles). The generator receives a `CudaSite` and returns ``{phase: body}``:

- populations: ``"before_update"``, launched right before the population's neuron update;
- projections: ``"transmit"``, launched instead of the weighted sum / spike propagation.

Each body runs in ONE block of ``blockDim.x`` threads (launch kind ``reduce``): loop over
elements with ``for (long long i = threadIdx.x; i < n; i += blockDim.x)``, let thread 0 do the
sequential parts, separate them with ``__syncthreads()`` (every thread must reach it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ANNarchy.errors import InvalidConfiguration
from annarchy_codegen.names import c_comment
from annarchy_codegen.special_code import (
    DATA_ROLE,
    POPULATION_PHASES,
    PROJECTION_PHASES,
    SPECIAL_ROLES,
    SpecialSite,
    generate_bodies,
    initial_special,
    population_site,
    projection_site,
    site_values,
)

from .kernels import Kernel, Launch
from .layout import REAL, NetPlan, PopPlan, ProjPlan

__all__ = ["SPECIAL_ROLES", "CudaSite", "population_kernels", "projection_kernels"]

BACKEND = "cuda"


@dataclass(frozen=True)
class CudaSite(SpecialSite):
    """What a cuda generator receives: C names valid inside the kernel body (one block), the
    fields of ``annarchy_codegen.special_code.SpecialSite``; ``pre_spikes`` are in no
    particular order, integers are ``long long`` and ``real`` is ``ann_real``."""

    real: str = REAL


@dataclass(frozen=True)
class SpecialKernel(Kernel):
    body: str = ""


# -- layout and state --------------------------------------------------------------------------
def initial_array(plan: NetPlan, slot) -> np.ndarray:
    """Initial host values of a special slot."""
    special = plan.owner(slot.owner).special.ir
    return initial_special(special, slot.name, slot.role, slot.dtype(plan.precision))


def special_lengths(plan: NetPlan) -> dict[int, int]:
    """``{I index: length}`` of every special array at load."""
    out = {}
    for item in (*plan.pops, *plan.projs):
        if item.special is not None:
            for name, index in item.special.lengths.items():
                out[index] = int(np.asarray(initial_array(plan, item.special.slots[name])).size)
    return out


def special_slot(plan: NetPlan, owner: str, name: str):
    """The slot of special array ``owner.name`` (None when it is not one)."""
    try:
        special = plan.owner(owner).special
    except InvalidConfiguration:
        return None
    return None if special is None else special.slots.get(name)


def new_length(current, slot, values, owner: str) -> np.ndarray | None:
    """Host values of a special array written with a new length (None: same length)."""
    new = np.asarray(values, dtype=current.dtype)
    if current.ndim == 0 or new.size == current.size:
        return None
    if slot.role != DATA_ROLE:
        raise InvalidConfiguration(
            f"{owner}.{slot.name} is internal state of {current.size} values; got {new.size}."
        )
    return np.ascontiguousarray(new.reshape(-1)).copy()


# -- kernels -----------------------------------------------------------------------------------
def _kernels(item, site: CudaSite, phases, pointers, values, who: str) -> list[SpecialKernel]:
    kind = item.special.ir.kind
    bodies = generate_bodies(BACKEND, kind, who, site, phases)
    return [
        SpecialKernel(
            fn=f"special_{phase}_{item.owner}",
            comment=c_comment(f"{item.owner}: special code '{kind}', {phase}"),
            pointers=pointers,
            values=values,
            launch=Launch("reduce"),
            template="special.cu.j2",
            body=body,
        )
        for phase, body in bodies.items()
    ]


def population_kernels(plan: NetPlan, pop: PopPlan) -> list[SpecialKernel]:
    """The ``before_update`` kernel of a population with special code ([] without)."""
    if pop.special is None:
        return []
    pointers, fields = population_site(pop)
    values = site_values(plan, pop)
    who = f"Population '{pop.ir.name}'"
    return _kernels(pop, CudaSite(**fields), POPULATION_PHASES, pointers, values, who)


def projection_kernels(plan: NetPlan, proj: ProjPlan) -> list[SpecialKernel]:
    """The ``transmit`` kernel of a projection with special code ([] without)."""
    if proj.special is None:
        return []
    pointers, fields = projection_site(plan, proj)
    values = site_values(plan, proj)
    who = f"Projection '{proj.ir.name}'"
    return _kernels(proj, CudaSite(**fields), PROJECTION_PHASES, pointers, values, who)
