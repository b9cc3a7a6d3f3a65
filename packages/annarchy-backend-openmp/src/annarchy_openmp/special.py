"""Special code: native code that plugins bring for a population or a projection.

A population or projection whose IR carries ``special=SpecialIR(kind, data, state, options)``
gets its code from the generator a plugin registered under ``("openmp", kind)`` in
``registry("special_code")`` (see ``docs/internals.md``, section 6). The arrays of
``data`` and ``state`` become slots of the pointer table (their lengths live in ``I[]``, so a
new length never recompiles); the generator receives an `OpenMPSite` naming every array
the kernel may use and returns ``{phase: body}``:

- populations: ``"before_update"``, run right before the population's neuron update;
- projections: ``"transmit"``, run instead of the weighted sum / spike propagation.

Each body becomes one ``static void`` kernel with the usual prelude (``I``, ``D``, ``dt``,
``t``, ``step``, ``nt``, ``seed``) plus the declarations of the site.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ANNarchy.errors import InvalidConfiguration
from annarchy_codegen import special_code as shared
from annarchy_codegen.names import c_comment
from annarchy_codegen.special_code import (  # noqa: F401 - re-exported for state/runtime
    DATA_ROLE,
    POPULATION_PHASES,
    PROJECTION_PHASES,
    SPECIAL_ROLES,
    STATE_ROLE,
    SpecialPlan,
)

from .layout import ArraySlot, NetPlan, PopPlan, ProjPlan
from .symbols import PtrDecl, ValueDecl

BACKEND = "openmp"


class OpenMPSite(shared.SpecialSite):
    """What an openmp generator receives: C names valid inside the kernel body (see
    ``annarchy_codegen.special_code.SpecialSite``); integers are ``int64_t``, ``real`` is
    ``double``."""


@dataclass(frozen=True)
class SpecialKernel:
    fn: str
    comment: str
    pointers: list[PtrDecl]
    values: list[ValueDecl]
    body: str
    template: str = "special.cpp.j2"


# -- state -------------------------------------------------------------------------------------
def _owner_special(plan: NetPlan, owner: str) -> SpecialPlan | None:
    return getattr(plan.owner(owner), "special", None)


def initial_array(plan: NetPlan, slot: ArraySlot) -> np.ndarray:
    """A fresh copy of the initial values of a special slot (called by ``NetworkState``)."""
    special = _owner_special(plan, slot.owner).ir
    return shared.initial_special(special, slot.name, slot.role, slot.dtype)


def fill_lengths(state) -> None:
    """Write the length of every special array into ``I[]``."""
    for item in (*state.plan.pops, *state.plan.projs):
        special = getattr(item, "special", None)
        if special is None:
            continue
        for name, index in special.lengths.items():
            state.ints[index] = state.arrays[(item.owner, name)].size


def is_special(plan: NetPlan, owner: str, name: str) -> bool:
    try:
        special = _owner_special(plan, owner)
    except InvalidConfiguration:
        return False
    return special is not None and name in special.slots


def set_array(state, plan: NetPlan, owner: str, name: str, values) -> None:
    """Write a special array; a data array of a new length is reallocated (no recompilation)."""
    special = _owner_special(plan, owner)
    slot = special.slots[name]
    current = state.arrays[(owner, name)]
    new = np.asarray(values, dtype=slot.dtype)
    if current.ndim == 0 or new.size == current.size:
        try:
            current[...] = new.reshape(current.shape)
        except ValueError:
            raise InvalidConfiguration(
                f"Cannot set {owner}.{name} (shape {current.shape}) from shape {new.shape}."
            ) from None
        return
    if slot.role != DATA_ROLE:
        raise InvalidConfiguration(
            f"{owner}.{name} is internal state of {current.size} values; got {new.size}."
        )
    array = np.ascontiguousarray(new.reshape(-1)).copy()
    state.arrays[(owner, name)] = array
    state.pointers[slot.slot] = array.ctypes.data
    state.ints[special.lengths[name]] = array.size


# -- code --------------------------------------------------------------------------------------
def _kernels(item, site: OpenMPSite, phases, pointers, values, who: str) -> list[SpecialKernel]:
    special = item.special.ir
    bodies = shared.generate_bodies(BACKEND, special.kind, who, site, phases)
    return [
        SpecialKernel(
            fn=f"special_{phase}_{item.owner}",
            comment=c_comment(f"{item.owner}: special code '{special.kind}', {phase}"),
            pointers=pointers,
            values=values,
            body=bodies[phase],
        )
        for phase in phases
        if bodies.get(phase)
    ]


def population_kernels(plan: NetPlan, pop: PopPlan) -> list[SpecialKernel]:
    """The ``before_update`` kernel of a population with special code ([] without)."""
    if getattr(pop, "special", None) is None:
        return []
    pointers, fields = shared.population_site(pop)
    values = shared.site_values(plan, pop)
    who = f"Population '{pop.ir.name}'"
    return _kernels(pop, OpenMPSite(**fields), POPULATION_PHASES, pointers, values, who)


def projection_kernels(plan: NetPlan, proj: ProjPlan) -> list[SpecialKernel]:
    """The ``transmit`` kernel of a projection with special code."""
    pointers, fields = shared.projection_site(plan, proj)
    values = shared.site_values(plan, proj)
    who = f"Projection '{proj.ir.name}'"
    return _kernels(proj, OpenMPSite(**fields), PROJECTION_PHASES, pointers, values, who)
