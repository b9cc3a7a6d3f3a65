"""The integrate-and-fire family of built-in neurons: IF_curr_exp, IF_cond_exp, IF_curr_alpha,
IF_cond_alpha (fixed threshold) and the adaptive exponential EIF_cond_exp_isfa_ista and
EIF_cond_alpha_isfa_ista (Brette and Gerstner, 2005).

All parameters are local (one value per neuron).
"""

from __future__ import annotations

from annarchy_parser import Variable

from ..core.neuron import Neuron
from ._helpers import (
    alpha_functions,
    alpha_scaling,
    exp_conductances,
    initial_value,
    local_parameters,
)


def _if_parameters(
    v_rest, cm, tau_m, tau_refrac, tau_syn_E, tau_syn_I, v_thresh, v_reset, i_offset, **extra
) -> dict:
    """The local parameters shared by the IF_* models (then the model's own ones)."""
    return local_parameters(
        v_rest=v_rest,
        cm=cm,
        tau_m=tau_m,
        tau_refrac=tau_refrac,
        tau_syn_E=tau_syn_E,
        tau_syn_I=tau_syn_I,
        v_thresh=v_thresh,
        v_reset=v_reset,
        i_offset=i_offset,
        **extra,
    )


class _IntegrateAndFire(Neuron):
    """Leaky integrate-and-fire with a fixed threshold, shared by the four IF_* models.

    ``v`` starts at ``v_reset``; after a spike, ``v = v_reset`` for ``tau_refrac`` ms.
    """

    def _setup(self, parameters, membrane_input, synapses, scaling, name, description):
        super().__init__(
            parameters=parameters,
            equations=scaling
            + [
                Variable(
                    f"cm * dv/dt = cm/tau_m*(v_rest - v) + {membrane_input} + i_offset",
                    method="exponential",
                    init=initial_value(parameters["v_reset"].value, -65.0),
                ),
            ]
            + synapses,
            spike="v > v_thresh",
            reset="v = v_reset",
            refractory="tau_refrac",
            name=name,
            description=description,
        )


class IF_curr_exp(_IntegrateAndFire):  # noqa: N801 - PyNN naming
    """Leaky integrate-and-fire neuron with decaying-exponential post-synaptic currents.

    ODEs are solved with the exponential Euler method.

    Parameters
    ----------
    v_rest : float
        Resting membrane potential (mV).
    cm : float
        Capacity of the membrane (nF).
    tau_m : float
        Membrane time constant (ms).
    tau_refrac : float
        Duration of the refractory period (ms).
    tau_syn_E, tau_syn_I : float
        Time constants of the excitatory and inhibitory synaptic inputs (ms).
    v_thresh : float
        Spike threshold (mV).
    v_reset : float
        Reset potential after a spike (mV).
    i_offset : float
        Offset current (nA).
    """

    def __init__(
        self,
        v_rest=-65.0,
        cm=1.0,
        tau_m=20.0,
        tau_refrac=0.0,
        tau_syn_E=5.0,
        tau_syn_I=5.0,
        v_thresh=-50.0,
        v_reset=-65.0,
        i_offset=0.0,
    ):
        self._setup(
            _if_parameters(
                v_rest, cm, tau_m, tau_refrac, tau_syn_E, tau_syn_I, v_thresh, v_reset, i_offset
            ),
            "g_exc - g_inh",
            exp_conductances(),
            [],
            "Integrate-and-Fire (current, exponential)",
            "Leaky integrate-and-fire model with fixed threshold and decaying-exponential "
            "post-synaptic current.",
        )


class IF_cond_exp(_IntegrateAndFire):  # noqa: N801 - PyNN naming
    """Leaky integrate-and-fire neuron with decaying-exponential post-synaptic conductances.

    ODEs are solved with the exponential Euler method.

    Parameters
    ----------
    v_rest : float
        Resting membrane potential (mV).
    cm : float
        Capacity of the membrane (nF).
    tau_m : float
        Membrane time constant (ms).
    tau_refrac : float
        Duration of the refractory period (ms).
    tau_syn_E, tau_syn_I : float
        Time constants of the excitatory and inhibitory synaptic inputs (ms).
    v_thresh : float
        Spike threshold (mV).
    v_reset : float
        Reset potential after a spike (mV).
    i_offset : float
        Offset current (nA).
    e_rev_E, e_rev_I : float
        Reversal potentials of the excitatory and inhibitory conductances (mV).
    """

    def __init__(
        self,
        v_rest=-65.0,
        cm=1.0,
        tau_m=20.0,
        tau_refrac=0.0,
        tau_syn_E=5.0,
        tau_syn_I=5.0,
        e_rev_E=0.0,
        e_rev_I=-70.0,
        v_thresh=-50.0,
        v_reset=-65.0,
        i_offset=0.0,
    ):
        self._setup(
            _if_parameters(
                v_rest,
                cm,
                tau_m,
                tau_refrac,
                tau_syn_E,
                tau_syn_I,
                v_thresh,
                v_reset,
                i_offset,
                e_rev_E=e_rev_E,
                e_rev_I=e_rev_I,
            ),
            "g_exc * (e_rev_E - v) + g_inh * (e_rev_I - v)",
            exp_conductances(),
            [],
            "Integrate-and-Fire (conductance, exponential)",
            "Leaky integrate-and-fire model with fixed threshold and decaying-exponential "
            "post-synaptic conductance.",
        )


class IF_curr_alpha(_IntegrateAndFire):  # noqa: N801 - PyNN naming
    """Leaky integrate-and-fire neuron with alpha-shaped post-synaptic currents.

    A received spike gives a current peaking ``tau_syn_X`` ms later at the synaptic
    efficiency (two linear ODEs per input, exponential Euler).

    Parameters
    ----------
    v_rest : float
        Resting membrane potential (mV).
    cm : float
        Capacity of the membrane (nF).
    tau_m : float
        Membrane time constant (ms).
    tau_refrac : float
        Duration of the refractory period (ms).
    tau_syn_E, tau_syn_I : float
        Time constants of the excitatory and inhibitory synaptic inputs (ms).
    v_thresh : float
        Spike threshold (mV).
    v_reset : float
        Reset potential after a spike (mV).
    i_offset : float
        Offset current (nA).
    """

    def __init__(
        self,
        v_rest=-65.0,
        cm=1.0,
        tau_m=20.0,
        tau_refrac=0.0,
        tau_syn_E=5.0,
        tau_syn_I=5.0,
        v_thresh=-50.0,
        v_reset=-65.0,
        i_offset=0.0,
    ):
        self._setup(
            _if_parameters(
                v_rest, cm, tau_m, tau_refrac, tau_syn_E, tau_syn_I, v_thresh, v_reset, i_offset
            ),
            "alpha_exc - alpha_inh",
            alpha_functions(),
            alpha_scaling(),
            "Integrate-and-Fire (current, alpha)",
            "Leaky integrate-and-fire model with fixed threshold and alpha post-synaptic currents.",
        )


class IF_cond_alpha(_IntegrateAndFire):  # noqa: N801 - PyNN naming
    """Leaky integrate-and-fire neuron with alpha-shaped post-synaptic conductances.

    A received spike gives a conductance peaking ``tau_syn_X`` ms later at the synaptic
    efficiency (two linear ODEs per input, exponential Euler).

    Parameters
    ----------
    v_rest : float
        Resting membrane potential (mV).
    cm : float
        Capacity of the membrane (nF).
    tau_m : float
        Membrane time constant (ms).
    tau_refrac : float
        Duration of the refractory period (ms).
    tau_syn_E, tau_syn_I : float
        Time constants of the excitatory and inhibitory synaptic inputs (ms).
    v_thresh : float
        Spike threshold (mV).
    v_reset : float
        Reset potential after a spike (mV).
    i_offset : float
        Offset current (nA).
    e_rev_E, e_rev_I : float
        Reversal potentials of the excitatory and inhibitory conductances (mV).
    """

    def __init__(
        self,
        v_rest=-65.0,
        cm=1.0,
        tau_m=20.0,
        tau_refrac=0.0,
        tau_syn_E=5.0,
        tau_syn_I=5.0,
        e_rev_E=0.0,
        e_rev_I=-70.0,
        v_thresh=-50.0,
        v_reset=-65.0,
        i_offset=0.0,
    ):
        self._setup(
            _if_parameters(
                v_rest,
                cm,
                tau_m,
                tau_refrac,
                tau_syn_E,
                tau_syn_I,
                v_thresh,
                v_reset,
                i_offset,
                e_rev_E=e_rev_E,
                e_rev_I=e_rev_I,
            ),
            "alpha_exc * (e_rev_E - v) + alpha_inh * (e_rev_I - v)",
            alpha_functions(),
            alpha_scaling(),
            "Integrate-and-Fire (conductance, alpha)",
            "Leaky integrate-and-fire model with fixed threshold and alpha post-synaptic "
            "conductance.",
        )


def _eif_parameters(values: dict) -> dict:
    """The local parameters of the EIF models, in the order of their constructors."""
    return local_parameters(**{k: v for k, v in values.items() if k not in ("self", "__class__")})


class _AdaptiveExponential(Neuron):
    """Adaptive exponential integrate-and-fire (Brette and Gerstner, 2005), shared by the EIFs."""

    def _setup(self, parameters, conductances, synapses, scaling, name, description):
        super().__init__(
            parameters=parameters,
            equations=scaling
            + [
                f"I = {conductances} + i_offset",
                Variable(
                    "tau_m * dv/dt = (v_rest - v + delta_T * exp((v-v_thresh)/delta_T))"
                    " + tau_m/cm*(I - w)",
                    init=initial_value(parameters["v_reset"].value, -70.6),
                ),
                "tau_w * dw/dt = a * (v - v_rest) / 1000.0 - w",
            ]
            + synapses,
            spike="v > v_spike",
            reset="v = v_reset\nw += b",
            refractory="tau_refrac",
            name=name,
            description=description,
        )


class EIF_cond_exp_isfa_ista(_AdaptiveExponential):  # noqa: N801 - PyNN naming
    """Exponential integrate-and-fire neuron with spike-triggered and sub-threshold
    adaptation, decaying-exponential post-synaptic conductances.

    ``tau_m * dv/dt = v_rest - v + delta_T * exp((v - v_thresh)/delta_T) + tau_m/cm * (I - w)``
    and ``tau_w * dw/dt = a * (v - v_rest) / 1000 - w`` (explicit Euler unless the network
    says otherwise). ``v`` starts at ``v_reset``. When ``v > v_spike``: ``v = v_reset`` and
    ``w += b``, then ``tau_refrac`` ms of refractory period.

    Parameters
    ----------
    v_rest : float
        Resting membrane potential (mV).
    cm : float
        Capacity of the membrane (nF).
    tau_m : float
        Membrane time constant (ms).
    tau_refrac : float
        Duration of the refractory period (ms).
    tau_syn_E, tau_syn_I : float
        Time constants of the excitatory and inhibitory conductances (ms).
    e_rev_E, e_rev_I : float
        Reversal potentials of the excitatory and inhibitory inputs (mV).
    tau_w : float
        Time constant of the adaptation variable (ms).
    a : float
        Scaling of the adaptation variable.
    b : float
        Increment of the adaptation variable after a spike.
    i_offset : float
        Offset current (nA).
    delta_T : float
        Speed of the exponential (mV).
    v_thresh : float
        Threshold of the exponential (mV).
    v_reset : float
        Reset potential after a spike (mV).
    v_spike : float
        Spike threshold (mV).
    """

    def __init__(
        self,
        v_rest=-70.6,
        cm=0.281,
        tau_m=9.3667,
        tau_refrac=0.1,
        tau_syn_E=5.0,
        tau_syn_I=5.0,
        e_rev_E=0.0,
        e_rev_I=-80.0,
        tau_w=144.0,
        a=4.0,
        b=0.0805,
        i_offset=0.0,
        delta_T=2.0,
        v_thresh=-50.4,
        v_reset=-70.6,
        v_spike=-40.0,
    ):
        self._setup(
            _eif_parameters(locals()),
            "g_exc * (e_rev_E - v) + g_inh * (e_rev_I - v)",
            exp_conductances(),
            [],
            "Adaptive exponential Integrate-and-Fire (exponential)",
            "Exponential integrate-and-fire neuron with spike triggered and sub-threshold "
            "adaptation currents, decaying-exponential post-synaptic conductances.",
        )


class EIF_cond_alpha_isfa_ista(_AdaptiveExponential):  # noqa: N801 - PyNN naming
    """Exponential integrate-and-fire neuron with spike-triggered and sub-threshold
    adaptation, alpha-shaped post-synaptic conductances.

    ``tau_m * dv/dt = v_rest - v + delta_T * exp((v - v_thresh)/delta_T) + tau_m/cm * (I - w)``
    and ``tau_w * dw/dt = a * (v - v_rest) / 1000 - w`` (explicit Euler unless the network
    says otherwise). ``v`` starts at ``v_reset``. When ``v > v_spike``: ``v = v_reset`` and
    ``w += b``, then ``tau_refrac`` ms of refractory period.

    Parameters
    ----------
    v_rest : float
        Resting membrane potential (mV).
    cm : float
        Capacity of the membrane (nF).
    tau_m : float
        Membrane time constant (ms).
    tau_refrac : float
        Duration of the refractory period (ms).
    tau_syn_E, tau_syn_I : float
        Time constants of the excitatory and inhibitory conductances (ms).
    e_rev_E, e_rev_I : float
        Reversal potentials of the excitatory and inhibitory inputs (mV).
    tau_w : float
        Time constant of the adaptation variable (ms).
    a : float
        Scaling of the adaptation variable.
    b : float
        Increment of the adaptation variable after a spike.
    i_offset : float
        Offset current (nA).
    delta_T : float
        Speed of the exponential (mV).
    v_thresh : float
        Threshold of the exponential (mV).
    v_reset : float
        Reset potential after a spike (mV).
    v_spike : float
        Spike threshold (mV).
    """

    def __init__(
        self,
        v_rest=-70.6,
        cm=0.281,
        tau_m=9.3667,
        tau_refrac=0.1,
        tau_syn_E=5.0,
        tau_syn_I=5.0,
        e_rev_E=0.0,
        e_rev_I=-80.0,
        tau_w=144.0,
        a=4.0,
        b=0.0805,
        i_offset=0.0,
        delta_T=2.0,
        v_thresh=-50.4,
        v_reset=-70.6,
        v_spike=-40.0,
    ):
        self._setup(
            _eif_parameters(locals()),
            "alpha_exc * (e_rev_E - v) + alpha_inh * (e_rev_I - v)",
            alpha_functions(),
            alpha_scaling(),
            "Adaptive exponential Integrate-and-Fire (alpha)",
            "Exponential integrate-and-fire neuron with spike triggered and sub-threshold "
            "adaptation currents, alpha post-synaptic conductances.",
        )
