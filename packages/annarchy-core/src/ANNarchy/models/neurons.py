"""Built-in neuron models: a leaky integrator (rate-coded) and the PyNN spiking neurons.

Every constructor takes the parameters of the model with their default values. Parameters are
local (one value per neuron, settable as ``pop.tau_m = ...``) except where a model says
otherwise. The integrate-and-fire family lives in `.integrate_and_fire` and is re-exported
here.
"""

from __future__ import annotations

from annarchy_parser import Parameter, Variable

from ..core.neuron import Neuron
from ._helpers import exp_conductances, initial_value, local_parameters, sum_terms
from .integrate_and_fire import (
    EIF_cond_alpha_isfa_ista,
    EIF_cond_exp_isfa_ista,
    IF_cond_alpha,
    IF_cond_exp,
    IF_curr_alpha,
    IF_curr_exp,
)

__all__ = [
    "EIF_cond_alpha_isfa_ista",
    "EIF_cond_exp_isfa_ista",
    "HH_cond_exp",
    "IF_cond_alpha",
    "IF_cond_exp",
    "IF_curr_alpha",
    "IF_curr_exp",
    "Izhikevich",
    "LeakyIntegrator",
]


class LeakyIntegrator(Neuron):
    """Leaky-integrator rate-coded neuron, optionally noisy.

    ``tau * dv/dt + v = I + B + N`` with the input ``I`` given by ``sum``, the local baseline
    ``B`` and an optional noise ``N``; the rate is ``r = pos(v - T)``. ``v`` is integrated with
    the exponential Euler method.

    Parameters
    ----------
    tau : float
        Time constant (global).
    B : float
        Baseline (local).
    T : float
        Threshold (global).
    sum : str
        Input sums.
    noise : str, optional
        Additive noise, e.g. ``"Normal(0.0, 1.0)"``.

    Examples
    --------
    >>> neuron = LeakyIntegrator(sum="sum(ampa)", noise="Normal(0.0, 0.1)")
    """

    def __init__(self, tau=10.0, B=0.0, T=0.0, sum="sum(exc) - sum(inh)", noise=None):
        rhs = sum_terms(sum, "B", noise)
        super().__init__(
            parameters={"tau": tau, "B": Parameter(B, locality="local"), "T": T},
            equations=[
                Variable(f"tau * dv/dt + v = {rhs}", method="exponential"),
                "r = pos(v - T)",
            ],
            name="Leaky-Integrator",
            description="Leaky-Integrator with positive transfer function and additive noise.",
        )


class Izhikevich(Neuron):
    """Izhikevich quadratic spiking neuron (Izhikevich, 2003).

    ``dv/dt = 0.04 * v^2 + 5.0 * v + 140.0 - u + I`` and ``du/dt = a * (b*v - u)`` (explicit
    Euler), with ``I = conductance + noise * Normal(0.0, 1.0) + i_offset``. A spike is emitted
    when ``v > v_thresh``; then ``v = c`` and ``u += d``. ``v`` starts at ``c`` and ``u`` at
    ``b * c``. Synapses are instantaneous. The defaults describe a regular spiking neuron.

    Parameters
    ----------
    a : float
        Speed of the recovery variable.
    b : float
        Scaling of the recovery variable.
    c : float
        Reset potential.
    d : float
        Increment of the recovery variable after a spike.
    v_thresh : float
        Spike threshold (mV).
    i_offset : float
        External current (nA).
    noise : float
        Amplitude of the normal additive noise.
    tau_refrac : float
        Duration of the refractory period (ms).
    conductance : str
        Conductances used as inputs.
    """

    def __init__(
        self,
        a=0.02,
        b=0.2,
        c=-65.0,
        d=8.0,
        v_thresh=30.0,
        i_offset=0.0,
        noise=0.0,
        tau_refrac=0.0,
        conductance="g_exc - g_inh",
    ):
        current = sum_terms(conductance, "noise * Normal(0.0, 1.0)", "i_offset")
        super().__init__(
            parameters=local_parameters(
                noise=noise,
                a=a,
                b=b,
                c=c,
                d=d,
                v_thresh=v_thresh,
                i_offset=i_offset,
                tau_refrac=tau_refrac,
            ),
            equations=[
                f"I = {current}",
                Variable(
                    "dv/dt = 0.04 * v^2 + 5.0 * v + 140.0 - u + I", init=initial_value(c, -65.0)
                ),
                Variable(
                    "du/dt = a * (b*v - u)", init=initial_value(b, 0.2) * initial_value(c, -65.0)
                ),
            ],
            spike="v > v_thresh",
            reset="v = c\nu += d",
            refractory="tau_refrac",
            name="Izhikevich",
            description="Quadratic integrate-and-fire spiking neuron with adaptation.",
        )


class HH_cond_exp(Neuron):  # noqa: N801 - PyNN naming
    """Single-compartment Hodgkin-Huxley neuron with Traub's sodium and potassium channels.

    ``n``, ``m``, ``h``, ``v`` and the exponentially decaying conductances ``g_exc`` and
    ``g_inh`` are integrated with the exponential Euler method. A spike is emitted when ``v``
    crosses ``v_thresh`` upwards; there is no reset and no refractory period. ``v`` starts at
    ``e_rev_leak``, ``n`` and ``m`` at 0, ``h`` at 1.

    Parameters
    ----------
    gbar_Na, gbar_K : float
        Maximal conductances of the sodium and potassium currents.
    gleak : float
        Conductance of the leak current.
    cm : float
        Capacity of the membrane (nF).
    v_offset : float
        Threshold of the rate constants (mV).
    e_rev_Na, e_rev_K, e_rev_leak : float
        Reversal potentials of the sodium, potassium and leak currents (mV).
    e_rev_E, e_rev_I : float
        Reversal potentials of the excitatory and inhibitory inputs (mV).
    tau_syn_E, tau_syn_I : float
        Decay times of the excitatory and inhibitory conductances (ms).
    i_offset : float
        Offset current (nA).
    v_thresh : float
        Threshold of spike emission (mV).
    """

    def __init__(
        self,
        gbar_Na=20.0,
        gbar_K=6.0,
        gleak=0.01,
        cm=0.2,
        v_offset=-63.0,
        e_rev_Na=50.0,
        e_rev_K=-90.0,
        e_rev_leak=-65.0,
        e_rev_E=0.0,
        e_rev_I=-80.0,
        tau_syn_E=0.2,
        tau_syn_I=2.0,
        i_offset=0.0,
        v_thresh=0.0,
    ):
        super().__init__(
            parameters=local_parameters(
                gbar_Na=gbar_Na,
                gbar_K=gbar_K,
                gleak=gleak,
                cm=cm,
                v_offset=v_offset,
                e_rev_Na=e_rev_Na,
                e_rev_K=e_rev_K,
                e_rev_leak=e_rev_leak,
                e_rev_E=e_rev_E,
                e_rev_I=e_rev_I,
                tau_syn_E=tau_syn_E,
                tau_syn_I=tau_syn_I,
                i_offset=i_offset,
                v_thresh=v_thresh,
            ),
            equations=[
                "prev_v = v",
                # voltage-dependent rate constants (Traub)
                "an = 0.032 * (15.0 - v + v_offset) / (exp((15.0 - v + v_offset)/5.0) - 1.0)",
                "am = 0.32 * (13.0 - v + v_offset) / (exp((13.0 - v + v_offset)/4.0) - 1.0)",
                "ah = 0.128 * exp((17.0 - v + v_offset)/18.0)",
                "bn = 0.5 * exp((10.0 - v + v_offset)/40.0)",
                "bm = 0.28 * (v - v_offset - 40.0) / (exp((v - v_offset - 40.0)/5.0) - 1.0)",
                "bh = 4.0/(1.0 + exp(10.0 - v + v_offset))",
                # activation variables
                Variable("dn/dt = an * (1.0 - n) - bn * n", init=0.0, method="exponential"),
                Variable("dm/dt = am * (1.0 - m) - bm * m", init=0.0, method="exponential"),
                Variable("dh/dt = ah * (1.0 - h) - bh * h", init=1.0, method="exponential"),
                Variable(
                    "cm * dv/dt = gleak*(e_rev_leak - v) + gbar_K * n**4 * (e_rev_K - v)"
                    " + gbar_Na * m**3 * h * (e_rev_Na - v)"
                    " + g_exc * (e_rev_E - v) + g_inh * (e_rev_I - v) + i_offset",
                    method="exponential",
                    init=initial_value(e_rev_leak, -65.0),
                ),
            ]
            + exp_conductances(),
            spike="(v > v_thresh) and (prev_v <= v_thresh)",
            name="Hodgkin-Huxley",
            description="Single-compartment Hodgkin-Huxley-type neuron with transient sodium "
            "and delayed-rectifier potassium currents.",
        )
