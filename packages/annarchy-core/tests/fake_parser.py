"""A stand-in for ``annarchy_parser.parse_neuron/parse_synapse`` while the real parser is missing.

It only finds the attribute names, localities and initial values (no equations are parsed), which
is all the core's tests need. It follows the documented conventions: plain dict values are
global, ``Parameter``/``Variable`` are local unless told otherwise, string parameters are local
unless flagged ``population`` (neurons) / ``projection`` (synapses).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annarchy_parser.errors import ParserError
from annarchy_parser.ir import Attribute, NeuronIR, SynapseIR, Updates


@dataclass
class Parameter:
    value: object
    locality: str = "local"
    type: str = "float"


@dataclass
class Variable:
    equation: str
    init: object = None
    min: object = None
    max: object = None
    method: object = None
    locality: str = "local"
    type: str = "float"


_ODE = re.compile(r"d(\w+)/dt")
_SUM = re.compile(r"sum\((\w+)\)")
_G = re.compile(r"\bg_(\w+)\b")
_FLAGS = {"population": "global", "projection": "global", "postsynaptic": "semiglobal"}


def _parameters(name, parameters):
    if isinstance(parameters, dict):
        for key, value in parameters.items():
            if isinstance(value, Parameter):
                yield Attribute(key, "parameter", value.locality, _ctype(value.type), value.value)
            else:
                yield Attribute(key, "parameter", "global", "double", value)
        return
    for line in (parameters or "").splitlines():
        if not line.strip():
            continue
        body, _, flags = line.partition(":")
        key, eq, value = body.partition("=")
        if not eq:
            raise ParserError("a parameter needs '= value'", model=name, line=line)
        locality = "local"
        for flag in flags.split():
            locality = _FLAGS.get(flag, locality)
        yield Attribute(key.strip(), "parameter", locality, "double", float(value))


def _ctype(kind) -> str:
    return {
        "float": "double",
        float: "double",
        "int": "int",
        int: "int",
        bool: "bool",
        "bool": "bool",
    }[kind]


def _variables(name, equations, known):
    items = [equations] if isinstance(equations, (str, Variable)) else list(equations or [])
    lines = []
    for item in items:
        if isinstance(item, Variable):
            lines.append((item.equation, item))
        else:
            lines += [(line, None) for line in str(item).splitlines() if line.strip()]
    for text, var in lines:
        lhs, eq, _ = text.partition("=")
        if not eq:
            raise ParserError("an equation needs '='", model=name, line=text)
        ode = _ODE.search(lhs)
        target = ode.group(1) if ode else lhs.split(":")[0].strip().split()[-1]
        if target in known:
            continue
        known.add(target)
        locality = var.locality if var else "local"
        init = var.init if var and var.init is not None else 0.0
        yield Attribute(target, "variable", locality, "double", init, is_ode=bool(ode))


def parse_neuron(
    name,
    parameters="",
    equations="",
    spike=None,
    reset=None,
    refractory=None,
    axon_spike=None,
    axon_reset=None,
    functions=None,
    constants=(),
    global_functions=(),
    default_method="explicit",
):
    attrs = list(_parameters(name, parameters))
    known = {a.name for a in attrs}
    attrs += list(_variables(name, equations, known))
    text = " ".join(str(e) for e in ([equations] if isinstance(equations, str) else equations))
    if spike:
        targets = tuple(dict.fromkeys(_G.findall(text)))
        for target in targets:
            if f"g_{target}" not in known:
                attrs.append(Attribute(f"g_{target}", "variable", "local", "double", 0.0))
    else:
        targets = tuple(dict.fromkeys(_SUM.findall(text)))
        if "r" not in known:
            attrs.append(Attribute("r", "variable", "local", "double", 0.0))
    kind = "spike" if spike else "rate"
    return NeuronIR(
        name=name,
        kind=kind,
        attributes=tuple(attrs),
        updates=Updates(),
        targets=targets,
        constants=tuple(constants),
    )


def parse_synapse(
    name,
    parameters="",
    equations="",
    psp=None,
    operation="sum",
    pre_spike=None,
    post_spike=None,
    pre_axon_spike=None,
    functions=None,
    constants=(),
    global_functions=(),
    default_method="explicit",
):
    attrs = list(_parameters(name, parameters))
    known = {a.name for a in attrs}
    attrs += list(_variables(name, equations, known))
    if "w" not in {a.name for a in attrs}:
        attrs.append(Attribute("w", "parameter", "local", "double", 0.0))
    kind = "spike" if (pre_spike or post_spike) else "rate"
    return SynapseIR(
        name=name,
        kind=kind,
        attributes=tuple(attrs),
        updates=Updates(),
        operation=operation,
        constants=tuple(constants),
    )


def parse_function(text):
    raise NotImplementedError("the fake parser does not parse functions")
