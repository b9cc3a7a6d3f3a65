"""The model builder shared by neurons and synapses: from declarations to IR statements.

`ModelBuilder` owns the model's state and its expression parser. It turns the
declarations of ``equations`` into ordered update statements per locality (ODE blocks handed
to the numerical methods, assignments kept in the written order, bounds after each update),
and parses the event statements (reset, pre_spike, ...) and conditions (spike).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping

import sympy as sp
from sympy.core.relational import Relational
from sympy.logic.boolalg import BooleanAtom, BooleanFunction

from .attributes import Variable
from .declarations import Declaration, parse_flags
from .errors import ParserError
from .expressions import ExpressionParser
from .functions import ite
from .ir import Assign, Attribute, Bound, FunctionDef, Statement, Updates
from .lexer import gradient_variables, split_statement, split_statements
from .methods import BUILTIN_METHODS, DT, ODE, DiscretisationError, Method
from .scope import RANK, AttrSpec, ModelScope, ModelState
from .userfunctions import parse_functions

_GRADIENT = sp.Dummy("gradient")
#: a condition, where an ODE needs a number
_BOOLEAN = (Relational, BooleanFunction, BooleanAtom)


class ModelBuilder:
    """Parses the parts of one neuron or synapse description.

    Parameters
    ----------
    name : str
        Model name (for error messages).
    object_type : str
        'neuron' or 'synapse'.
    kind : str
        'rate' or 'spike'.
    functions : str or None
        The model's own functions (multi-line string).
    constants : iterable of str
        Constant names known to the network.
    global_functions : iterable of FunctionDef
        Functions registered with ``add_function``.
    methods : mapping of str to Method, optional
        Numerical methods by name (``BUILTIN_METHODS`` when None).
    """

    def __init__(
        self,
        name: str,
        object_type: str,
        kind: str,
        functions: str | None = None,
        constants: Iterable[str] = (),
        global_functions: Iterable[FunctionDef] = (),
        methods: Mapping[str, Method] | None = None,
    ):
        self.state = ModelState(name, object_type, kind, frozenset(constants))
        self.methods: dict[str, Method] = dict(BUILTIN_METHODS if methods is None else methods)
        global_functions = tuple(global_functions)
        self.functions = parse_functions(functions, constants, global_functions, name)
        callable_ = {f.name: f for f in global_functions}
        callable_.update({f.name: f for f in self.functions})
        self.scope = ModelScope(self.state)
        self.parser = ExpressionParser(name, self.scope, callable_)

    @property
    def name(self) -> str:
        return self.state.name

    def error(self, message: str, line: str = "", token: str = "") -> ParserError:
        return ParserError(message, self.name, line, token)

    # -- expressions --------------------------------------------------------------------
    def expr(self, text: str, line: str, locality: str = "local", part: str = "equations"):
        """Parse an expression of the model and check the localities it reads."""
        self.scope.locality, self.scope.part = locality, part
        if not self.scope.gradient:
            self._no_gradient(text, line, part)
        value = self.parser.parse(text, line)
        self.check_locality(value, locality, line)
        return value

    def _no_gradient(self, text: str, line: str, part: str) -> None:
        attributes = self.state.attributes
        for var in gradient_variables(text):
            if f"d{var}" in attributes:
                continue  # an attribute named dX, divided by dt
            if var in attributes:
                raise self.error(
                    f"the gradient d{var}/dt is only allowed on the left side of an ODE in "
                    f"equations, not {'on the right side' if part == 'equations' else 'in ' + part}",
                    line,
                    f"d{var}",
                )
            raise self.error(f"d{var}/dt: '{var}' is not a declared variable", line, f"d{var}")

    def check_locality(self, value: sp.Basic, locality: str, line: str) -> None:
        for sym in sorted(value.free_symbols, key=str):
            loc = self.state.symbol_locality(sym.name)
            if RANK[loc] < RANK[locality]:
                raise self.error(
                    f"a {locality} statement cannot depend on '{sym.name}', which is {loc}: "
                    f"make the variable {loc} or the other attribute {locality}",
                    line,
                    sym.name,
                )

    def bound_value(self, value: object, locality: str, line: str) -> sp.Expr | None:
        """A ``min``/``max`` bound: a number or an expression of parameters/constants."""
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise self.error(f"min/max must be a number or an expression, got {value!r}", line)
        if isinstance(value, (int, float)):
            return sp.Float(value)
        return self.expr(value, line, locality, "bounds")

    # -- equations ----------------------------------------------------------------------
    def ode(self, decl: Declaration) -> ODE:
        """Solve the ODE of a declaration for its derivative."""
        stmt, line = decl.statement, decl.statement.text
        self.scope.gradient = {f"d{decl.variable}": _GRADIENT}
        try:
            lhs = self.expr(stmt.lhs, line, decl.locality)
        finally:
            self.scope.gradient = {}
        rhs = self.expr(stmt.rhs, line, decl.locality)
        if isinstance(lhs, _BOOLEAN) or isinstance(rhs, _BOOLEAN):
            raise self.error(
                f"d{decl.variable}/dt cannot equal a condition; write a number, e.g. "
                "ite(v > 1, 1.0, 0.0)",
                line,
            )
        grad = sp.Dummy("g")
        residual = (lhs - rhs).xreplace({_GRADIENT: grad * DT})
        coeff = sp.diff(residual, grad)
        if coeff == 0 or coeff.has(grad):
            raise self.error(
                f"the ODE must be linear in d{decl.variable}/dt (e.g. tau * dv/dt + v = I)",
                line,
            )
        if coeff.has(DT):
            raise self.error(f"write the gradient as d{decl.variable}/dt", line)
        derivative = -residual.xreplace({grad: sp.Integer(0)}) / coeff
        return ODE(decl.variable, derivative, line)

    def assign(self, decl: Declaration) -> Assign:
        stmt = decl.statement
        value = self.expr(stmt.rhs, stmt.text, decl.locality)
        ctype = self.state.attributes[decl.variable].ctype
        return Assign(decl.variable, value, stmt.op, ctype=ctype, line=stmt.text)

    def bound(self, decl: Declaration) -> Bound | None:
        attr = self.state.attributes[decl.variable]
        attr.min = self.bound_value(decl.min, decl.locality, decl.statement.text)
        attr.max = self.bound_value(decl.max, decl.locality, decl.statement.text)
        if attr.min is None and attr.max is None:
            return None
        return Bound(decl.variable, attr.min, attr.max)

    def updates(self, decls: list[Declaration]) -> tuple[Updates, tuple[Statement, ...]]:
        """Update statements per locality, and the event-driven statements (synapses)."""
        per: dict[str, list] = {"global": [], "semiglobal": [], "local": []}
        events: list[Statement] = []
        for decl in decls:
            bound = self.bound(decl)
            if not decl.is_ode:
                per[decl.locality].append((None, self.assign(decl), bound))
                continue
            method = self.methods[str(decl.method)]
            if getattr(method, "event_driven", False):
                events += self.event_driven(decl, method, bound)
            else:
                per[decl.locality].append((decl.method, self.ode(decl), bound))
        ordered = {loc: self._discretise(items) for loc, items in per.items()}
        return (
            Updates(
                tuple(ordered["global"]), tuple(ordered["semiglobal"]), tuple(ordered["local"])
            ),
            tuple(events),
        )

    def _discretise(self, items: list) -> list[Statement]:
        out: list[Statement] = []
        block: list = []
        for item in items + [(None, None, None)]:
            method, body, bound = item
            if block and (method is None or method != block[0][0]):
                out += self._block(block)
                block = []
            if method is not None:
                block.append(item)
            elif body is not None:
                out.append(body)
                if bound is not None:
                    out.append(bound)
        return out

    def _block(self, block: list) -> list[Statement]:
        method = self.methods[block[0][0]]
        odes = [body for _, body, _ in block]
        try:
            statements = list(method.discretise(odes))
        except DiscretisationError as exc:
            raise self.error(str(exc), exc.line or odes[0].line) from None
        except ValueError as exc:
            raise self.error(f"method '{method.name}': {exc}", odes[0].line) from None
        return statements + [bound for _, _, bound in block if bound is not None]

    def event_driven(self, decl: Declaration, method: Method, bound) -> list[Statement]:
        st = self.state
        line = decl.statement.text
        if st.object_type != "synapse" or st.kind != "spike" or decl.locality != "local":
            raise self.error(
                "event-driven integration is only available for local variables of spiking "
                "synapses",
                line,
            )
        ode = self.ode(decl)
        for sym in sorted(ode.derivative.free_symbols - {sp.Symbol(decl.variable)}, key=str):
            attr = st.attributes.get(sym.name)
            if sym.name not in st.constants and (attr is None or attr.kind != "parameter"):
                raise self.error(
                    "an event-driven ODE may only depend on its own variable, parameters and "
                    f"constants (not '{sym.name}')",
                    line,
                    sym.name,
                )
        try:
            statements = list(method.discretise([ode]))
        except DiscretisationError as exc:
            raise self.error(str(exc), line) from None
        return statements + ([bound] if bound is not None else [])

    # -- event statements and conditions ------------------------------------------------
    def statements(self, desc: object, part: str, flags: Iterable[str] = ("min", "max")):
        """Parse assignments of ``reset``, ``pre_spike``, ``post_spike``... (no ODE)."""
        out: list[Statement] = []
        for text, var in _texts(self, desc, part):
            stmt = split_statement(text, self.name)
            if gradient_variables(stmt.lhs):
                raise self.error(f"ODEs are not allowed in {part}, only assignments", text)
            target, ctype = self._event_target(stmt.lhs, part, text)
            found = parse_flags(self.state, stmt.flags, text, flags, self.methods)
            value = self.expr(stmt.rhs, text, "local", part)
            unless = bool(found.get("unless_post", False))
            out.append(Assign(target, value, stmt.op, ctype=ctype, line=text, unless_post=unless))
            vmin = var.min if var is not None and var.min is not None else found.get("min")
            vmax = var.max if var is not None and var.max is not None else found.get("max")
            if vmin is not None or vmax is not None:
                lo = self.bound_value(vmin, "local", text)
                hi = self.bound_value(vmax, "local", text)
                out.append(Bound(target, lo, hi))
        return tuple(out)

    def _event_target(self, lhs: str, part: str, line: str) -> tuple[str, str]:
        st = self.state
        try:
            node = ast.parse(lhs, mode="eval").body
        except (SyntaxError, ValueError):  # ValueError: a NUL byte (Python < 3.11.4)
            raise self.error("syntax error on the left side", line, lhs) from None
        if part in ("pre_spike", "pre_axon_spike") and (
            (isinstance(node, ast.Name) and node.id == "g_target")
            or (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and (node.value.id, node.attr) == ("post", "g_target")
            )
        ):
            return "post.g_target", "double"
        if not isinstance(node, ast.Name):
            raise self.error(f"the left side of a {part} statement must be a variable", line, lhs)
        name = node.id
        if name not in st.attributes and st.object_type == "neuron" and name.startswith("g_"):
            self.scope.add_conductance(name)
        attr = st.attributes.get(name)
        if attr is None:
            raise self.error(f"unknown variable '{name}' in {part}", line, name)
        if attr.kind == "parameter":
            # a parameter an event changes becomes a variable (as the reference); one value
            # shared by many elements cannot change per element
            if not attr.implicit and attr.locality != "local":
                raise self.error(
                    f"'{name}' is a {attr.locality} parameter and cannot change in {part}, "
                    "which runs per element: make it local (Parameter(value, "
                    "locality='local')) or a variable",
                    line,
                    name,
                )
            attr.kind = "variable"
        return name, attr.ctype

    def condition(self, text: object, part: str) -> sp.Basic:
        """Parse a boolean condition (``spike``, ``axon_spike``)."""
        if isinstance(text, Variable):
            text = text.equation
        if not isinstance(text, str):
            raise self.error(f"{part} must be a string")
        texts = split_statements(text)
        if len(texts) != 1:
            raise self.error(f"{part} must be a single condition", text)
        stmt = split_statement(texts[0], self.name, assignment=False)
        if stmt.flags or stmt.op:
            raise self.error(f"{part} must be a boolean condition such as 'v > v_T'", texts[0])
        value = self.expr(stmt.rhs, texts[0], "local", part)
        if self._is_boolean(value):
            return value
        if isinstance(value, sp.Expr):
            return sp.Ne(value, 0)  # a number: non-zero is true ('modulo(t, 3)', 'v')
        raise self.error(
            f"{part} must be a boolean condition such as 'v > v_T'", texts[0], stmt.rhs
        )

    def _is_boolean(self, value: sp.Basic) -> bool:
        if isinstance(value, (Relational, BooleanFunction, BooleanAtom)):
            return True
        if isinstance(value, ite):
            return all(self._is_boolean(a) for a in value.args[1:])
        if isinstance(value, sp.Symbol):
            attr = self.state.attributes.get(value.name)
            return attr is not None and attr.ctype == "bool"
        return False

    # -- results ------------------------------------------------------------------------
    def attributes(self) -> tuple[Attribute, ...]:
        return tuple(_freeze(a) for a in self.state.attributes.values())


def _freeze(a: AttrSpec) -> Attribute:
    return Attribute(
        a.name, a.kind, a.locality, a.ctype, a.init, a.min, a.max, a.method, a.is_ode, a.line
    )


def _texts(builder: ModelBuilder, desc: object, part: str) -> list[tuple[str, Variable | None]]:
    if desc is None:
        return []
    items = [desc] if isinstance(desc, (str, Variable)) else desc
    if not isinstance(items, (list, tuple)):
        raise builder.error(f"{part} must be a string or a list of strings")
    out: list[tuple[str, Variable | None]] = []
    for item in items:
        if isinstance(item, Variable):
            out += [(text, item) for text in split_statements(item.equation)]
        elif isinstance(item, str):
            out += [(text, None) for text in split_statements(item)]
        else:
            raise builder.error(f"{part} must contain strings, not {type(item).__name__}")
    return out


def description_text(value: object) -> object:
    """The original text of a description part, for reports (strings kept as written)."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, Variable):
        return value.equation
    if isinstance(value, (list, tuple)):
        return [description_text(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): repr(v) for k, v in value.items()}
    return repr(value)


def describe(**parts: object) -> dict:
    """The ``description`` dict of an IR: the original text of each part, for reports."""
    return {key: description_text(value) for key, value in parts.items()}
