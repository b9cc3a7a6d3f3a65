"""Numerical methods: turn a block of ODEs into update statements.

A *block* is a run of consecutive ODEs of the same locality and method; its variables are
integrated concurrently (every derivative is evaluated from the values at the start of the
step, see ``manual/NumericalMethods.qmd``). A method receives the block as a sequence of
`ODE` (``dX/dt = derivative``) and returns IR statements, temporaries first. The
parser appends the ``min``/``max`` bounds after them.

Third-party methods follow the `Method` protocol and are registered through the core's
``register_methods`` hook; the parser receives the registry as the ``methods`` mapping.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import sympy as sp
from sympy.solvers.solveset import NonlinearError

from .ir import Assign, Statement

DT = sp.Symbol("dt")
ELAPSED = sp.Symbol("_elapsed")
HALF = sp.Rational(1, 2)


@dataclass(frozen=True)
class ODE:
    """``d<variable>/dt = derivative``, as written on ``line``."""

    variable: str
    derivative: sp.Expr
    line: str = ""


class DiscretisationError(ValueError):
    """Raised by a method for an ODE it cannot handle; the parser adds the model name.

    Parameters
    ----------
    message : str
        What is wrong and what to do.
    line : str
        The equation concerned.
    """

    def __init__(self, message: str, line: str = ""):
        super().__init__(message)
        self.line = line


@runtime_checkable
class Method(Protocol):
    """A numerical method.

    Attributes
    ----------
    name : str
        The name used in ``Variable(method=...)`` and equation flags.
    event_driven : bool
        True for methods integrating between events (spiking synapses only): their
        statements use ``_elapsed`` and go to ``SynapseIR.event_driven``.
    """

    name: str
    event_driven: bool

    def discretise(self, odes: Sequence[ODE]) -> list[Statement]:
        """Statements updating every variable of the block, in order."""


def _sym(name: str) -> sp.Symbol:
    return sp.Symbol(name)


def temp_name(tag: str, variable: str) -> str:
    """The temporary ``_<tag>_<variable>`` of a method.

    User names never start with ``_``, tags contain no ``_`` and no other generated name of
    the parser or the backends has the form ``_d_x``, ``_mid_x`` or ``_k1_x``: two temporaries
    are the same name only for the same tag and variable (``_mid_v`` for ``v`` cannot be
    ``_d_k_v`` of a variable ``k_v``) and never shadow a weighted sum (``_sum_exc``), a random
    draw or a C local of the kernels.
    """
    return f"_{tag}_{variable}"


def _temp(tag: str, variable: str) -> sp.Symbol:
    return sp.Symbol(temp_name(tag, variable))


def _evaluate(odes: Sequence[ODE], state: dict[sp.Symbol, sp.Expr]) -> list[sp.Expr]:
    """Derivatives of the block with the variables replaced by ``state``."""
    return [ode.derivative.xreplace(state) for ode in odes]


def _linear(ode: ODE) -> tuple[sp.Expr, sp.Expr] | None:
    """``(a, b)`` with ``derivative = a*x + b`` and neither depending on ``x``, else None."""
    x = _sym(ode.variable)
    a = sp.diff(ode.derivative, x)
    if a.has(x):
        return None
    b = ode.derivative.xreplace({x: sp.Integer(0)})
    return a, b


class Explicit:
    """Forward Euler: ``x += dt * f(x(t))`` for every variable of the block."""

    name = "explicit"
    event_driven = False

    def discretise(self, odes: Sequence[ODE]) -> list[Statement]:
        out: list[Statement] = [
            Assign(temp_name("d", o.variable), o.derivative, temp=True, line=o.line) for o in odes
        ]
        out += [Assign(o.variable, DT * _temp("d", o.variable), "+=", line=o.line) for o in odes]
        return out


class Midpoint:
    """Second-order Runge-Kutta: derivatives at ``x + dt/2 * f(x)``, then ``x += dt * f_mid``."""

    name = "midpoint"
    event_driven = False

    def discretise(self, odes: Sequence[ODE]) -> list[Statement]:
        out: list[Statement] = []
        mid = {}
        for o in odes:
            out.append(Assign(temp_name("mid", o.variable), o.derivative, temp=True, line=o.line))
            mid[_sym(o.variable)] = _sym(o.variable) + HALF * DT * _temp("mid", o.variable)
        for o, f in zip(odes, _evaluate(odes, mid), strict=True):
            out.append(Assign(temp_name("d", o.variable), f, temp=True, line=o.line))
        out += [Assign(o.variable, DT * _temp("d", o.variable), "+=", line=o.line) for o in odes]
        return out


class RungeKutta4:
    """Classic fourth-order Runge-Kutta over the whole block."""

    name = "rk4"
    event_driven = False

    def discretise(self, odes: Sequence[ODE]) -> list[Statement]:
        out: list[Statement] = []
        for stage, factor in ((1, None), (2, HALF), (3, HALF), (4, sp.Integer(1))):
            if factor is None:
                derivs = [o.derivative for o in odes]
            else:
                state = {
                    _sym(o.variable): _sym(o.variable)
                    + factor * DT * _temp(f"k{stage - 1}", o.variable)
                    for o in odes
                }
                derivs = _evaluate(odes, state)
            for o, f in zip(odes, derivs, strict=True):
                out.append(Assign(temp_name(f"k{stage}", o.variable), f, temp=True, line=o.line))
        for o in odes:
            k = [_temp(f"k{i}", o.variable) for i in range(1, 5)]
            incr = DT / 6 * (k[0] + 2 * k[1] + 2 * k[2] + k[3])
            out.append(Assign(o.variable, incr, "+=", line=o.line))
        return out


class Implicit:
    """Backward Euler, solved jointly for the block (the ODEs must be linear)."""

    name = "implicit"
    event_driven = False

    def discretise(self, odes: Sequence[ODE]) -> list[Statement]:
        new = {_sym(o.variable): sp.Dummy(f"new_{o.variable}") for o in odes}
        eqs = [
            new[_sym(o.variable)] - _sym(o.variable) - DT * f
            for o, f in zip(odes, _evaluate(odes, new), strict=True)
        ]
        unknowns = list(new.values())
        try:
            sp.linear_eq_to_matrix(eqs, unknowns)
        except NonlinearError:
            raise DiscretisationError(
                "the implicit method needs ODEs linear in their variables; "
                "use 'semiimplicit', 'midpoint' or 'rk4'",
                odes[0].line,
            ) from None
        solution = sp.solve(eqs, unknowns, dict=True)
        if len(solution) != 1 or len(solution[0]) != len(unknowns):
            raise DiscretisationError("the implicit system has no unique solution", odes[0].line)
        out: list[Statement] = [
            Assign(
                temp_name("d", o.variable),
                solution[0][new[_sym(o.variable)]],
                temp=True,
                line=o.line,
            )
            for o in odes
        ]
        out += [Assign(o.variable, _temp("d", o.variable), line=o.line) for o in odes]
        return out


def _linear_or_raise(o: ODE, problem: str) -> tuple[sp.Expr, sp.Expr]:
    """``(a, b)`` of ``dx/dt = a*x + b``, or a DiscretisationError naming the line."""
    ab = _linear(o)
    if ab is None:
        raise DiscretisationError(f"{problem}; use 'explicit', 'midpoint' or 'rk4'", o.line)
    return ab


class SemiImplicit:
    """Each ODE implicit in its own variable, explicit in the others."""

    name = "semiimplicit"
    event_driven = False

    def discretise(self, odes: Sequence[ODE]) -> list[Statement]:
        out: list[Statement] = []
        for o in odes:
            a, b = _linear_or_raise(
                o, f"the semiimplicit method needs an ODE linear in '{o.variable}'"
            )
            x = _sym(o.variable)
            out.append(
                Assign(
                    temp_name("d", o.variable), (x + DT * b) / (1 - DT * a), temp=True, line=o.line
                )
            )
        out += [Assign(o.variable, _temp("d", o.variable), line=o.line) for o in odes]
        return out


class Exponential:
    """Exponential Euler: ``x += (1 - exp(-dt/tau)) * (x_inf - x)`` for ``tau dx/dt = x_inf - x``."""

    name = "exponential"
    event_driven = False

    def discretise(self, odes: Sequence[ODE]) -> list[Statement]:
        out: list[Statement] = []
        for o in odes:
            a, b = _linear_or_raise(
                o,
                f"the exponential method needs a first-order ODE linear in '{o.variable}' "
                "(tau * dx/dt + x = A)",
            )
            x = _sym(o.variable)
            step = DT * b if a == 0 else (1 - sp.exp(a * DT)) * (-b / a - x)
            out.append(Assign(temp_name("d", o.variable), step, temp=True, line=o.line))
        out += [Assign(o.variable, _temp("d", o.variable), "+=", line=o.line) for o in odes]
        return out


class EventDriven:
    """Exact solution over the time ``_elapsed`` since the last event (linear first-order ODEs)."""

    name = "event-driven"
    event_driven = True

    def discretise(self, odes: Sequence[ODE]) -> list[Statement]:
        out: list[Statement] = []
        for o in odes:
            ab = _linear(o)
            others = {_sym(p.variable) for p in odes} - {_sym(o.variable)}
            if ab is None or any(ab[0].has(s) or ab[1].has(s) for s in others):
                raise DiscretisationError(
                    f"event-driven integration needs a linear first-order ODE in "
                    f"'{o.variable}' alone (tau * dx/dt = A - x)",
                    o.line,
                )
            a, b = ab
            x = _sym(o.variable)
            if a == 0:
                out.append(Assign(o.variable, b * ELAPSED, "+=", line=o.line))
            elif b == 0:
                out.append(Assign(o.variable, sp.exp(a * ELAPSED), "*=", line=o.line))
            else:
                x_inf = -b / a
                out.append(
                    Assign(o.variable, x_inf + (x - x_inf) * sp.exp(a * ELAPSED), line=o.line)
                )
        return out


BUILTIN_METHODS: dict[str, Method] = {
    m.name: m
    for m in (
        Explicit(),
        Implicit(),
        SemiImplicit(),
        Exponential(),
        Midpoint(),
        RungeKutta4(),
        EventDriven(),
    )
}
"""The numerical methods of ``manual/NumericalMethods.qmd``, by name."""
