"""``validate(network_ir)``: the user errors of a lowered network, found before any backend runs.

``compile()`` lowers the network, calls `validate`, then the backend's ``generate()``: every
backend (openmp, cuda, the fake backend of the tests, a third-party one) reports the same errors
with the same words, and a backend may assume what is checked here (its generators keep
assertions only). A backend called without ``compile()`` (tests generating code from a
``NetworkIR``) calls `validate` itself; it is public in ``ANNarchy.plugin``.
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidConfiguration
from .config import STORAGE_FORMATS, STORAGE_ORDERS
from .network_ir import NetworkIR, PopulationIR, ProjectionIR

#: dtypes of the arrays of a SpecialIR (native code of a plugin)
SPECIAL_DTYPES = tuple(np.dtype(t) for t in (np.float64, np.int64, np.int32, np.uint8, np.bool_))

# The ways a rate-coded projection combines the psp of its synapses (Synapse(operation=...)).
OPERATIONS = ("sum", "max", "min", "mean")


def validate(net: NetworkIR) -> None:
    """Refuse a network no backend can simulate, with an error naming the object to change.

    Parameters
    ----------
    net : NetworkIR
        The lowered network.

    Raises
    ------
    InvalidConfiguration
        On the first problem found.
    """
    pops = {p.id: p for p in net.populations}
    received = {p.id: set(p.neuron.targets) for p in net.populations}
    for proj in net.projections:
        received[proj.post].update(proj.targets)
    _check_functions(net)
    for pop in net.populations:
        _check_population(pop)
        _check_special(f"Population '{pop.name}'", pop.special, pop.neuron)
    for proj in net.projections:
        pre, post = pops[proj.pre], pops[proj.post]
        _check_special(f"Projection '{proj.name}'", proj.special, proj.synapse)
        _check_storage(proj)
        _check_synapse(proj, pre)
        for side, pop in (("pre", pre), ("post", post)):
            refs = proj.synapse.pre_refs if side == "pre" else proj.synapse.post_refs
            _check_attribute_refs(proj, side, pop, refs)
            _check_sum_refs(proj, side, pop, refs, received[pop.id])
        _check_global_ops(proj, pre, post)


def _check_functions(net: NetworkIR) -> None:
    """One definition per function name, over the network's and every model's functions."""
    found = {}
    models = [p.neuron for p in net.populations] + [p.synapse for p in net.projections]
    for fn in (*net.functions, *(f for m in models for f in m.functions)):
        if found.setdefault(fn.name, fn) != fn:
            raise InvalidConfiguration(
                f"Two different functions are named '{fn.name}'; rename one of them."
            )


def _check_population(pop: PopulationIR) -> None:
    neuron = pop.neuron
    if neuron.kind == "spike" and neuron.spike is None:
        raise InvalidConfiguration(
            f"Population '{pop.name}': the spiking neuron '{neuron.name}' has no spike "
            "condition; give Neuron(spike=...)."
        )
    for gop in neuron.global_ops:
        _check_reduced(f"population '{pop.name}'", gop, pop)


def _check_reduced(where: str, gop, pop: PopulationIR) -> None:
    """A reduction (``mean(r)``, ``max(pre.r)``) needs a local attribute of the neuron."""
    attr = next((a for a in pop.neuron.attributes if a.name == gop.variable), None)
    if attr is None or attr.locality != "local":
        what = "is not an attribute of" if attr is None else "is not a local attribute of"
        raise InvalidConfiguration(
            f"{gop.op}({gop.variable}) in {where}: {gop.variable} {what} the neuron of "
            f"population '{pop.name}'; reduce a variable with one value per neuron."
        )


def _check_storage(proj: ProjectionIR) -> None:
    if proj.storage_format not in STORAGE_FORMATS:
        raise InvalidConfiguration(
            f"Projection '{proj.name}': unknown storage_format '{proj.storage_format}' "
            f"(known: {', '.join(STORAGE_FORMATS)})."
        )
    if proj.storage_order not in STORAGE_ORDERS:
        raise InvalidConfiguration(
            f"Projection '{proj.name}': storage_order must be 'post_to_pre' or 'pre_to_post', "
            f"got '{proj.storage_order}'."
        )


def _check_synapse(proj: ProjectionIR, pre: PopulationIR) -> None:
    syn = proj.synapse
    if syn.kind == "spike" and pre.neuron.kind != "spike":
        raise InvalidConfiguration(
            f"Projection '{proj.name}': the synapse '{syn.name}' reacts to spikes, but the "
            f"pre-synaptic population '{pre.name}' is rate-coded; use a spiking pre-synaptic "
            "population or a rate-coded synapse."
        )
    if syn.kind == "rate" and syn.operation not in OPERATIONS:
        raise InvalidConfiguration(
            f"Synapse '{syn.name}': operation must be one of {', '.join(OPERATIONS)}, "
            f"got '{syn.operation}'."
        )
    draws = {d.name for d in syn.random}
    if {s.name for s in getattr(syn.psp, "free_symbols", ())} & draws:
        raise InvalidConfiguration(
            f"Synapse '{syn.name}': random draws cannot be used in psp; draw them in a "
            "variable's equation and use the variable in psp."
        )
    delayed = proj.uniform_delay < 0 or proj.uniform_delay > 1
    if syn.pre_axon_spike and pre.neuron.axon_spike is not None and delayed:
        raise InvalidConfiguration(
            f"Projection '{proj.name}': pre_axon_spike of synapse '{syn.name}' cannot be "
            "combined with synaptic delays; use delays of at most one step (dt)."
        )


def _check_attribute_refs(proj: ProjectionIR, side: str, pop: PopulationIR, refs) -> None:
    """``pre.x``/``post.x`` must name an attribute of the population's neuron."""
    known = {attr.name for attr in pop.neuron.attributes} | {"t_last"}
    for name in refs:
        if name.startswith("_sum_") or name in known:
            continue
        raise InvalidConfiguration(
            f"Projection '{proj.name}': the synapse '{proj.synapse.name}' reads {side}.{name}, "
            f"but the neuron of the {side}-synaptic population '{pop.name}' has no attribute "
            f"'{name}' (it has: {', '.join(sorted(known))}). Correct the name in the synapse "
            "or add the attribute to the neuron."
        )


def _check_sum_refs(proj: ProjectionIR, side: str, pop: PopulationIR, refs, received) -> None:
    """``pre.sum(t)``/``post.sum(t)`` in a synapse read the weighted sum a rate-coded neuron
    receives for target ``t``: the population must be rate-coded and receive ``t``."""
    for target in (r[5:] for r in refs if r.startswith("_sum_")):
        if pop.neuron.kind == "rate" and target in received:
            continue
        why = (
            "is spiking (use its conductance g_{t} instead)"
            if pop.neuron.kind != "rate"
            else "receives no projection with target '{t}'"
        ).format(t=target)
        raise InvalidConfiguration(
            f"Projection '{proj.name}': the synapse '{proj.synapse.name}' reads "
            f"{side}.sum({target}), but the {side}-synaptic population '{pop.name}' "
            f"{why}. Connect a projection with target='{target}' to it, or change "
            "the synapse."
        )


def _check_global_ops(proj: ProjectionIR, pre: PopulationIR, post: PopulationIR) -> None:
    for gop in proj.synapse.global_ops:
        pop = pre if gop.side == "pre" else post
        _check_reduced(f"the synapse '{proj.synapse.name}' of projection '{proj.name}'", gop, pop)


def _check_special(who: str, special, model) -> None:
    """The arrays of a plugin's native code: flat or 0-d, of a C-friendly dtype, named apart from
    each other and from the model's attributes (see ``SpecialIR``)."""
    if special is None:
        return
    attributes = {a.name for a in model.attributes}
    clash = set(special.data) & set(special.state)
    for name, array in (*special.data.items(), *special.state.items()):
        array = np.asarray(array)
        problem = None
        if name in attributes or name in clash:
            problem = "has the name of another array or of an attribute of the model"
        elif array.ndim > 1:
            problem = f"has {array.ndim} dimensions (special arrays are flat or 0-d)"
        elif array.dtype not in SPECIAL_DTYPES:
            problem = f"has dtype {array.dtype}; use float64, int64, int32, uint8 or bool"
        if problem:
            raise InvalidConfiguration(
                f"{who}: the special array '{name}' of kind '{special.kind}' {problem}. This is "
                "a bug of the plugin that provides the object; report it to its authors."
            )
