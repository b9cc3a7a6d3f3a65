"""From expression text to sympy: ``ast.parse`` and a walk over a whitelist of node types.

Nothing the user wrote is evaluated: the text is parsed by Python's parser (``mode='eval'``)
and each node of an allowed type is turned into the corresponding sympy object. Names,
attributes (``pre.x``) and calls are resolved through a `Scope`, which knows the
model's attributes and records what the expression uses (weighted sums, random draws, global
operations...). Any other node type (lambda, comprehension, subscript, string, keyword
argument...) is rejected with a `ParserError` naming the construct.

The power operator ``^`` is read as ``**`` (see `_power_operator`). Python-style
conditionals (``if c: a else: b``) are not Python expressions: they are split by
`annarchy_parser.lexer.split_conditional` and each branch is parsed on its own.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import Protocol

import sympy as sp
from sympy.core.relational import Relational
from sympy.logic.boolalg import BooleanFunction

from .errors import ParserError
from .functions import CONSTANT_NAMES, FUNCTIONS
from .ir import FunctionDef
from .keywords import protect_keyword_targets
from .lexer import split_conditional, split_sum, tokenize

# Size limits of one expression: beyond them the parser raises a ParserError (the parse and the
# symbolic processing of larger expressions would exhaust Python's stack or take too long).
MAX_TOKENS = 100_000  # names, numbers and operators
MAX_TERMS = 20_000  # terms of one sum
MAX_SIGNS = 20_000  # unary signs in a row
MAX_BRACKETS = 100  # nested brackets
MAX_DEPTH = 150  # depth of the expression tree, sums and products counting as one level

_BINOPS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a**b,
}
_COMPARE = {
    ast.Lt: sp.Lt,
    ast.LtE: sp.Le,
    ast.Gt: sp.Gt,
    ast.GtE: sp.Ge,
    ast.Eq: sp.Eq,
    ast.NotEq: sp.Ne,
    ast.Is: sp.Eq,
    ast.IsNot: sp.Ne,
}
_DESCRIBE = {
    ast.Lambda: "a lambda",
    ast.ListComp: "a comprehension",
    ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension",
    ast.GeneratorExp: "a generator expression",
    ast.Subscript: "a subscript ([...])",
    ast.Starred: "a starred argument",
    ast.List: "a list",
    ast.Tuple: "a tuple",
    ast.Dict: "a dict",
    ast.Set: "a set",
    ast.NamedExpr: "an assignment expression",
    ast.JoinedStr: "a string",
    ast.Await: "await",
    ast.Yield: "yield",
}


class Scope(Protocol):
    """What an expression may refer to. Each method returns None when it does not apply."""

    def name(self, name: str) -> sp.Basic | None:
        """The value of a bare name."""

    def attribute(self, obj: str, attr: str) -> sp.Basic | None:
        """The value of ``obj.attr`` (``pre.r``, ``post.v``)."""

    def call(self, func: str, args: list[ast.expr], parser: ExpressionParser) -> sp.Basic | None:
        """A call with a meaning of its own (``sum(exc)``, ``mean(r)``, ``Uniform(0, 1)``)."""


def user_function(fdef: FunctionDef) -> sp.FunctionClass:
    """The sympy function class standing for a user function in expressions."""
    return sp.Function(fdef.name)


class ExpressionParser:
    """Builds sympy expressions from text, node by node.

    Parameters
    ----------
    model : str
        Model name, for error messages.
    scope : Scope
        Resolver of names, attributes and special calls.
    functions : Mapping[str, FunctionDef]
        User functions callable by name (local ones override global ones).
    """

    def __init__(self, model: str, scope: Scope, functions: Mapping[str, FunctionDef] = {}):
        self.model = model
        self.scope = scope
        self.functions = dict(functions)
        self.line = ""

    # -- entry points -------------------------------------------------------------------
    def parse(self, text: str, line: str = "") -> sp.Basic:
        """Parse ``text`` (an expression, possibly a Python-style conditional)."""
        self.line = line or text
        self._check_size(text)
        try:
            value = self._parse(text)
            too_deep = _depth(value) > MAX_DEPTH
        except (RecursionError, MemoryError):
            too_deep = True
        if too_deep:
            raise self.error(
                "the expression is too deeply nested: split it into several variables"
            ) from None
        if value.has(sp.zoo, sp.nan, sp.I, sp.oo, -sp.oo):
            raise self.error("the expression is infinite, undefined or complex (division by 0?)")
        return value

    def _check_size(self, text: str) -> None:
        tokens = tokenize(text)
        if len(tokens) > MAX_TOKENS:
            raise self.error(
                f"the expression is too long ({len(tokens)} tokens, at most {MAX_TOKENS}): "
                "split it into several variables"
            )
        depth = deepest = run = longest = 0
        for tok in tokens:
            depth += (tok.text in "([{") - (tok.text in ")]}")
            deepest = max(deepest, depth)
            run = run + 1 if tok.text in ("+", "-") else 0
            longest = max(longest, run)
        if deepest > MAX_BRACKETS:
            raise self.error(
                f"the expression nests {deepest} brackets (at most {MAX_BRACKETS}): split it "
                "into several variables"
            )
        if longest > MAX_SIGNS:
            raise self.error(f"{longest} signs in a row (at most {MAX_SIGNS})", "--")

    def _parse(self, text: str) -> sp.Basic:
        cond = split_conditional(text, self.model, self.line)
        if cond is not None:
            return self._ite(
                self._parse(cond.cond), self._parse(cond.then), self._parse(cond.other)
            )
        source = _power_operator(text.strip())
        terms = split_sum(source)
        if terms is None or terms == [(1, source)]:
            return self._parse_tree(source)
        if len(terms) > MAX_TERMS:
            raise self.error(
                f"the sum has {len(terms)} terms (at most {MAX_TERMS}): split it into several "
                "variables"
            )
        values = []
        for sign, term in terms:
            value = _arith(self._parse(term))
            values.append(value if sign > 0 else -value)
        return self._combine(sp.Add, values, source)

    def _parse_tree(self, source: str) -> sp.Basic:
        try:
            tree = ast.parse(protect_keyword_targets(source), mode="eval")  # sum(in)
        except SyntaxError as exc:
            token = ""
            if exc.offset is not None and exc.text:
                token = exc.text[max(exc.offset - 1, 0) :].strip()[:20]
            raise self.error(f"syntax error ({exc.msg})", token) from None
        except ValueError:  # a NUL byte: Python < 3.11.4 raises ValueError, not SyntaxError
            raise self.error("syntax error (the text contains a NUL byte)") from None
        return self.visit(tree.body)

    def _combine(self, func, values: list[sp.Basic], segment: str) -> sp.Basic:
        try:
            return func(*values)
        except (TypeError, ValueError) as exc:
            raise self.error(f"invalid operands ({exc})", segment[:40]) from None

    def error(self, message: str, token: str = "") -> ParserError:
        line = self.line if len(self.line) <= 200 else self.line[:200] + " ..."
        return ParserError(message, self.model, line, token)

    # -- dispatch -----------------------------------------------------------------------
    def visit(self, node: ast.AST) -> sp.Basic:
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            what = _DESCRIBE.get(type(node), f"'{type(node).__name__}'")
            raise self.error(f"{what} is not allowed in an equation", _segment(node))
        return method(node)

    def visit_Constant(self, node: ast.Constant) -> sp.Basic:
        value = node.value
        if isinstance(value, bool):
            return sp.true if value else sp.false
        if isinstance(value, int):
            return sp.Integer(value)
        if isinstance(value, float):
            return sp.Float(value)
        raise self.error(
            f"{type(value).__name__} literals are not allowed in an equation", repr(value)[:20]
        )

    def visit_Name(self, node: ast.Name) -> sp.Basic:
        value = self.scope.name(node.id)
        if value is None:
            value = CONSTANT_NAMES.get(node.id)
        if value is None:
            raise self.error(
                f"unknown name '{node.id}': declare it as a parameter or variable, or use a "
                "constant",
                node.id,
            )
        return value

    def visit_Attribute(self, node: ast.Attribute) -> sp.Basic:
        if isinstance(node.value, ast.Name) and not node.attr.startswith("_"):
            value = self.scope.attribute(node.value.id, node.attr)
            if value is not None:
                return value
        raise self.error(
            "attribute access is only allowed as pre.x or post.x in synapses", _segment(node)
        )

    def visit_BinOp(self, node: ast.BinOp) -> sp.Basic:
        if isinstance(node.op, (ast.Add, ast.Sub)):  # a chain a + b - c... as one sum
            return self._combine(sp.Add, self._chain(node, (ast.Add, ast.Sub)), _segment(node))
        if isinstance(node.op, ast.Mult):  # a chain a * b * c... as one product
            return self._combine(sp.Mul, self._chain(node, (ast.Mult,)), _segment(node))
        left, right = self.visit(node.left), self.visit(node.right)
        if isinstance(node.op, ast.Mod):
            from .functions import modulo

            return modulo(left, right)
        op = _BINOPS.get(type(node.op))
        if op is None:
            raise self.error(f"operator '{type(node.op).__name__}' is not allowed")
        try:
            return op(_arith(left), _arith(right))
        except (TypeError, ValueError) as exc:
            raise self.error(f"invalid operands ({exc})", _segment(node)) from None

    def _chain(self, node: ast.BinOp, ops: tuple[type, ...]) -> list[sp.Basic]:
        """The operands of a left-nested chain of ``ops`` (walked without recursion), the
        subtracted ones negated."""
        operands: list[tuple[bool, ast.expr]] = []
        while isinstance(node, ast.BinOp) and isinstance(node.op, ops):
            operands.append((isinstance(node.op, ast.Sub), node.right))
            node = node.left
        operands.append((False, node))
        values = []
        for negate, operand in reversed(operands):
            value = _arith(self.visit(operand))
            values.append(-value if negate else value)
        return values

    def visit_UnaryOp(self, node: ast.UnaryOp) -> sp.Basic:
        inner, negative = node, False
        while isinstance(inner, ast.UnaryOp) and isinstance(inner.op, (ast.USub, ast.UAdd)):
            negative ^= isinstance(inner.op, ast.USub)  # a run of signs, walked without recursion
            inner = inner.operand
        if inner is not node:
            operand = self.visit(inner)
            if not negative:
                return operand
            return self._combine(lambda v: -_arith(v), [operand], _segment(node))
        if isinstance(node.op, ast.Not):
            return self._logic(sp.Not, [self.visit(node.operand)], node)
        raise self.error("the operator '~' is not allowed", "~")

    def visit_BoolOp(self, node: ast.BoolOp) -> sp.Basic:
        values = [self.visit(v) for v in node.values]
        func = sp.And if isinstance(node.op, ast.And) else sp.Or
        return self._logic(func, values, node)

    def visit_Compare(self, node: ast.Compare) -> sp.Basic:
        left = self.visit(node.left)
        terms = []
        for op, comp in zip(node.ops, node.comparators, strict=True):
            func = _COMPARE.get(type(op))
            if func is None:
                raise self.error(f"comparison '{type(op).__name__}' is not allowed")
            right = self.visit(comp)
            try:
                terms.append(func(_arith(left), _arith(right)))
            except TypeError as exc:
                raise self.error(f"invalid comparison ({exc})", _segment(node)) from None
            left = right
        return terms[0] if len(terms) == 1 else sp.And(*terms)

    def visit_IfExp(self, node: ast.IfExp) -> sp.Basic:
        return self._ite(self.visit(node.test), self.visit(node.body), self.visit(node.orelse))

    def visit_Call(self, node: ast.Call) -> sp.Basic:
        if node.keywords:
            raise self.error("keyword arguments are not allowed", _segment(node))
        if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
            # pre.sum(exc), post.sum(exc)
            special = self.scope.call(
                f"{node.func.value.id}.{node.func.attr}", list(node.args), self
            )
            if special is not None:
                return special
        if not isinstance(node.func, ast.Name):
            raise self.error("only named functions can be called", _segment(node))
        name = node.func.id
        special = self.scope.call(name, list(node.args), self)
        if special is not None:
            return special
        if name in self.functions:
            return self._call_user(self.functions[name], node.args)
        if name in FUNCTIONS:
            builder, counts = FUNCTIONS[name]
            args = self._args(name, node.args, counts)
            if name == "ite":  # the condition stays a condition
                args[0] = self.visit(node.args[0])
            try:
                return builder(*args)
            except (TypeError, ValueError) as exc:
                raise self.error(f"invalid arguments to {name}() ({exc})", name) from None
        raise self.error(
            f"unknown function '{name}': use a built-in function or declare it in functions",
            name,
        )

    # -- helpers ------------------------------------------------------------------------
    def _args(self, name: str, nodes: list[ast.expr], counts: tuple[int, ...]) -> list:
        if len(nodes) not in counts:
            expected = " or ".join(str(c) for c in counts)
            raise self.error(f"{name}() takes {expected} argument(s), got {len(nodes)}", name)
        return [_arith(self.visit(a)) for a in nodes]

    def _call_user(self, fdef: FunctionDef, nodes: list[ast.expr]) -> sp.Basic:
        args = self._args(fdef.name, nodes, (len(fdef.args),))
        return user_function(fdef)(*args)

    def _ite(self, cond: sp.Basic, then: sp.Basic, other: sp.Basic) -> sp.Basic:
        from .functions import ite

        try:
            return ite(cond, then, other)
        except (TypeError, ValueError) as exc:
            raise self.error(f"invalid conditional ({exc})", "if") from None

    def _logic(self, func, values: list[sp.Basic], node: ast.AST) -> sp.Basic:
        try:
            return func(*values)
        except (TypeError, ValueError):
            raise self.error(
                "'and', 'or' and 'not' need conditions (comparisons or booleans)",
                _segment(node),
            ) from None


def _power_operator(text: str) -> str:
    """Spell the language's power operator ``^`` as Python's ``**`` (token by token).

    Python parses ``^`` as a bitwise xor, with a precedence below ``+`` and ``*``
    (``a - b^2`` would read ``(a - b) ^ 2``), so the token is translated before parsing.
    """
    out, last = [], 0
    for tok in tokenize(text):
        if tok.kind == "op" and tok.text == "^":
            out += [text[last : tok.start], "**"]
            last = tok.end
    out.append(text[last:])
    return "".join(out)


def _arith(value: sp.Basic) -> sp.Basic:
    """Booleans used as numbers become 1 / 0 (``stimulated * 2``, ``(v > 0) * v``)."""
    from .functions import ite

    if value is sp.true:
        return sp.Integer(1)
    if value is sp.false:
        return sp.Integer(0)
    if isinstance(value, (Relational, BooleanFunction)):
        return ite(value, sp.Integer(1), sp.Integer(0))
    return value


def _segment(node: ast.AST) -> str:
    try:
        return ast.unparse(node)[:40]
    except Exception:  # pragma: no cover - unparse of a malformed tree
        return type(node).__name__


def _depth(expr: sp.Basic) -> int:
    """Depth of a sympy expression tree (walked without recursion)."""
    deepest, stack = 0, [(expr, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth <= MAX_DEPTH:
            stack.extend((arg, depth + 1) for arg in node.args)
    return deepest
