"""Built-in synapse models: rate-coded learning rules (Hebb, Oja, IBCM) and spiking synapses
with short-term plasticity (STP) or spike-timing dependent plasticity (STDP).

Every constructor takes the parameters of the model with their default values. Parameters are
global (one value per projection) unless a model says otherwise.
"""

from __future__ import annotations

import numbers

from annarchy_parser import Parameter, Variable

from ..core.neuron import Synapse


def _u_init(U) -> object:
    """Initial value of ``u`` in STP: ``U`` itself.

    A number is used as it is (the core does not yet initialize a variable from the name of a
    parameter); anything else (a random distribution) is referred to by name so that ``u``
    starts at the sampled ``U`` of each synapse.
    """
    if isinstance(U, numbers.Real) and not isinstance(U, bool):
        return float(U)
    return "U"


class Hebb(Synapse):
    """Rate-coded synapse with Hebbian plasticity: ``dw/dt = eta * pre.r * post.r``, ``w >= 0``.

    Parameters
    ----------
    eta : float
        Learning rate.
    """

    def __init__(self, eta=0.01):
        super().__init__(
            parameters={"eta": eta},
            equations=[Variable("dw/dt = eta * pre.r * post.r", min=0.0)],
            name="Hebbian Plasticity",
            description="Simple Hebbian learning rule.",
        )


class Oja(Synapse):
    """Rate-coded synapse with regularized Hebbian plasticity (Oja).

    ``dw/dt = eta * (pre.r * post.r - alpha * post.r^2 * w)``, ``w >= 0``.

    Parameters
    ----------
    eta : float
        Learning rate.
    alpha : float
        Regularization coefficient.
    """

    def __init__(self, eta=0.01, alpha=1.0):
        super().__init__(
            parameters={"eta": eta, "alpha": alpha},
            equations=[
                Variable("dw/dt = eta * ( pre.r * post.r - alpha * post.r^2 * w )", min=0.0),
            ],
            name="Oja plasticity",
            description="Regularized Hebbian learning rule.",
        )


class IBCM(Synapse):
    """Rate-coded synapse with the plasticity of Intrator & Cooper (1992).

    A sliding threshold per post-synaptic neuron, ``tau * dtheta/dt + theta = post.r^2``
    (semiglobal, exponential Euler), and ``dw/dt = eta * post.r * (post.r - theta) * pre.r``,
    ``w >= 0``.

    Parameters
    ----------
    eta : float
        Learning rate.
    tau : float
        Time constant of the sliding threshold.
    """

    def __init__(self, eta=0.01, tau=2000.0):
        super().__init__(
            parameters={"eta": eta, "tau": tau},
            equations=[
                Variable(
                    "tau * dtheta/dt + theta = post.r^2",
                    locality="semiglobal",
                    method="exponential",
                ),
                Variable("dw/dt = eta * post.r * (post.r - theta) * pre.r", min=0.0),
            ],
            name="IBCM",
            description="Intrator and Cooper (1992) learning rule.",
        )


class STP(Synapse):
    """Spiking synapse with short-term facilitation and depression (Tsodyks, Markram et al.).

    ``dx/dt = (1 - x)/tau_rec`` and ``du/dt = (U - u)/tau_facil`` (event-driven; ``x`` starts
    at 1 and ``u`` at ``U``). On a pre-synaptic spike: ``g_target += w * u * x``, then
    ``x *= (1 - u)`` and ``u += U * (1 - u)``. The time constant of the post-synaptic current
    is the neuron's.

    Parameters
    ----------
    tau_rec : float
        Depression time constant (ms, global).
    tau_facil : float
        Facilitation time constant (ms, global).
    U : float
        Use parameter (local).
    """

    def __init__(self, tau_rec=100.0, tau_facil=0.01, U=0.5):
        super().__init__(
            parameters={
                "tau_rec": tau_rec,
                "tau_facil": tau_facil,
                "U": Parameter(U, locality="local"),
            },
            equations=[
                Variable("dx/dt = (1 - x)/tau_rec", init=1.0, method="event-driven"),
                Variable("du/dt = (U - u)/tau_facil", init=_u_init(U), method="event-driven"),
            ],
            pre_spike="g_target += w * u * x\nx *= (1 - u)\nu += U * (1 - u)",
            name="Short-term plasticity",
            description="Synapse exhibiting short-term facilitation and depression.",
        )


class STDP(Synapse):
    """Spike-timing dependent plasticity, online version (Song and Abbott, 2001).

    Traces ``tau_plus * dx/dt = -x`` and ``tau_minus * dy/dt = -y`` (event-driven). On a
    pre-synaptic spike: ``g_target += w``, ``x += A_plus * w_max``,
    ``w = clip(w + y, w_min, w_max)``. On a post-synaptic spike: ``y -= A_minus * w_max``,
    ``w = clip(w + x, w_min, w_max)``.

    Parameters
    ----------
    tau_plus : float
        Time constant of the pre-synaptic trace (ms).
    tau_minus : float
        Time constant of the post-synaptic trace (ms).
    A_plus : float
        Increase of the pre-synaptic trace after a spike.
    A_minus : float
        Decrease of the post-synaptic trace after a spike.
    w_min : float
        Minimal value of the weight.
    w_max : float
        Maximal value of the weight.
    """

    def __init__(
        self, tau_plus=20.0, tau_minus=20.0, A_plus=0.01, A_minus=0.01, w_min=0.0, w_max=1.0
    ):
        super().__init__(
            parameters={
                "tau_plus": tau_plus,
                "tau_minus": tau_minus,
                "A_plus": A_plus,
                "A_minus": A_minus,
                "w_min": w_min,
                "w_max": w_max,
            },
            equations=[
                Variable("tau_plus * dx/dt = -x", method="event-driven"),
                Variable("tau_minus * dy/dt = -y", method="event-driven"),
            ],
            pre_spike="g_target += w\nx += A_plus * w_max\nw = clip(w + y, w_min, w_max)",
            post_spike="y -= A_minus * w_max\nw = clip(w + x, w_min, w_max)",
            name="Spike-timing dependent plasticity",
            description="Synapse exhibiting spike-timing dependent plasticity.",
        )
