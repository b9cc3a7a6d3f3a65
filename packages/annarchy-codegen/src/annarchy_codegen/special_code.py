"""Backend-neutral parts of special code (``docs/internals.md`` section 6): the generator
lookup in ``registry("special_code")``, the phases, and the slots of the special arrays.

A backend gives its own C element types (``ctypes``: numpy dtype -> C type) and its slot
builder (``builder.array(owner, name, ctype, extent, role)`` and ``builder.int()``). The C names
a generator receives (``population_site``, ``projection_site``) are the same in every backend.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from ANNarchy.errors import InvalidConfiguration, PluginError

from annarchy_codegen.symbols import PtrDecl, ValueDecl, own_pointers

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
            assert array.dtype in ctypes, (
                f"special array '{name}': dtype {array.dtype}"
            )  # validate()
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
    from ANNarchy.plugin import registry

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


# -- sites: the C names a generator receives (the same in every backend) ------------------------
@dataclass(frozen=True)
class SpecialSite:
    """What a generator receives: C names valid inside the kernel body.

    Common: ``data[name]`` is the pointer ``X_<name>`` to a data or state array (a 0-d array
    is a pointer to one element; float64 arrays are ``double*`` in every precision) and
    ``length[name]`` the C expression of its current length; ``attrs[name]`` the pointer to an
    own attribute (``L_x`` local, ``P_x`` global). Populations: ``size`` (``n``), ``spiking``.
    Projections: ``rows`` (rows of the CSR), ``conn`` (``C_post_ranks``, ``C_row_ptr``,
    ``C_pre_ranks``; spiking pre: ``C_pre_ptr``, ``C_pre_syn``, ``C_syn_row``), ``weight`` (C
    expression of the weight of synapse ``k``), ``pre``/``post`` (attribute -> pointer
    ``Pre_x``/``Post_x``, or ``PreP_x``/``PostP_x`` for scalars), ``targets`` (target ->
    pointer to what the post neuron receives: its ``_sum_target`` for rate-coded, its
    ``g_target`` for spiking populations), ``pre_spikes``/``pre_nspikes`` (ranks that spiked
    at the previous step and their number; spiking pre only), ``pre_size``/``post_size``.
    ``real`` is the C type of floating-point state.
    """

    owner: str
    name: str
    special: object  # ANNarchy.core.network_ir.SpecialIR
    data: dict[str, str]
    length: dict[str, str]
    attrs: dict[str, str]
    size: str = "n"
    spiking: bool = False
    rows: str = "rows"
    conn: dict[str, str] = field(default_factory=dict)
    weight: str = ""
    pre: dict[str, str] = field(default_factory=dict)
    post: dict[str, str] = field(default_factory=dict)
    targets: dict[str, str] = field(default_factory=dict)
    pre_spikes: str = ""
    pre_nspikes: str = ""
    pre_size: str = "npre"
    post_size: str = "npost"
    real: str = "double"


def _data_decls(item) -> tuple[list, dict, dict]:
    special = item.special
    pointers = [PtrDecl(s.ctype, f"X_{n}", s.slot) for n, s in special.slots.items()]
    data = {name: f"X_{name}" for name in special.slots}
    length = {name: f"I[{index}]" for name, index in special.lengths.items()}
    return pointers, data, length


def _attr_names(item, side: str = "") -> dict[str, str]:
    """Attribute -> pointer: own ``L_x``/``P_x``; ``side`` 'Pre'/'Post': ``Pre_x``/``PreP_x``."""
    local = f"{side}_" if side else "L_"
    return {
        name: f"{side}P_{name}" if slot.extent == "scalar" else f"{local}{name}"
        for name, slot in item.attrs.items()
    }


def _side_pointers(pop, side: str) -> list:
    """Every attribute, sum and spike array of ``pop`` as ``Pre_x``/``PreP_x`` (or Post)."""
    out = []
    for name, slot in pop.attrs.items():
        prefix = f"{side}P_" if slot.extent == "scalar" else f"{side}_"
        out.append(PtrDecl(slot.ctype, prefix + name, slot.slot))
    out += [PtrDecl(pop.dialect.real, f"{side}S_{t}", s.slot) for t, s in pop.sums.items()]
    out += [PtrDecl(s.ctype, f"{side}_{n}", s.slot) for n, s in pop.internal.items()]
    return out


def _fields(item, data: dict, length: dict, **more) -> dict:
    """The site fields every owner has, plus ``more``."""
    return dict(
        owner=item.owner,
        name=item.ir.name,
        special=item.special.ir,
        data=data,
        length=length,
        attrs=_attr_names(item),
        **more,
    )


def population_site(pop) -> tuple[list, dict]:
    """(pointer declarations, site fields) of the special code of population ``pop``."""
    pointers, data, length = _data_decls(pop)
    pointers += own_pointers(pop)
    pointers += [PtrDecl(pop.dialect.real, f"S_{t}", s.slot) for t, s in pop.sums.items()]
    pointers += [PtrDecl(s.ctype, f"L_{n}", s.slot) for n, s in pop.internal.items()]
    return pointers, _fields(pop, data, length, spiking=pop.spiking)


def projection_site(plan, proj) -> tuple[list, dict]:
    """(pointer declarations, site fields) of the special code of projection ``proj``."""
    pre, post = plan.pop(proj.ir.pre), plan.pop(proj.ir.post)
    pointers, data, length = _data_decls(proj)
    pointers += own_pointers(proj)
    pointers += [PtrDecl(s.ctype, f"C_{n}", s.slot) for n, s in proj.conn.items()]
    pointers += _side_pointers(pre, "Pre") + _side_pointers(post, "Post")
    w = proj.attrs.get("w")
    weight = "1.0" if w is None else ("(*P_w)" if w.extent == "scalar" else "L_w[k]")
    targets = {
        t: (f"PostS_{t}" if t in post.sums else f"Post_g_{t}")
        for t in proj.ir.targets
        if t in post.sums or f"g_{t}" in post.attrs
    }
    fields = _fields(
        proj,
        data,
        length,
        conn={name: f"C_{name}" for name in proj.conn},
        weight=weight,
        pre=_attr_names(pre, "Pre"),
        post=_attr_names(post, "Post"),
        targets=targets,
        pre_spikes="Pre__spiked" if pre.spiking else "",
        pre_nspikes=f"I[{pre.int_nspikes}]" if pre.spiking else "",
    )
    return pointers, fields


def site_values(plan, item) -> list:
    """The integer values of a special kernel: ``n`` (populations) or ``rows``, ``npre``,
    ``npost`` (projections)."""
    int_type = item.dialect.int64
    if not hasattr(item, "conn"):
        return [ValueDecl(int_type, "n", f"I[{item.int_size}]")]
    pre, post = plan.pop(item.ir.pre), plan.pop(item.ir.post)
    return [
        ValueDecl(int_type, "rows", f"I[{item.int_rows}]"),
        ValueDecl(int_type, "npre", f"I[{pre.int_size}]"),
        ValueDecl(int_type, "npost", f"I[{post.int_size}]"),
    ]
