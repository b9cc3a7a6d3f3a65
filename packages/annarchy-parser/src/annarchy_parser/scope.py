"""What names mean inside a neuron or synapse: the model's state and its name resolver.

`ModelState` accumulates what the parser learns about a model (attributes, weighted
sums, random draws, global operations, pre/post references). `ModelScope` resolves the
names, ``pre.x``/``post.x`` attributes and special calls (``sum``, ``mean``, ``Uniform``...)
of the expressions of that model, recording what they use.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

import sympy as sp

from .errors import ParserError
from .functions import DISTRIBUTIONS, GLOBAL_OPS, is_user_name
from .ir import GlobalOp, RandomDraw
from .keywords import keyword_target

RANK = {"local": 0, "semiglobal": 1, "global": 2}
_CONDUCTANCE = re.compile(r"g_[A-Za-z]\w*\Z", re.ASCII)


@dataclass
class AttrSpec:
    """An attribute while the model is being built (mutable; becomes an ``ir.Attribute``)."""

    name: str
    kind: str
    locality: str = "local"
    ctype: str = "double"
    init: object = 0.0
    min: sp.Expr | None = None
    max: sp.Expr | None = None
    method: str | None = None
    is_ode: bool = False
    line: str = ""
    implicit: bool = False


@dataclass
class ModelState:
    """Everything known about the model being parsed."""

    name: str
    object_type: str  # 'neuron' | 'synapse'
    kind: str  # 'rate' | 'spike'
    constants: frozenset[str] = frozenset()
    attributes: dict[str, AttrSpec] = field(default_factory=dict)
    targets: list[str] = field(default_factory=list)
    uses_sum_all: bool = False
    random: list[RandomDraw] = field(default_factory=list)
    global_ops: dict[str, GlobalOp] = field(default_factory=dict)
    pre_refs: list[str] = field(default_factory=list)
    post_refs: list[str] = field(default_factory=list)
    conductances: list[str] = field(default_factory=list)  # implicit g_X (spiking neurons)

    def reserved_symbols(self) -> dict[str, str]:
        """Names the runtime provides, with their locality."""
        names = {"t": "global", "dt": "global"}
        if self.kind == "spike" and self.object_type == "neuron":
            names["t_last"] = "local"
        if self.kind == "spike" and self.object_type == "synapse":
            names.update(t_pre="local", t_post="local")
        return names

    def symbol_locality(self, name: str) -> str:
        """Locality of a symbol appearing in an expression of this model."""
        if name in self.attributes:
            return self.attributes[name].locality
        if name.startswith("pre.") or name == "_sum" or name.startswith("_sum_"):
            return "local"
        if name.startswith("post."):
            return "semiglobal"
        for draw in self.random:
            if draw.name == name:
                return draw.locality
        return self.reserved_symbols().get(name, "global")


class ModelScope:
    """Resolves names for `ExpressionParser`.

    The parser sets ``locality`` (of the statement being parsed), ``part`` (``'equations'``,
    ``'spike'``, ``'reset'``, ``'pre_spike'``, ...) and ``gradient`` (the placeholder of
    ``dX`` on the left side of an ODE) before each statement.
    """

    def __init__(self, state: ModelState):
        self.state = state
        self.locality = "local"
        self.part = "equations"
        self.gradient: dict[str, sp.Symbol] = {}

    def _error(self, parser, message: str, token: str = "") -> ParserError:
        return parser.error(message, token) if parser else ParserError(message, self.state.name)

    # -- names --------------------------------------------------------------------------
    def name(self, name: str) -> sp.Basic | None:
        st = self.state
        if name in self.gradient:
            return self.gradient[name]
        if name in st.attributes:
            return sp.Symbol(name)
        if name in st.reserved_symbols():
            return sp.Symbol(name)
        if name in st.constants:
            return sp.Symbol(name)
        if name == "g_target" and self.part == "pre_spike":
            return sp.Symbol("post.g_target")
        if st.object_type == "neuron" and st.kind == "spike" and _CONDUCTANCE.match(name):
            self.add_conductance(name)
            return sp.Symbol(name)
        return None

    def add_conductance(self, name: str) -> None:
        """Declare the implicit conductance ``g_X`` (a local variable, initially 0)."""
        st = self.state
        if name not in st.attributes:
            st.attributes[name] = AttrSpec(name, "variable", implicit=True)
            st.conductances.append(name)
        target = name[2:]
        if target not in st.targets:
            st.targets.append(target)

    def attribute(self, obj: str, attr: str) -> sp.Basic | None:
        st = self.state
        if st.object_type != "synapse" or obj not in ("pre", "post"):
            return None
        if obj == "post" and attr == "g_target" and self.part == "pre_spike":
            return sp.Symbol("post.g_target")
        refs = st.pre_refs if obj == "pre" else st.post_refs
        if attr not in refs:
            refs.append(attr)
        return sp.Symbol(f"{obj}.{attr}")

    # -- special calls ------------------------------------------------------------------
    def call(self, func: str, args: list[ast.expr], parser) -> sp.Basic | None:
        if func == "sum":
            return self._sum(args, parser)
        if func in ("pre.sum", "post.sum") and self.state.object_type == "synapse":
            target = self._target_name(args, parser, func)
            side = func.split(".")[0]
            refs = self.state.pre_refs if side == "pre" else self.state.post_refs
            if f"_sum_{target}" not in refs:
                refs.append(f"_sum_{target}")
            return sp.Symbol(f"{side}._sum_{target}")
        if func in ("min", "max") and len(args) >= 2:
            values = [parser.visit(a) for a in args]
            return sp.Min(*values) if func == "min" else sp.Max(*values)
        if func in GLOBAL_OPS:
            return self._global_op(func, args, parser)
        if func in DISTRIBUTIONS:
            return self._random(func, args, parser)
        return None

    def _target_name(self, args: list[ast.expr], parser, func: str) -> str:
        if len(args) != 1 or not isinstance(args[0], ast.Name):
            raise self._error(parser, f"{func}() takes the name of one target, e.g. sum(exc)", func)
        target = keyword_target(args[0].id)  # sum(in): a keyword target
        if not is_user_name(target):
            raise self._error(
                parser,
                f"{func}(): the target {target!r} must be ASCII letters, digits and '_', "
                "starting with a letter",
                func,
            )
        return target

    def _sum(self, args: list[ast.expr], parser) -> sp.Basic:
        st = self.state
        if st.object_type != "neuron" or st.kind != "rate":
            raise self._error(
                parser,
                "sum(target) is only available in rate-coded neurons (spiking neurons use the "
                "conductances g_target; synapses use post.sum(target))",
                "sum",
            )
        if not args:
            st.uses_sum_all = True
            return sp.Symbol("_sum")
        target = self._target_name(args, parser, "sum")
        if target not in st.targets:
            st.targets.append(target)
        return sp.Symbol(f"_sum_{target}")

    def _global_op(self, op: str, args: list[ast.expr], parser) -> sp.Basic:
        st = self.state
        if len(args) != 1:
            raise self._error(parser, f"{op}() takes one variable, e.g. {op}(r)", op)
        arg = args[0]
        if st.object_type == "neuron" and isinstance(arg, ast.Name):
            if arg.id not in st.attributes:
                raise self._error(parser, f"{op}(): unknown variable '{arg.id}'", arg.id)
            side, variable, name = "self", arg.id, f"_{op}_{arg.id}"
        elif (
            st.object_type == "synapse"
            and isinstance(arg, ast.Attribute)
            and isinstance(arg.value, ast.Name)
            and arg.value.id in ("pre", "post")
        ):
            side, variable = arg.value.id, arg.attr
            name = f"_{side}_{op}_{variable}"
        else:
            example = f"{op}(r)" if st.object_type == "neuron" else f"{op}(pre.r)"
            raise self._error(
                parser, f"a global operation applies to a single variable, e.g. {example}", op
            )
        st.global_ops.setdefault(name, GlobalOp(name, op, variable, side))
        return sp.Symbol(name)

    def _random(self, dist: str, args: list[ast.expr], parser) -> sp.Basic:
        st = self.state
        counts = DISTRIBUTIONS[dist]
        if len(args) not in counts:
            expected = " or ".join(str(c) for c in counts)
            raise self._error(parser, f"{dist}() takes {expected} arguments, got {len(args)}", dist)
        values = tuple(parser.visit(a) for a in args)
        for value in values:
            for sym in value.free_symbols:
                attr = st.attributes.get(sym.name)
                fixed = sym.name in st.constants or sym.name == "dt"
                if attr is not None:
                    fixed = attr.kind == "parameter" and attr.locality == "global"
                if not fixed:
                    raise self._error(
                        parser,
                        f"the arguments of {dist}() must be numbers, global parameters or "
                        f"constants ('{sym.name}' is not)",
                        sym.name,
                    )
        draw = RandomDraw(f"_rand_{len(st.random)}", dist, values, self.locality)
        st.random.append(draw)
        return sp.Symbol(draw.name)
