"""``parse_synapse``: a rate-coded or spiking synapse description to a ``SynapseIR``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import sympy as sp

from .declarations import add_parameters, declare_variables
from .errors import InvalidConfiguration
from .ir import Assign, FunctionDef, SynapseIR
from .methods import Method
from .model import ModelBuilder, describe
from .scope import AttrSpec
from .structural import structural_rule

OPERATIONS = ("sum", "max", "min", "mean")


def parse_synapse(
    name: str = "Synapse",
    parameters: object = None,
    equations: object = None,
    psp: str | None = None,
    operation: str = "sum",
    pre_spike: object = None,
    post_spike: object = None,
    pre_axon_spike: object = None,
    functions: str | None = None,
    constants: Iterable[str] = (),
    global_functions: Iterable[FunctionDef] = (),
    default_method: str = "explicit",
    methods: Mapping[str, Method] | None = None,
    kind: str | None = None,
    creating: object = None,
    pruning: object = None,
) -> SynapseIR:
    """Parse a synapse description.

    Parameters
    ----------
    name : str
        Model name, used in error messages.
    parameters : dict or str
        As for `parse_neuron`; string flags are ``projection`` (global) and
        ``postsynaptic`` (semiglobal).
    equations : str, Variable or list of str/Variable
        Synaptic variables; ``pre.x`` / ``post.x`` refer to the neurons' attributes.
    psp : str, optional
        Rate-coded: the post-synaptic potential (default ``w * pre.r``). Spiking: continuous
        transmission summed into the target conductance.
    operation : str
        'sum', 'max', 'min' or 'mean' (rate-coded only).
    pre_spike, post_spike, pre_axon_spike : str or list of str, optional
        Spiking synapses: statements run on pre-/post-synaptic (axonal) spikes. ``g_target``
        is the post-synaptic conductance. Without psp and pre_spike, pre_spike is
        ``g_target += w``.
    functions, constants, global_functions, default_method, methods
        As for `parse_neuron`.
    kind : str, optional
        'rate' or 'spike'; inferred when None (spiking if any spike statement is given).
    creating, pruning : Creating, Pruning or str, optional
        Structural plasticity conditions (a string may carry ``proba=``, ``w=``, ``d=`` flags).

    Returns
    -------
    SynapseIR

    Raises
    ------
    ParserError
        For any invalid description, naming the model and the line.
    """
    if kind is None:
        spiking = any(x is not None for x in (pre_spike, post_spike, pre_axon_spike))
        kind = "spike" if spiking else "rate"
    if kind not in ("rate", "spike"):
        raise InvalidConfiguration(f"Synapse '{name}': kind must be 'rate' or 'spike'")
    b = ModelBuilder(name, "synapse", kind, functions, constants, global_functions, methods)
    _check_operation(b, kind, operation, pre_spike, post_spike, pre_axon_spike)
    st = b.state
    description = describe(
        parameters=parameters, equations=equations, psp=psp, operation=operation,
        pre_spike=pre_spike, post_spike=post_spike, pre_axon_spike=pre_axon_spike,
        functions=functions, creating=creating, pruning=pruning,
    )  # fmt: skip
    add_parameters(st, parameters, b.methods)
    decls = declare_variables(st, equations, b.methods, default_method)
    if "w" not in st.attributes:
        st.attributes["w"] = AttrSpec(
            "w", "parameter", "local", "double", 0.0, line="w = 0.0 (implicit)", implicit=True
        )
    updates, event_driven = b.updates(decls)
    if kind == "rate" and psp is None:
        psp = "w * pre.r"
    psp_expr = b.expr(psp, psp, "local", "psp") if psp is not None else None
    if event_driven and psp_expr is not None:
        raise b.error(
            "event-driven integration is not possible when the synapse defines psp "
            "(continuous transmission): use another method"
        )
    pre = b.statements(pre_spike, "pre_spike", ("min", "max", "unless_post"))
    if kind == "spike" and pre_spike is None and psp is None:
        pre = (Assign("post.g_target", sp.Symbol("w"), "+=", line="g_target += w"),)
    post = b.statements(post_spike, "post_spike")
    axon = b.statements(pre_axon_spike, "pre_axon_spike")
    return SynapseIR(
        name=name,
        kind=kind,
        attributes=b.attributes(),
        updates=updates,
        psp=psp_expr,
        operation=operation,
        pre_refs=tuple(st.pre_refs),
        post_refs=tuple(st.post_refs),
        random=tuple(st.random),
        global_ops=tuple(st.global_ops.values()),
        functions=b.functions,
        constants=tuple(sorted(st.constants)),
        pre_spike=pre,
        post_spike=post,
        pre_axon_spike=axon,
        event_driven=event_driven,
        description=description,
        creating=structural_rule(b, creating, "creating"),
        pruning=structural_rule(b, pruning, "pruning"),
    )


def _check_operation(b: ModelBuilder, kind: str, operation: str, *events: object) -> None:
    if operation not in OPERATIONS:
        raise b.error(f"operation must be one of {', '.join(OPERATIONS)}, not '{operation}'")
    if kind == "spike" and operation != "sum":
        raise b.error("spiking synapses only support operation='sum'")
    if kind == "rate" and any(e is not None for e in events):
        raise b.error("pre_spike, post_spike and pre_axon_spike are for spiking synapses only")
