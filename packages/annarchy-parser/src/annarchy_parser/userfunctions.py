"""User functions: ``ann.add_function('f(x, y) = ...')`` and the ``functions`` of a model."""

from __future__ import annotations

import ast
from collections.abc import Iterable

import sympy as sp

from .errors import ParserError
from .expressions import ExpressionParser
from .functions import FUNCTIONS, RESERVED_NAMES, is_user_name
from .ir import FunctionDef
from .lexer import split_flags, split_statement, split_statements

_TYPES = {"float": "double", "double": "double", "int": "int", "bool": "bool"}


class _FunctionScope:
    """Inside a function body: its arguments and the constants, nothing else."""

    def __init__(self, args: Iterable[str], constants: Iterable[str]):
        self.names = set(args) | set(constants)

    def name(self, name: str) -> sp.Basic | None:
        return sp.Symbol(name) if name in self.names else None

    def attribute(self, obj: str, attr: str) -> sp.Basic | None:
        return None

    def call(self, func, args, parser) -> sp.Basic | None:
        if func in ("min", "max") and len(args) >= 2:
            values = [parser.visit(a) for a in args]
            return sp.Min(*values) if func == "min" else sp.Max(*values)
        return None


def _signature(text: str, lhs: str, model: str) -> tuple[str, tuple[str, ...]]:
    try:
        node = ast.parse(lhs, mode="eval").body
    except (SyntaxError, ValueError):  # ValueError: a NUL byte (Python < 3.11.4)
        node = None
    if (
        not isinstance(node, ast.Call)
        or not isinstance(node.func, ast.Name)
        or node.keywords
        or not all(isinstance(a, ast.Name) for a in node.args)
    ):
        raise ParserError("a function reads 'name(x, y) = expression'", model, text, lhs)
    name = node.func.id
    args = tuple(a.id for a in node.args)  # type: ignore[attr-defined]
    if not is_user_name(name) or not all(is_user_name(a) for a in args):
        raise ParserError(
            "function and argument names are ASCII letters, digits and '_', starting with a letter",
            model,
            text,
            lhs,
        )
    if name in RESERVED_NAMES or name in FUNCTIONS:
        raise ParserError(
            f"'{name}' is a built-in or reserved name: choose another function name",
            model,
            text,
            name,
        )
    if len(set(args)) != len(args):
        raise ParserError("the arguments of a function must be distinct", model, text, lhs)
    return name, args


def _types(flags: str, nargs: int, model: str, text: str) -> tuple[str, tuple[str, ...]]:
    if not flags:
        return "double", ()
    names = [key for key, _ in split_flags(flags)]
    try:
        types = [_TYPES[n] for n in names]
    except KeyError as exc:
        raise ParserError(
            "function types are float, int or bool: return type first, then one per argument",
            model,
            text,
            str(exc.args[0]),
        ) from None
    if len(types) != nargs + 1:
        raise ParserError(
            f"give {nargs + 1} types: the return type, then one per argument", model, text
        )
    return types[0], tuple(types[1:])


def parse_function(
    text: str,
    constants: Iterable[str] = (),
    global_functions: Iterable[FunctionDef] = (),
    model: str = "add_function",
) -> FunctionDef:
    """Parse one function definition ``'name(x, y) = expression : types'``.

    Parameters
    ----------
    text : str
        The definition (possibly multi-line, e.g. with ``if ...: ... else: ...``).
    constants : iterable of str
        Names of constants visible in the body.
    global_functions : iterable of FunctionDef
        Functions the body may call.
    model : str
        Owner name for error messages.

    Returns
    -------
    FunctionDef

    Examples
    --------
    >>> parse_function("logistic(x) = 1 / (1 + exp(-x))").args
    ('x',)
    """
    statements = split_statements(text)
    if len(statements) != 1:
        raise ParserError("expected exactly one function definition", model, text)
    stmt = split_statement(statements[0], model)
    if stmt.op != "=":
        raise ParserError("a function reads 'name(x, y) = expression'", model, stmt.text)
    name, args = _signature(stmt.text, stmt.lhs, model)
    return_type, arg_types = _types(stmt.flags, len(args), model, stmt.text)
    callable_ = {f.name: f for f in global_functions if f.name != name}
    parser = ExpressionParser(model, _FunctionScope(args, constants), callable_)
    expr = parser.parse(stmt.rhs, stmt.text)
    return FunctionDef(name, args, expr, return_type, arg_types)


def parse_functions(
    text: str | None,
    constants: Iterable[str] = (),
    global_functions: Iterable[FunctionDef] = (),
    model: str = "",
) -> tuple[FunctionDef, ...]:
    """Parse the multi-line ``functions`` of a neuron or synapse (later ones may call earlier)."""
    if not text:
        return ()
    if not isinstance(text, str):
        raise ParserError("functions must be a multi-line string", model)
    known = list(global_functions)
    out: list[FunctionDef] = []
    for statement in split_statements(text):
        fdef = parse_function(statement, constants, known, model)
        if any(f.name == fdef.name for f in out):
            raise ParserError(f"the function '{fdef.name}' is defined twice", model, statement)
        out.append(fdef)
        known = [f for f in known if f.name != fdef.name] + [fdef]
    return tuple(out)
