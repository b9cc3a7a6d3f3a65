"""How a BOLD monitor feeds its model, in core terms: the synapses of the input projections
and the extra state of the BOLD neuron that computes the baselines (``normalize_input``).

For a population ``p`` mapped to input ``I`` (variable ``x``), one projection ``p -> bold``
with target ``I`` and operation ``mean`` adds ``scale_p * mean(x)`` to ``sum(I)``. With a
baseline window of ``W`` steps the projection instead adds
``scale_p * (mean(x) - B) / (B + 1e-7)``, where ``B`` is the mean of ``mean(x)`` over the ``W``
steps after ``start()``; during those steps it adds 0. ``B`` is computed by the BOLD neuron from
a second projection (target ``boldmon_raw<j>``) carrying the plain ``mean(x)``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ANNarchy import Neuron, Synapse
from annarchy_parser import Variable

#: parameter of the BOLD neuron: 0 until ``start()``, then 1 (gates every input)
STARTED = "boldmon_started"
#: variable of the BOLD neuron: steps since the last ``start()``
ELAPSED = "boldmon_steps"
#: offset of the normalisation's denominator (``B + 1e-7``), as in the reference
EPSILON = 1e-7


@dataclass(frozen=True)
class Feed:
    """One (input, population) pair: ``index`` numbers the normalised pairs."""

    target: str
    variable: str
    scale: float
    window: int
    index: int

    @property
    def raw(self) -> str:
        return f"boldmon_raw{self.index}"

    @property
    def acc(self) -> str:
        return f"boldmon_acc{self.index}"

    @property
    def count(self) -> str:
        return f"boldmon_count{self.index}"

    @property
    def base(self) -> str:
        return f"boldmon_base{self.index}"

    @property
    def on(self) -> str:
        return f"boldmon_on{self.index}"


def input_synapse(feed: Feed) -> Synapse:
    """The synapse of the projection feeding ``sum(feed.target)`` (weights: the scale)."""
    x = f"pre.{feed.variable}"
    if feed.window > 0:
        base = f"post.{feed.base}"
        psp = f"post.{feed.on} * w * ({x} - {base}) / ({base} + {EPSILON!r})"
    else:
        psp = f"post.{STARTED} * w * {x}"
    return Synapse(psp=psp, operation="mean", name=f"BOLD input {feed.target}")


def raw_synapse(feed: Feed) -> Synapse:
    """The synapse giving the BOLD neuron the plain mean of the variable (for the baseline)."""
    return Synapse(psp=f"pre.{feed.variable}", operation="mean", name="BOLD baseline input")


def _baseline_equations(feed: Feed) -> list:
    """Accumulate ``mean(x)`` during the window, then expose ``B`` and open the gate."""
    inside = f"({ELAPSED} > 0) and ({ELAPSED} <= {feed.window})"
    return [
        Variable(f"{feed.acc} = {feed.acc} + ite({inside}, sum({feed.raw}), 0.0)"),
        Variable(f"{feed.count} = {feed.count} + ite({inside}, 1.0, 0.0)"),
        Variable(f"{feed.base} = ite({feed.count} > 0, {feed.acc} / {feed.count}, 0.0)"),
        Variable(f"{feed.on} = ite({ELAPSED} >= {feed.window}, 1.0, 0.0)"),
    ]


def _with_parameter(parameters, name: str, value: float):
    """The model's parameters plus one global parameter (dict or multi-line string)."""
    if isinstance(parameters, dict):
        return {**parameters, name: float(value)}
    text = parameters or ""
    return f"{text}\n{name} = {float(value)!r} : population\n"


def _as_list(equations) -> list:
    if isinstance(equations, (list, tuple)):
        return list(equations)
    return [] if equations in (None, "") else [equations]


def monitored_neuron(model, feeds: list[Feed], started: bool) -> Neuron:
    """The neuron of the BOLD population: the model plus the gate and the baseline state."""
    extra = [Variable(f"{ELAPSED} = {ELAPSED} + {STARTED}")]
    for feed in feeds:
        if feed.window > 0:
            extra += _baseline_equations(feed)
    return Neuron(
        parameters=_with_parameter(model.parameters, STARTED, 1.0 if started else 0.0),
        equations=extra + _as_list(model.equations),
        functions=model.functions,
        name=model.name,
        description=model.description,
    )


def restart_values(feeds: list[Feed]) -> dict[str, float]:
    """What ``start()`` writes into the BOLD neuron: the gate opens, the windows restart (the
    accumulated baselines are kept, so a second window extends the first)."""
    values = {STARTED: 1.0, ELAPSED: 0.0}
    values.update({feed.on: 0.0 for feed in feeds if feed.window > 0})
    return values
