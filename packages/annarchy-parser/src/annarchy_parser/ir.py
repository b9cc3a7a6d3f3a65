"""The model IR: what the parser produces from a Neuron or Synapse description.

Everything here is frozen. Expressions are sympy expressions over plain ``sympy.Symbol`` names,
following one naming convention shared by every backend (see ``docs/internals.md``):

- ``v``            an attribute (parameter or variable) of the object itself
- ``t``, ``dt``    the current time and the step size (ms)
- ``_sum_exc``     the weighted sum of target ``exc`` (rate-coded ``sum(exc)``)
- ``_sum``         ``sum()``: the sum over all targets (see ``transforms.expand_sum_all``)
- ``t_last``       spiking neurons: time of the last spike (ms)
- ``t_pre``, ``t_post``  spiking synapses: time of the last pre-/post-synaptic spike (ms)
- ``pre._sum_exc`` / ``post._sum_exc``  ``pre.sum(exc)`` / ``post.sum(exc)`` in synapses
- ``pre.r``        an attribute of the pre-synaptic neuron (synapses only)
- ``post.r``       an attribute of the post-synaptic neuron (synapses only)
- ``post.g_target``  in ``pre_spike``: the post-synaptic conductance of the projection's target
  (an ``Assign`` target too)
- ``_rand_0``      the value of the random draw ``RandomDraw(name='_rand_0')`` for this step
- ``_mean_r``      a global operation (see ``GlobalOp.name``)
- ``_elapsed``     time since the last event (event-driven integration only)
- a constant's name (``ann.Constant``), listed in ``constants``
- temporaries whose name starts with ``_`` (declared by an ``Assign`` with ``temp=True``)

Function calls are ``sympy.Function`` applications: the math functions of sympy, the built-ins of
``annarchy_parser.functions`` (pos, neg, clip, modulo, ite, ...), and user functions listed in
``functions`` (or global ones registered with ``add_function``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

LOCALITIES = ("local", "semiglobal", "global")
CTYPES = ("double", "int", "bool")


@dataclass(frozen=True)
class Attribute:
    """A parameter or a variable of a neuron or synapse."""

    name: str
    kind: str  # 'parameter' | 'variable'
    locality: str = "local"  # 'local' | 'semiglobal' | 'global'
    ctype: str = "double"  # 'double' | 'int' | 'bool'
    # a number or bool, a str naming a parameter or constant, or an opaque object (e.g. a
    # RandomDistribution) the core samples
    init: object = 0.0
    min: sp.Expr | None = None
    max: sp.Expr | None = None
    method: str | None = None  # numerical method, for ODE variables
    is_ode: bool = False
    line: str = ""  # the declaration as written


@dataclass(frozen=True)
class Assign:
    """``target op expr``; ``temp`` declares a temporary (``double _x = expr;``)."""

    target: str
    expr: sp.Expr
    op: str = "="  # '=', '+=', '-=', '*=', '/='
    temp: bool = False
    ctype: str = "double"
    line: str = ""
    unless_post: bool = False  # pre_spike only: skipped when the post-synaptic neuron just spiked


@dataclass(frozen=True)
class Bound:
    """Clamp ``target`` into [min, max] (either may be None)."""

    target: str
    min: sp.Expr | None = None
    max: sp.Expr | None = None


Statement = Assign | Bound


@dataclass(frozen=True)
class Updates:
    """Update statements per locality, each executed in order.

    A step runs ``global_`` once, then ``semiglobal`` once per post-synaptic neuron (synapses
    only), then ``local`` once per neuron / synapse.
    """

    global_: tuple[Statement, ...] = ()
    semiglobal: tuple[Statement, ...] = ()
    local: tuple[Statement, ...] = ()


@dataclass(frozen=True)
class RandomDraw:
    """A random number drawn once per step and per element of ``locality``."""

    name: str  # symbol name used in expressions, e.g. '_rand_0'
    dist: str  # 'Uniform', 'Normal', 'LogNormal', 'Exponential', 'Gamma', 'Binomial', 'DiscreteUniform'
    args: tuple[sp.Expr, ...]
    locality: str = "local"


@dataclass(frozen=True)
class GlobalOp:
    """A reduction over a population variable, computed after neuron updates."""

    name: str  # symbol name, e.g. '_mean_r' (self), '_pre_mean_r', '_post_max_r' (synapses)
    op: str  # 'mean' | 'min' | 'max' | 'norm1' | 'norm2'
    variable: str
    side: str = "self"  # 'self' | 'pre' | 'post'


@dataclass(frozen=True)
class FunctionDef:
    """A user function: ``name(args) = expr``."""

    name: str
    args: tuple[str, ...]
    expr: sp.Expr
    return_type: str = "double"  # 'double' | 'int' | 'bool'
    arg_types: tuple[str, ...] = ()  # one per argument; empty means all 'double'


@dataclass(frozen=True)
class NeuronIR:
    name: str
    kind: str  # 'rate' | 'spike'
    attributes: tuple[Attribute, ...]
    updates: Updates
    targets: tuple[str, ...] = ()  # rate: sum(target) names; spike: the g_target names
    sum_ops: tuple[tuple[str, str], ...] = ()  # reserved: (target, operation) overrides
    random: tuple[RandomDraw, ...] = ()
    global_ops: tuple[GlobalOp, ...] = ()
    functions: tuple[FunctionDef, ...] = ()
    constants: tuple[str, ...] = ()
    # spiking only
    spike: sp.Expr | None = None
    reset: tuple[Statement, ...] = ()
    refractory: sp.Expr | None = None  # number (ms) or a Symbol naming an attribute
    axon_spike: sp.Expr | None = None
    axon_reset: tuple[Statement, ...] = ()
    description: dict = field(default_factory=dict, compare=False, hash=False)

    def attribute(self, name: str) -> Attribute:
        for attr in self.attributes:
            if attr.name == name:
                return attr
        raise KeyError(name)


@dataclass(frozen=True)
class StructuralRule:
    """A creating or pruning condition (structural plasticity) of a synapse."""

    condition: sp.Expr
    proba: float = 1.0
    w: float = 0.0  # creating only: weight of a new synapse
    d: float | None = None  # creating only: delay of a new synapse (ms), None = default


@dataclass(frozen=True)
class SynapseIR:
    name: str
    kind: str  # 'rate' | 'spike'
    attributes: tuple[Attribute, ...]  # always contains 'w'
    updates: Updates
    psp: sp.Expr | None = None  # rate: defaults to w * pre.r; spike: continuous transmission
    operation: str = "sum"  # 'sum' | 'max' | 'min' | 'mean'
    pre_refs: tuple[str, ...] = ()  # pre-synaptic attributes referenced as pre.x
    post_refs: tuple[str, ...] = ()  # post-synaptic attributes referenced as post.x
    random: tuple[RandomDraw, ...] = ()
    global_ops: tuple[GlobalOp, ...] = ()
    functions: tuple[FunctionDef, ...] = ()
    constants: tuple[str, ...] = ()
    # spiking only
    pre_spike: tuple[Statement, ...] = ()
    post_spike: tuple[Statement, ...] = ()
    pre_axon_spike: tuple[Statement, ...] = ()
    event_driven: tuple[Statement, ...] = ()  # run before pre_spike/post_spike, uses _elapsed
    description: dict = field(default_factory=dict, compare=False, hash=False)
    # structural plasticity (optional)
    creating: StructuralRule | None = None
    pruning: StructuralRule | None = None

    def attribute(self, name: str) -> Attribute:
        for attr in self.attributes:
            if attr.name == name:
                return attr
        raise KeyError(name)
