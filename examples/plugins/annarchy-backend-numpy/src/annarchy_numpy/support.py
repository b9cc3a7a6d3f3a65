"""What the numpy backend does not interpret: refused at ``compile()`` with a clear error."""

from __future__ import annotations

from ANNarchy.errors import BackendCapabilityError, InvalidConfiguration
from ANNarchy.plugin import NetworkIR

#: features of the network IR this backend refuses (for the documentation and the error)
UNSUPPORTED = (
    "native code of plugins (annarchy-inputs, annarchy-convolution, ...: SpecialIR)",
    "random numbers in pre_spike / post_spike statements",
    "structural plasticity (creating / pruning)",
    "axonal spikes (axon_spike, pre_axon_spike)",
    "single precision",
)


def _refuse(what: str, feature: str) -> None:
    raise BackendCapabilityError(
        f"The 'numpy' backend (annarchy-backend-numpy) does not support {feature}, used by "
        f"{what}. Compile this network with another paradigm (e.g. "
        "net.config(paradigm='openmp'))."
    )


def check_supported(net: NetworkIR) -> None:
    """Raise ``BackendCapabilityError`` naming the object and the feature this backend does
    not interpret."""
    if str(net.options.get("precision", "double")) not in ("double", "float64"):
        _refuse("this network", "single precision (precision='float')")
    for pop in net.populations:
        what = f"population '{pop.name}'"
        if pop.special is not None:
            _refuse(what, f"the native code '{pop.special.kind}' of a plugin")
        if pop.neuron.axon_spike is not None:
            _refuse(what, "axonal spikes (axon_spike)")
    for proj in net.projections:
        what = f"projection '{proj.name}'"
        syn = proj.synapse
        if proj.special is not None:
            _refuse(what, f"the native code '{proj.special.kind}' of a plugin")
        if _draws_in(syn, (syn.psp,)):
            raise InvalidConfiguration(f"Synapse '{syn.name}': random draws cannot be used in psp.")
        if _draws_in(syn, _event_exprs(syn)):
            _refuse(what, "random numbers in pre_spike / post_spike statements")
        if syn.creating is not None or syn.pruning is not None:
            _refuse(what, "structural plasticity (creating / pruning)")
        if syn.pre_axon_spike:
            _refuse(what, "axonal spikes (pre_axon_spike)")
        if syn.kind == "spike" and _kind(net, proj.pre) != "spike":
            raise InvalidConfiguration(
                f"Projection '{proj.name}': a spiking synapse needs a spiking pre-synaptic "
                "population."
            )


def _event_exprs(syn) -> list:
    stmts = (*syn.pre_spike, *syn.post_spike, *syn.event_driven)
    return [getattr(s, n, None) for s in stmts for n in ("expr", "min", "max")]


def _draws_in(syn, exprs) -> bool:
    """Whether one of ``exprs`` reads a random draw of ``syn``."""
    names = {d.name for d in syn.random}
    return any(names & {s.name for s in getattr(e, "free_symbols", ())} for e in exprs)


def _kind(net: NetworkIR, pop_id: int) -> str:
    for pop in net.populations:
        if pop.id == pop_id:
            return pop.neuron.kind
    raise BackendCapabilityError(f"No population with id {pop_id}.")
