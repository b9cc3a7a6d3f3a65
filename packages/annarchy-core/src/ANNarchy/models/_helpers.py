"""What the built-in neuron models share: parameter dicts, input terms, synaptic conductances."""

from __future__ import annotations

import numbers

from annarchy_parser import Parameter, Variable


def initial_value(value, default: float) -> float:
    """A variable's initial value taken from a parameter's number (``default`` otherwise).

    The models start at their reset or rest potential; when that parameter is not a plain
    number (a random distribution), the default of the model is used.
    """
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)
    return default


def local_parameters(**values) -> dict:
    """Local parameters, in the order given."""
    return {name: Parameter(value, locality="local") for name, value in values.items()}


def sum_terms(*terms: str | None) -> str:
    """``a + b + c`` of the non-empty terms (``0.0`` when all are empty)."""
    kept = [t.strip() for t in terms if t is not None and str(t).strip()]
    return " + ".join(f"({t})" if i and " " in t else t for i, t in enumerate(kept)) or "0.0"


def exp_conductances() -> list:
    """Exponentially decaying excitatory and inhibitory conductances (exponential Euler)."""
    return [
        Variable("tau_syn_E * dg_exc/dt = - g_exc", method="exponential"),
        Variable("tau_syn_I * dg_inh/dt = - g_inh", method="exponential"),
    ]


def alpha_scaling() -> list[str]:
    """Scaling of the alpha functions so that they peak at the synaptic efficiency."""
    return [
        "gmax_exc = exp((tau_syn_E - dt/2.0)/tau_syn_E)",
        "gmax_inh = exp((tau_syn_I - dt/2.0)/tau_syn_I)",
    ]


def alpha_functions() -> list:
    """Alpha-shaped ``alpha_exc``/``alpha_inh`` driven by the decaying ``g_exc``/``g_inh``."""
    return exp_conductances() + [
        Variable("tau_syn_E * dalpha_exc/dt = gmax_exc * g_exc - alpha_exc", method="exponential"),
        Variable("tau_syn_I * dalpha_inh/dt = gmax_inh * g_inh - alpha_inh", method="exponential"),
    ]
