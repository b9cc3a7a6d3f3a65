"""LaTeX for the report: names, expressions and equations of neuron and synapse models.

Models are parsed again with a "method" that keeps each ODE's derivative instead of
discretising it, so the report shows ``dv/dt = f(v)`` rather than an integration scheme.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from annarchy_parser.ir import Assign
from annarchy_parser.printers import number

GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi",
    "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega",
}  # fmt: skip
OPS = {"=": "=", "+=": r"\mathrel{+}=", "-=": r"\mathrel{-}=", "*=": r"\mathrel{*}=", "/=": "/="}
DISTRIBUTIONS = {
    "Uniform": r"\mathcal{U}",
    "Normal": r"\mathcal{N}",
    "LogNormal": r"\ln\mathcal{N}",
}


def text(word: str) -> str:
    """``\\text{word}``."""
    return "\\text{" + word + "}"


def _base(name: str) -> str:
    if name in GREEK:
        return "\\" + name
    return name if len(name) == 1 else "{" + text(name.replace("_", r"\_")) + "}"


def latex_name(name: str) -> str:
    """``tau`` -> ``\\tau``, ``tau_exc`` -> ``\\tau_{\\text{exc}}``, ``pre.r`` -> ``r^{pre}``."""
    if name.startswith("_sum"):
        return "\\sum" + ("_{" + text(name[5:]) + "}" if name[5:] else "")
    if "." in name:
        side, _, attr = name.partition(".")
        return "{" + latex_name(attr) + "}^{" + text(side) + "}"
    parts = name.split("_")
    if len(parts) == 2 and all(parts):
        return _base(parts[0]) + "_{" + text(parts[1]) + "}"
    return _base(name)


def _special(name: str, ir) -> str | None:
    """LaTeX of the internal symbols: random draws and global operations."""
    for draw in getattr(ir, "random", ()):
        if draw.name == name:
            args = ", ".join(sp.latex(a) for a in draw.args)
            return DISTRIBUTIONS.get(draw.dist, text(draw.dist)) + "(" + args + ")"
    for op in getattr(ir, "global_ops", ()):
        if op.name == name:
            side = "" if op.side == "self" else f"{op.side}."
            return text(op.op) + "(" + latex_name(side + op.variable) + ")"
    return None


def expr_latex(expr, ir=None) -> str:
    """LaTeX of an IR expression, names rendered with `latex_name`."""
    if not isinstance(expr, sp.Basic):
        return sp.latex(number(expr)) if isinstance(expr, (int, float)) else str(expr)
    names = {}
    for sym in expr.free_symbols:
        names[sym] = _special(sym.name, ir) or latex_name(sym.name)
    return sp.latex(expr, symbol_names=names, mul_symbol="dot")


def statement_latex(stmt, ir, odes=frozenset()) -> str:
    """One assignment: ``\\frac{dv}{dt} = ...`` for ODEs, ``v \\mathrel{+}= ...`` otherwise."""
    target = latex_name(stmt.target)
    if stmt.target in odes and stmt.op == "=":
        target = "\\frac{d" + target + "}{dt}"
    return f"{target} {OPS.get(stmt.op, stmt.op)} {expr_latex(stmt.expr, ir)}"


@dataclass(frozen=True)
class KeepDerivative:
    """A numerical method that "discretises" ``dv/dt = f`` as ``v = f`` (reports only)."""

    name: str
    event_driven: bool = False

    def discretise(self, odes) -> list:
        return [Assign(target=o.variable, expr=o.derivative, line=o.line) for o in odes]


def continuous_ir(model, kind: str, settings):
    """The IR of ``model`` with ODEs kept as derivatives (None when parsing that way fails)."""
    import annarchy_parser

    from ..plugins import registry
    from .neuron import parse_kwargs

    fn_name = "parse_neuron" if kind == "neuron" else "parse_synapse"
    kwargs = parse_kwargs(settings)
    kwargs["methods"] = {name: KeepDerivative(name) for name in registry("methods").names()}
    fields = ("parameters", "equations", "functions")
    fields += (
        ("spike", "reset", "refractory", "axon_spike", "axon_reset")
        if kind == "neuron"
        else ("psp", "operation", "pre_spike", "post_spike", "pre_axon_spike")
    )
    values = {f: getattr(model, f, None) for f in fields}
    try:
        return getattr(annarchy_parser, fn_name)(name=model.name, **values, **kwargs)
    except Exception:  # noqa: BLE001 - a report falls back on the written equations
        return None


def equations_of(ir) -> list[tuple[str, str]]:
    """``(variable, latex)`` for every update of the model, in order (temporaries skipped)."""
    odes = frozenset(a.name for a in ir.attributes if a.is_ode)
    written = {a.name for a in ir.attributes if a.line}
    out = []
    updates = ir.updates
    for block in (updates.global_, updates.semiglobal, updates.local):
        for stmt in block:
            if isinstance(stmt, Assign) and not stmt.temp and stmt.target in written:
                out.append((stmt.target, statement_latex(stmt, ir, odes)))
    return out


def block_latex(statements, ir) -> list[str]:
    """LaTeX of a block of statements (reset, pre_spike, ...)."""
    return [statement_latex(s, ir) for s in statements if isinstance(s, Assign) and not s.temp]


def function_latex(fdef) -> str:
    """``f(x, y) = ...``."""
    args = ", ".join(latex_name(a) for a in fdef.args)
    return f"{latex_name(fdef.name)}({args}) = {expr_latex(fdef.expr)}"
