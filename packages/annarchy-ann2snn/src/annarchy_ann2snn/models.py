"""Neuron models of the converted network: input encodings, hidden and read-out neurons.

Every neuron keeps a ``mask`` trace: ``mask += 1/mask_tau`` at each spike, decaying with
``mask_tau`` (its integral over time is 1 per spike). Dense projections transmit spikes
(``g_exc += w``, as the reference 5.0.4.1 does); convolution and pooling read ``pre.mask``.
Inputs receive ``rates = INPUT_RATE * x`` (Hz) for a sample ``x`` scaled to [0, 1].
"""

from __future__ import annotations

import ANNarchy as ann

#: firing rate (Hz) of an input neuron whose value is 1.0
INPUT_RATE = 100.0

#: the membrane potential of integrate-and-fire neurons never goes below this value
V_MIN = -2.0

CPN = ann.Neuron(
    parameters="""
        rates = 0.0
        mask_tau = 20.0
    """,
    equations="""
        p = Uniform(0.0, 1.0) * 1000.0 / dt
        dmask/dt = -mask / mask_tau : init = 0.0
    """,
    spike="p < rates",
    reset="mask += 1.0 / mask_tau",
    name="Poisson input (CPN)",
    description="Spikes with probability rates * dt / 1000 at each step.",
)

IB = ann.Neuron(
    parameters="""
        a = 0.02
        b = 0.2
        c = -55.0
        d = 4.0
        v_thresh = 30.0
        rates = 0.0
        mask_tau = 20.0
    """,
    equations="""
        dv/dt = 0.04 * v^2 + 5.0 * v + 140.0 - u + rates : init = -55.0
        du/dt = a * (b * v - u) : init = -13.0
        dmask/dt = -mask / mask_tau : init = 0.0
    """,
    spike="v > v_thresh",
    reset="""
        v = c
        u += d
        mask += 1.0 / mask_tau
    """,
    name="Intrinsically bursting input (IB)",
    description="Izhikevich (2003) bursting neuron driven by the input value as current.",
)

PSO = ann.Neuron(
    parameters=f"""
        k = 8.0
        vt = 1.0
        rates = 0.0
        mask_tau = 20.0
        max_rate = {INPUT_RATE}
    """,
    equations="""
        v = rates / max_rate
        vt_osc = vt * pow(2.0, -(1.0 + modulo(round(t / dt), k)))
        dmask/dt = -mask / mask_tau : init = 0.0
    """,
    spike="v > vt_osc",
    reset="mask += 1.0 / mask_tau",
    name="Phase shift oscillation input (PSO)",
    description="Spikes when the input value exceeds a threshold halved at each step of a "
    "cycle of k steps (Park et al. 2019).",
)

INPUT_ENCODINGS = {"CPN": CPN, "poisson": CPN, "Poisson": CPN, "IB": IB, "PSO": PSO}


def integrate_and_fire(count_spikes: bool = False) -> ann.Neuron:
    """The default hidden neuron ('IaF'): integrates ``g_exc``, resets to ``vr`` above ``vt``.

    With ``count_spikes`` it also counts its spikes in ``nspk`` (time-to-k-spikes read-out).
    """
    counter = "nspk += 1.0" if count_spikes else ""
    return ann.Neuron(
        parameters="""
            vt = 1.0 : population
            vr = 0.0 : population
            mask_tau = 20.0 : population
        """,
        equations=f"""
            dv/dt = g_exc : init = 0.0, min = {V_MIN}
            dmask/dt = -mask / mask_tau : init = 0.0
            {"nspk = nspk : init = 0.0" if count_spikes else ""}
        """,
        spike="v > vt",
        reset=f"""
            v = vr
            mask += 1.0 / mask_tau
            {counter}
        """,
        name="Integrate-and-fire (IaF)",
    )


def membrane_readout() -> ann.Neuron:
    """Output neurons of the 'membrane_potential' read-out: integrate, never spike."""
    return ann.Neuron(
        parameters="mask_tau = 20.0 : population",
        equations=f"""
            dv/dt = g_exc : init = 0.0, min = {V_MIN}
            mask = 0.0
        """,
        spike=f"v < {V_MIN - 1.0}",
        name="Membrane potential read-out",
    )
