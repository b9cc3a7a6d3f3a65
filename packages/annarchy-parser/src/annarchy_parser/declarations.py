"""Declarations: parameters (dict or string) and the variables of ``equations``, with flags.

This is the first pass over a description: it fixes the name, kind, locality, type, initial
value and numerical method of every attribute, so that the equations parsed afterwards may
refer to variables declared later in the text.
"""

from __future__ import annotations

import ast
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import sympy as sp

from .attributes import Parameter, Variable
from .errors import InvalidConfiguration, ParserError
from .expressions import ExpressionParser
from .functions import CONSTANT_NAMES, FUNCTIONS, RESERVED_NAMES, is_user_name
from .lexer import Statement, gradient_variables, split_flags, split_statement, split_statements
from .scope import AttrSpec, ModelState

LOCALITY_FLAGS = {
    "neuron": {"population": "global"},
    "synapse": {"projection": "global", "postsynaptic": "semiglobal"},
}
TYPE_FLAGS = {"int": "int", "bool": "bool", "float": "double"}
DEFAULT_INIT = {"double": 0.0, "int": 0, "bool": False}


@dataclass
class Declaration:
    """A variable's equation, split and flagged, waiting to be parsed."""

    variable: str
    statement: Statement
    is_ode: bool
    locality: str
    method: str | None
    min: object = None
    max: object = None


class _NoNames:
    """Scope of literal values: numbers and pi only."""

    def name(self, name):
        return None

    def attribute(self, obj, attr):
        return None

    def call(self, func, args, parser):
        return None


def check_name(state: ModelState, name: str, line: str) -> None:
    """Refuse a new attribute name that is invalid, reserved or already declared."""
    if not is_user_name(name):
        raise ParserError(
            f"{name!r} is not a valid attribute name (ASCII letters, digits and '_', "
            "starting with a letter)",
            state.name,
            line,
            name,
        )
    if name in RESERVED_NAMES or name in FUNCTIONS or name in state.reserved_symbols():
        raise ParserError(f"'{name}' is a reserved name: rename the attribute", state.name, line)
    if state.object_type == "neuron" and state.kind == "spike" and name == "r":
        raise ParserError(
            "spiking neurons use the variable 'r' for their firing rate: use another name",
            state.name,
            line,
            name,
        )
    if name in state.attributes:
        raise ParserError(
            f"the attribute '{name}' is declared twice (as a parameter or a variable)",
            state.name,
            line,
            name,
        )


def cast(value: object, ctype: str) -> object:
    """Convert a number or bool to the Python type matching ``ctype``."""
    if ctype == "int":
        return int(value)  # type: ignore[call-overload]
    if ctype == "bool":
        return bool(value)
    return float(value)  # type: ignore[arg-type]


def literal(state: ModelState, text: str, line: str, ctype: str) -> object:
    """Value of an ``init``/parameter text: a number (cast to ``ctype``) or a name (a str)."""
    text = text.strip()
    if text.isidentifier() and text not in CONSTANT_NAMES:  # pi, True/true, False/false
        if text in state.attributes and state.attributes[text].kind == "parameter":
            return text
        if text in state.constants:
            return text
        raise ParserError(
            f"'{text}' is neither a number, a parameter of the model nor a constant",
            state.name,
            line,
            text,
        )
    value = ExpressionParser(state.name, _NoNames()).parse(text, line)
    if value in (sp.true, sp.false):
        return cast(value is sp.true, ctype)
    if not value.is_number or not value.is_real:
        raise ParserError("expected a number", state.name, line, text)
    return cast(float(value) if ctype == "double" else int(value), ctype)


def _init_value(state: ModelState, value: object, ctype: str, line: str) -> object:
    if isinstance(value, str):
        return literal(state, value, line, ctype)
    if isinstance(value, (bool, numbers.Real)):
        return cast(value, ctype)
    return value  # a random distribution (or another object the core knows how to sample)


_FIELD_NAMES = {
    "init": "initial value",
    "min": "lower bound",
    "max": "upper bound",
    "method": "numerical method",
    "locality": "locality",
    "ctype": "type",
    "unless_post": "unless_post flag",
}


def _classify(key: str, value: str | None, localities: Mapping, methods: Mapping):
    """``(kind, field, value)`` of one flag, or ``(None, None, None)`` when unknown."""
    if value is not None and key in ("init", "min", "max", "method"):
        return key, key, value
    if value is None and key in localities:
        return "locality", "locality", localities[key]
    if value is None and key in TYPE_FLAGS:
        return "type", "ctype", TYPE_FLAGS[key]
    if value is None and key in methods:
        return "method", "method", key
    if value is None and key == "unless_post":
        return "unless_post", "unless_post", True
    return None, None, None


def parse_flags(
    state: ModelState, flags: str, line: str, allowed: Iterable[str], methods: Mapping
) -> dict[str, object]:
    """Interpret a flag text (``'init=0.1, min=0.0, population, int, exponential'``).

    ``allowed`` lists the kinds of flags accepted here among 'locality', 'type', 'init',
    'min', 'max', 'method', 'unless_post'. A flag given twice, two flags setting the same
    property (``int, float``; ``projection, postsynaptic``; two methods) and numerical bounds
    with ``min > max`` are refused.
    """
    allowed = set(allowed)
    out: dict[str, object] = {}
    given: dict[str, str] = {}
    localities = LOCALITY_FLAGS[state.object_type]
    for key, value in split_flags(flags):
        kind, field, parsed = _classify(key, value, localities, methods)
        if kind is None or kind not in allowed:
            hint = ", ".join(sorted(localities)) + ", int, bool, init=, min=, max=, a method"
            raise ParserError(f"unknown or misplaced flag (allowed: {hint})", state.name, line, key)
        text = key if value is None else f"{key}={value}"
        if field in given:
            raise _flag_conflict(state, line, field, given[field], text)
        given[field], out[field] = text, parsed
    if "method" in out and out["method"] not in methods:
        raise ParserError(
            f"unknown numerical method (known: {', '.join(methods)})",
            state.name,
            line,
            str(out["method"]),
        )
    check_bounds(state, out.get("min"), out.get("max"), line)
    return out


def _flag_conflict(state: ModelState, line: str, field: str, first: str, second: str):
    what = _FIELD_NAMES[field]
    if first.split("=")[0].strip() == second.split("=")[0].strip():
        message = f"the flag '{first.split('=')[0].strip()}' is given twice: keep only one"
    else:
        message = (
            f"the flags '{first}' and '{second}' conflict (both set the {what}): keep only one"
        )
    return ParserError(message, state.name, line, second)


def _number(value: object) -> float | None:
    """``value`` as a float when it is a plain number (or the text of one), else None."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, str)):
        return None
    try:
        return float(value)
    except ValueError:
        return None


def check_bounds(state: ModelState, vmin: object, vmax: object, line: str) -> None:
    """Refuse numerical bounds with ``min > max`` (bounds naming parameters are not checked)."""
    low, high = _number(vmin), _number(vmax)
    if low is not None and high is not None and low > high:
        raise ParserError(
            f"the bounds conflict: min={vmin} is larger than max={vmax}; give min <= max",
            state.name,
            line,
            f"min={vmin}",
        )


def add_parameters(state: ModelState, parameters: object, methods: Mapping) -> list[str]:
    """Declare the parameters (dict or multi-line string); return their text for reports."""
    if parameters is None or parameters == "":
        return []
    if isinstance(parameters, str):
        return [_string_parameter(state, text, methods) for text in split_statements(parameters)]
    if isinstance(parameters, Mapping):
        return [_dict_parameter(state, str(n), v) for n, v in parameters.items()]
    raise ParserError(
        f"parameters must be a dict or a multi-line string, not {type(parameters).__name__}",
        state.name,
    )


def _dict_parameter(state: ModelState, name: str, value: object) -> str:
    line = f"{name} = {value!r}"
    check_name(state, name, line)
    if isinstance(value, Variable):
        raise ParserError(
            "a Variable cannot be a parameter: put it in equations", state.name, line, name
        )
    if isinstance(value, Parameter):
        locality, ctype, raw = value.locality_ir, value.ctype, value.value
    else:
        locality, ctype, raw = "global", "double", value
    _check_locality(state, locality, line)
    init = _init_value(state, raw, ctype, line)
    state.attributes[name] = AttrSpec(name, "parameter", locality, ctype, init, line=line)
    return line


def _string_parameter(state: ModelState, text: str, methods: Mapping) -> str:
    stmt = split_statement(text, state.name)
    if stmt.op != "=" or not stmt.lhs.isidentifier():
        raise ParserError("a parameter reads 'name = value : flags'", state.name, text)
    check_name(state, stmt.lhs, text)
    flags = parse_flags(state, stmt.flags, text, ("locality", "type"), methods)
    locality = str(flags.get("locality", "local"))
    ctype = str(flags.get("ctype", "double"))
    init = literal(state, stmt.rhs, text, ctype)
    state.attributes[stmt.lhs] = AttrSpec(stmt.lhs, "parameter", locality, ctype, init, line=text)
    return text


def _check_locality(state: ModelState, locality: str, line: str) -> None:
    if locality == "semiglobal" and state.object_type == "neuron":
        raise ParserError(
            "'semiglobal' only exists for synapses: use 'local' or 'global'", state.name, line
        )


def equation_items(state: ModelState, equations: object) -> list[tuple[str, Variable | None]]:
    """The statements of ``equations`` (str, list of str/Variable, or a Variable)."""
    if equations is None:
        return []
    if isinstance(equations, (str, Variable)):
        equations = [equations]
    if not isinstance(equations, (list, tuple)):
        raise ParserError(
            "equations must be a string, a Variable or a list of them, not "
            f"{type(equations).__name__}",
            state.name,
        )
    items: list[tuple[str, Variable | None]] = []
    for item in equations:
        if isinstance(item, Variable):
            texts = split_statements(item.equation)
            if len(texts) != 1:
                raise ParserError(
                    "a Variable holds exactly one equation", state.name, item.equation
                )
            items.append((texts[0], item))
        elif isinstance(item, str):
            items.extend((text, None) for text in split_statements(item))
        else:
            raise ParserError(
                f"equations must be strings or Variable objects, not {type(item).__name__}",
                state.name,
            )
    return items


def target_of(state: ModelState, stmt: Statement) -> tuple[str, bool]:
    """The variable a statement updates and whether it is an ODE."""
    grads = gradient_variables(stmt.lhs)
    if len(grads) > 1:
        raise ParserError(
            "only one variable may hold the gradient on the left side", state.name, stmt.text
        )
    if grads:
        if stmt.op != "=":
            raise ParserError(f"an ODE uses '=', not '{stmt.op}'", state.name, stmt.text, stmt.op)
        return grads[0], True
    try:
        node = ast.parse(stmt.lhs, mode="eval").body
    except (SyntaxError, ValueError):  # ValueError: a NUL byte (Python < 3.11.4)
        raise ParserError("syntax error on the left side", state.name, stmt.text) from None
    if not isinstance(node, ast.Name):
        raise ParserError(
            "the left side must be a single variable (or an ODE with dX/dt); only one "
            "variable may be on the left",
            state.name,
            stmt.text,
            stmt.lhs,
        )
    return node.id, False


def declare_variables(
    state: ModelState, equations: object, methods: Mapping, default_method: str
) -> list[Declaration]:
    """First pass over ``equations``: declare every variable, return the declarations."""
    out = []
    for text, var in equation_items(state, equations):
        stmt = split_statement(text, state.name)
        name, is_ode = target_of(state, stmt)
        check_name(state, name, text)
        allowed = ("locality", "type", "init", "min", "max", "method")
        flags = parse_flags(state, stmt.flags, text, allowed, methods)
        if var is not None:
            flags = _merge_variable(state, var, flags, text)
        locality = str(flags.get("locality", "local"))
        ctype = str(flags.get("ctype", "double"))
        init, vmin, vmax = flags.get("init"), flags.get("min"), flags.get("max")
        method = flags.get("method")
        _check_locality(state, locality, text)
        if method is not None and method not in methods:
            raise ParserError(
                f"unknown numerical method (known: {', '.join(methods)})", state.name, text, method
            )
        if is_ode and method is None:
            if default_method not in methods:
                raise InvalidConfiguration(f"unknown default numerical method '{default_method}'")
            method = default_method
        init_value = DEFAULT_INIT[ctype] if init is None else _init_value(state, init, ctype, text)
        state.attributes[name] = AttrSpec(
            name, "variable", locality, ctype, init_value, None, None,
            method if is_ode else None, is_ode, text,
        )  # fmt: skip
        out.append(Declaration(name, stmt, is_ode, locality, method, vmin, vmax))
    return out


def _merge_variable(state: ModelState, var: Variable, flags: dict, line: str) -> dict:
    """The flags of the equation text completed by the fields of its ``Variable``.

    A property given both ways with different values is refused.
    """
    fields = {
        "locality": var.locality_ir if var.locality != "local" else None,
        "ctype": var.ctype if var.ctype != "double" else None,
        "init": var.init,
        "min": var.min,
        "max": var.max,
        "method": var.method,
    }
    out = dict(flags)
    for field, value in fields.items():
        if value is None:
            continue
        if field in flags and not _same_flag(flags[field], value):
            raise ParserError(
                f"the {_FIELD_NAMES[field]} is given both in the equation's flags "
                f"({flags[field]!r}) and in Variable() ({value!r}): give it only once",
                state.name,
                line,
            )
        out[field] = value
    check_bounds(state, out.get("min"), out.get("max"), line)
    return out


def _same_flag(text: object, value: object) -> bool:
    if text == value:
        return True
    a, b = _number(text), _number(value)
    return a is not None and a == b
