"""The ``stop_condition`` of a population: a boolean expression over its neuron's attributes.

``"r > 1.0 : any"`` stops ``simulate_until()`` after the step where at least one neuron fulfils
``r > 1.0``; ``": all"`` when every neuron does (``any`` is the default). The condition is parsed
like the rest of the equation language (``ast`` over a whitelist, never ``eval``) against the
attributes of the already parsed neuron; global operations, weighted sums and random draws are
refused (store them in a variable of the neuron instead).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

import sympy as sp
from sympy.core.relational import Relational
from sympy.logic.boolalg import BooleanAtom, BooleanFunction

from .errors import ParserError
from .expressions import ExpressionParser
from .functions import DISTRIBUTIONS, GLOBAL_OPS, ite
from .ir import FunctionDef, NeuronIR
from .lexer import split_statement, split_statements

MODES = ("any", "all")


@dataclass(frozen=True)
class StopCondition:
    """A parsed stop condition.

    ``expr`` is a sympy boolean over the neuron's attribute names (plus ``t``, ``dt`` and
    constants), to be evaluated per neuron after a step; ``mode`` is ``'any'`` or ``'all'``.
    """

    expr: sp.Basic
    mode: str = "any"
    text: str = ""


class _StopScope:
    """Names of a stop condition: the neuron's attributes, ``t``, ``dt`` and its constants."""

    def __init__(self, neuron: NeuronIR, constants: tuple[str, ...]):
        self.names = {a.name for a in neuron.attributes}
        self.names.update(("t", "dt"), neuron.constants, constants)
        if neuron.kind == "spike":
            self.names.add("t_last")

    def name(self, name: str) -> sp.Basic | None:
        return sp.Symbol(name) if name in self.names else None

    def attribute(self, obj: str, attr: str) -> sp.Basic | None:
        return None

    def call(self, func: str, args: list[ast.expr], parser: ExpressionParser) -> sp.Basic | None:
        if func in GLOBAL_OPS:
            raise parser.error(
                f"global operations such as {func}() are not possible in a stop_condition: store "
                f"the value in a variable of the neuron ('x = {func}(...)') and use that variable",
                func,
            )
        if func in DISTRIBUTIONS or func == "sum" or "." in func:
            raise parser.error(f"{func}() is not possible in a stop_condition", func)
        return None


def parse_stop_condition(
    text: object,
    neuron: NeuronIR,
    population: str,
    constants: tuple[str, ...] = (),
    global_functions: tuple[FunctionDef, ...] = (),
) -> StopCondition:
    """Parse the ``stop_condition`` of population ``population`` whose neuron is ``neuron``.

    Parameters
    ----------
    text : str
        ``"<boolean expression> [: any | all]"``.
    neuron : NeuronIR
        The parsed neuron model of the population.
    population : str
        Name of the population, for error messages.
    constants : tuple of str
        Names of the network's constants.
    global_functions : tuple of FunctionDef
        Functions declared with ``add_function()``.

    Returns
    -------
    StopCondition

    Raises
    ------
    ParserError
        Unknown name, a condition that is not boolean, an unknown flag.
    """
    where = f"{population}.stop_condition"
    if not isinstance(text, str) or not text.strip():
        raise ParserError("the stop_condition must be a non-empty string such as 'r > 1.0'", where)
    texts = split_statements(text)
    if len(texts) != 1:
        raise ParserError("the stop_condition must be a single condition", where, text)
    stmt = split_statement(texts[0], where, assignment=False)
    mode = stmt.flags.strip() or "any"
    if mode not in MODES:
        raise ParserError(
            f"unknown flag '{mode}': the stop_condition flag is 'any' (default) or 'all'",
            where,
            texts[0],
            mode,
        )
    if stmt.op:
        raise ParserError(
            "the stop_condition is a condition ('r > 1.0'), not an assignment", where, texts[0]
        )
    parser = ExpressionParser(
        where, _StopScope(neuron, tuple(constants)), _functions(neuron, global_functions)
    )
    expr = parser.parse(stmt.rhs, texts[0])
    if not _is_boolean(expr, neuron):
        raise ParserError(
            "the stop_condition must be a boolean condition such as 'r > 1.0'",
            where,
            texts[0],
            stmt.rhs,
        )
    return StopCondition(expr, mode, texts[0])


def _functions(neuron: NeuronIR, global_functions) -> dict:
    return {fn.name: fn for fn in (*global_functions, *neuron.functions)}


def _is_boolean(value: sp.Basic, neuron: NeuronIR) -> bool:
    if isinstance(value, (Relational, BooleanFunction, BooleanAtom)):
        return True
    if isinstance(value, ite):
        return all(_is_boolean(a, neuron) for a in value.args[1:])
    if isinstance(value, sp.Symbol):
        return any(a.name == value.name and a.ctype == "bool" for a in neuron.attributes)
    return False
