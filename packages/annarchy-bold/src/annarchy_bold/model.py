"""``BoldModel``: a rate-coded neuron model that also names its input signals and its output."""

from __future__ import annotations

import re

from ANNarchy import Neuron
from ANNarchy.errors import InvalidConfiguration
from annarchy_parser import Variable

#: the left-hand side of an equation: the text before its first lone '='
_LHS = re.compile(r"^([^=<>!]*?)(?<![=<>!])=(?!=)")


def _lines(equations) -> list[str]:
    """The equation lines of a string, a ``Variable`` or a list of them."""
    items = equations if isinstance(equations, (list, tuple)) else [equations]
    out = []
    for item in items:
        text = item.equation if isinstance(item, Variable) else str(item or "")
        out += [line.split(":")[0] for line in text.replace(";", "\n").splitlines()]
    return out


def defines(equations, name: str) -> bool:
    """Whether an equation has ``name`` (or ``dname/dt``) on its left-hand side."""
    for line in _lines(equations):
        match = _LHS.match(line.strip())
        if match and re.search(rf"\b(d?{name})\b", match.group(1)):
            return True
    return False


def _names(value, what: str, model: str) -> list[str]:
    """A name or a list of names, as a list of identifiers."""
    names = [value] if isinstance(value, str) else list(value or ())
    if not names or not all(isinstance(n, str) and n.isidentifier() for n in names):
        raise InvalidConfiguration(
            f"BoldModel '{model}': {what} must be a name or a list of names such as "
            f"'I_CBF', got {value!r}."
        )
    return names


class BoldModel(Neuron):
    """Base class to define a BOLD model to be used in a BOLD monitor.

    A BOLD model is a rate-coded neuron model whose weighted sums (e.g. ``sum(I_CBF)``) receive
    the mean signal of the recorded populations; it also declares which targets are inputs and
    which variable is its output.

    Parameters
    ----------
    parameters : str or dict
        Parameters of the model and their initial values.
    equations : str or list
        Equations defining the temporal evolution of the variables.
    inputs : str or list of str
        Input signals (targets), e.g. ``'I_CBF'`` or ``['I_CBF', 'I_CMRO2']``.
    output : str or list of str
        Output variable(s) of the model, recorded by default (``['BOLD']``).
    name : str
        Optional model name.
    description : str
        Optional model description.

    Examples
    --------
    >>> model = BoldModel(
    ...     parameters=dict(tau=1000.0),
    ...     equations=["I_CBF = sum(I_CBF)", "tau * dBOLD/dt = I_CBF - BOLD"],
    ...     inputs="I_CBF",
    ... )
    """

    def __init__(
        self,
        parameters,
        equations,
        inputs,
        output=("BOLD",),
        name="Custom BOLD model",
        description="",
    ):
        if not defines(equations, "r"):
            # a rate-coded neuron needs a rate: the model's is constant
            equations = [*(equations if isinstance(equations, (list, tuple)) else [equations])]
            equations.append(Variable("r = 0.0"))
        super().__init__(
            parameters=parameters, equations=equations, name=name, description=description
        )
        self._inputs = _names(inputs, "inputs", name)
        self._output = _names(output, "output", name)

    @property
    def inputs(self) -> list[str]:
        """The input signals (targets of the projections feeding the model)."""
        return list(self._inputs)

    @property
    def output(self) -> list[str]:
        """The output variables (recorded when no variable is named)."""
        return list(self._output)

    def attribute_names(self) -> list[str]:
        """Names of the parameters and variables of the model (parsed once)."""
        return [attr.name for attr in self._parse().attributes]

    def __repr__(self) -> str:
        return f"<BoldModel '{self.name}' (inputs {self._inputs}, output {self._output})>"
