"""Backend-neutral parts of special code (``docs/architecture.md`` section 6): the generator
lookup in ``registry("special_code")``, the phases, and the slots of the special arrays.

A backend gives its own C element types (``ctypes``: numpy dtype -> C type) and its slot
builder (``builder.array(owner, name, ctype, extent, role)`` and ``builder.int()``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ANNarchy.errors import InvalidConfiguration, PluginError

#: phases a generator may fill, per owner type
POPULATION_PHASES = ("before_update",)
PROJECTION_PHASES = ("transmit",)
#: slot roles: 'special' (data, kept by reset) and 'special_state' (restored by reset)
DATA_ROLE, STATE_ROLE = "special", "special_state"
SPECIAL_ROLES = (DATA_ROLE, STATE_ROLE)
#: dtypes a special array may have
DTYPES = tuple(np.dtype(t) for t in (np.float64, np.int64, np.int32, np.uint8, np.bool_))


@dataclass(frozen=True)
class SpecialPlan:
    """The slots of the special arrays of one owner and the integer index of each length."""

    ir: object  # ANNarchy.core.network_ir.SpecialIR
    slots: dict
    lengths: dict[str, int]


def special_plan(builder, owner: str, special, taken, ctypes: dict) -> SpecialPlan:
    """Slots (extent 'scalar' for 0-d arrays, else 'special') for the arrays of ``special``."""
    slots, lengths = {}, {}
    for role, arrays in ((DATA_ROLE, special.data), (STATE_ROLE, special.state)):
        for name in sorted(arrays):
            if name in taken or name in slots:
                raise InvalidConfiguration(
                    f"Special array '{name}' of '{owner}' has the name of another array."
                )
            array = np.asarray(arrays[name])
            if array.dtype not in ctypes:
                raise InvalidConfiguration(
                    f"Special array '{name}' of '{owner}' has dtype {array.dtype}; use float64, "
                    "int64, int32, uint8 or bool."
                )
            extent = "scalar" if array.ndim == 0 else "special"
            slots[name] = builder.array(owner, name, ctypes[array.dtype], extent, role)
            lengths[name] = builder.int()
    return SpecialPlan(ir=special, slots=slots, lengths=lengths)


def initial_special(special, name: str, role: str, dtype) -> np.ndarray:
    """A fresh copy of the initial values of a special array (flat, or 0-d)."""
    source = special.data if role == DATA_ROLE else special.state
    array = np.array(source[name], dtype=dtype, copy=True)
    return array if array.ndim == 0 else np.ascontiguousarray(array.reshape(-1))


def generator(backend: str, kind: str, who: str):
    """The generator registered for ``(backend, kind)``, or a ``PluginError`` naming both."""
    from ANNarchy.plugins import registry

    generators = registry("special_code")
    if (backend, kind) not in generators:
        raise PluginError(
            f"{who} needs native code of kind '{kind}' for the '{backend}' backend, and no "
            "installed plugin provides it. Install the distribution that defines this object "
            "(e.g. pip install annarchy-inputs) or choose another backend."
        )
    return generators.get((backend, kind))


def generate_bodies(backend: str, kind: str, who: str, site, phases) -> dict[str, str]:
    """``{phase: body}`` of the generator for ``site`` (empty bodies dropped); unknown phases
    are a ``PluginError``."""
    bodies = generator(backend, kind, who)(site)
    unknown = set(bodies) - set(phases)
    if unknown:
        raise PluginError(
            f"The '{kind}' generator of {who} returned unknown phases {sorted(unknown)} "
            f"(known: {', '.join(phases)})."
        )
    return {phase: bodies[phase] for phase in phases if bodies.get(phase)}
