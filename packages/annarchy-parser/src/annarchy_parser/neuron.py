"""``parse_neuron``: a rate-coded or spiking neuron description to a ``NeuronIR``."""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping

import sympy as sp

from .declarations import add_parameters, declare_variables
from .ir import Assign, FunctionDef, NeuronIR, Updates
from .methods import Method
from .model import ModelBuilder, describe
from .scope import AttrSpec


def parse_neuron(
    name: str = "Neuron",
    parameters: object = None,
    equations: object = None,
    spike: str | None = None,
    reset: object = None,
    refractory: object = None,
    axon_spike: str | None = None,
    axon_reset: object = None,
    functions: str | None = None,
    constants: Iterable[str] = (),
    global_functions: Iterable[FunctionDef] = (),
    default_method: str = "explicit",
    methods: Mapping[str, Method] | None = None,
) -> NeuronIR:
    """Parse a neuron description.

    Parameters
    ----------
    name : str
        Model name, used in error messages.
    parameters : dict or str
        A dict (values: numbers/bools are global float parameters; ``Parameter`` objects;
        a string names a constant; other objects are initial values the core samples), or a
        multi-line string ``"tau = 10.0 : population"`` (local unless flagged).
    equations : str, Variable or list of str/Variable
        The variables and their update rules, in order.
    spike : str, optional
        The spike condition; when given the neuron is spiking.
    reset : str or list of str, optional
        Statements run after a spike.
    refractory : float or str, optional
        Refractory period in ms, or the name of an attribute holding it.
    axon_spike, axon_reset : optional
        Condition and statements of axonal spikes (spiking neurons).
    functions : str, optional
        The model's own functions, one ``f(x) = ...`` per line.
    constants : iterable of str
        Names of the network's constants.
    global_functions : iterable of FunctionDef
        Functions registered with ``add_function``.
    default_method : str
        Numerical method of ODEs without one (``net.config(method=...)``).
    methods : mapping of str to Method, optional
        The numerical methods available (``BUILTIN_METHODS`` when None).

    Returns
    -------
    NeuronIR

    Raises
    ------
    ParserError
        For any invalid parameter, equation, flag or condition, naming the model and line.
    """
    kind = "spike" if spike is not None else "rate"
    b = ModelBuilder(name, "neuron", kind, functions, constants, global_functions, methods)
    st = b.state
    description = describe(
        parameters=parameters, equations=equations, spike=spike, reset=reset,
        refractory=refractory, axon_spike=axon_spike, axon_reset=axon_reset, functions=functions,
    )  # fmt: skip
    add_parameters(st, parameters, b.methods)
    decls = declare_variables(st, equations, b.methods, default_method)
    if kind == "rate" and "r" not in st.attributes:
        raise b.error(
            "rate-coded neurons must define the variable 'r' (their firing rate), e.g. 'r = pos(v)'"
        )
    if kind == "spike":
        st.attributes["r"] = AttrSpec("r", "variable", implicit=True)
        for attr in list(st.attributes):
            if attr.startswith("g_") and st.attributes[attr].kind == "variable":
                b.scope.add_conductance(attr)  # a declared conductance: its target only
    updates, _ = b.updates(decls)
    spike_expr = b.condition(spike, "spike") if spike is not None else None
    reset_stmts = b.statements(reset, "reset")
    axon_expr = b.condition(axon_spike, "axon_spike") if axon_spike is not None else None
    axon_stmts = b.statements(axon_reset, "axon_reset")
    if kind == "rate" and (reset is not None or refractory is not None or axon_spike is not None):
        raise b.error("reset, refractory and axon_spike need a spike condition (spiking neuron)")
    refractory_expr = _refractory(b, refractory)
    # conductances without an equation are reset to 0 at the end of each step
    resets = tuple(Assign(g, sp.Float(0.0), line=f"{g} = 0.0") for g in st.conductances)
    updates = Updates(updates.global_, updates.semiglobal, updates.local + resets)
    return NeuronIR(
        name=name,
        kind=kind,
        attributes=b.attributes(),
        updates=updates,
        targets=tuple(st.targets),
        random=tuple(st.random),
        global_ops=tuple(st.global_ops.values()),
        functions=b.functions,
        constants=tuple(sorted(st.constants)),
        spike=spike_expr,
        reset=reset_stmts,
        refractory=refractory_expr,
        axon_spike=axon_expr,
        axon_reset=axon_stmts,
        description=description,
    )


def _refractory(b: ModelBuilder, refractory: object) -> sp.Expr | None:
    if refractory is None:
        return None
    if isinstance(refractory, numbers.Real) and not isinstance(refractory, bool):
        if refractory < 0:
            raise b.error(f"the refractory period must be positive, got {refractory}")
        return sp.Float(float(refractory))
    if isinstance(refractory, str):
        text = refractory.strip()
        if text in b.state.attributes:
            return sp.Symbol(text)
        try:
            return sp.Float(float(text))
        except ValueError:
            pass
    raise b.error(
        "refractory must be a number of ms or the name of a parameter/variable of the neuron",
        str(refractory),
        str(refractory),
    )
