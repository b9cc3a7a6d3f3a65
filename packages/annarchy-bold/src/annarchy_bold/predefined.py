"""The predefined BOLD models: four balloon variants (Stephan et al., 2007), the model of Maith
et al. (2021) and the two-input model of Maith et al. (2022).

Names: R/C = revised (Obata et al., 2004) / classical (Buxton et al., 1998) coefficients,
N/L = non-linear / linear BOLD equation. Time constants are in seconds (``second = 1000`` ms).
"""

from __future__ import annotations

from annarchy_parser import Variable

from .model import BoldModel

#: the vascular part shared by the single-input models: flow, extraction, volume, deoxyHb
_BALLOON = (
    ("I_CBF = sum(I_CBF)", {"init": 0.0}),
    ("ds/dt = (phi * I_CBF - kappa * s - gamma * (f_in - 1)) / second", {"init": 0.0}),
    ("df_in/dt = s / second", {"init": 1.0, "min": 0.01}),
    ("E = 1 - (1 - E_0)**(1 / f_in)", {"init": 0.3424}),
    ("dq/dt = (f_in * E / E_0 - (q / v) * f_out) / (tau * second)", {"init": 1.0, "min": 0.01}),
    ("dv/dt = (f_in - f_out) / (tau * second)", {"init": 1.0, "min": 0.01}),
    ("f_out = v**(1 / alpha)", {"init": 1.0, "min": 0.01}),
)

_REVISED = (
    "k_1 = 4.3 * v_0 * E_0 * TE",
    "k_2 = epsilon * r_0 * E_0 * TE",
    "k_3 = 1 - epsilon",
)
_CLASSIC = (
    "k_1 = (1 - V_0) * 4.3 * v_0 * E_0 * TE",
    "k_2 = 2 * E_0",
    "k_3 = 1 - epsilon",
)
_NONLINEAR = "BOLD = V_0 * (k_1 * (1 - q) + k_2 * (1 - (q / v)) + k_3 * (1 - v))"
_LINEAR = "BOLD = V_0 * ((k_1 + k_2) * (1 - q) + (k_3 - k_2) * (1 - v))"


def _equations(*parts) -> list:
    """Variables from ``(equation, options)`` pairs or plain equations."""
    out = []
    for part in parts:
        equation, options = part if isinstance(part, tuple) else (part, {})
        out.append(Variable(equation, **options))
    return out


def _parameters(**values) -> dict:
    """The model parameters, ``second`` first (1000 ms), all as floats."""
    return {"second": 1000.0, **{name: float(value) for name, value in values.items()}}


class _Stephan2007(BoldModel):
    """Shared constructor of the four balloon variants."""

    _coefficients: tuple = ()
    _bold: str = ""
    _label: str = ""

    def __init__(self, **values):
        super().__init__(
            parameters=_parameters(**values),
            equations=_equations(*_BALLOON, *self._coefficients, self._bold),
            inputs="I_CBF",
            name=f"BOLD model {self._label}",
            description=self.__doc__.splitlines()[0],
        )


class balloon_RN(_Stephan2007):  # noqa: N801 - the reference's public name
    """Balloon model with revised coefficients and a non-linear BOLD equation.

    Parameters
    ----------
    phi : float
        Input coefficient.
    kappa : float
        Signal decay.
    gamma : float
        Feedback regulation.
    E_0 : float
        Oxygen extraction fraction at rest.
    tau : float
        Time constant (in s).
    alpha : float
        Vessel stiffness.
    V_0 : float
        Resting venous blood volume fraction.
    v_0 : float
        Frequency offset at the outer surface of the magnetized vessel (1.5 T).
    TE : float
        Echo time.
    epsilon : float
        Ratio of intra- and extravascular signal.
    r_0 : float
        Slope of the intravascular relaxation rate against oxygen saturation.
    """

    _coefficients, _bold, _label = _REVISED, _NONLINEAR, "RN"

    def __init__(
        self, phi=1.0, kappa=1 / 1.54, gamma=1 / 2.46, E_0=0.34, tau=0.98, alpha=0.33,
        V_0=0.02, v_0=40.3, TE=40 / 1000.0, epsilon=1.43, r_0=25,
    ):  # fmt: skip
        super().__init__(
            phi=phi, kappa=kappa, gamma=gamma, E_0=E_0, tau=tau, alpha=alpha, V_0=V_0,
            v_0=v_0, TE=TE, epsilon=epsilon, r_0=r_0,
        )  # fmt: skip


class balloon_RL(_Stephan2007):  # noqa: N801
    """Balloon model with revised coefficients and a linear BOLD equation.

    Parameters
    ----------
    phi : float
        Input coefficient.
    kappa : float
        Signal decay.
    gamma : float
        Feedback regulation.
    E_0 : float
        Oxygen extraction fraction at rest.
    tau : float
        Time constant (in s).
    alpha : float
        Vessel stiffness.
    V_0 : float
        Resting venous blood volume fraction.
    v_0 : float
        Frequency offset at the outer surface of the magnetized vessel (1.5 T).
    TE : float
        Echo time.
    epsilon : float
        Ratio of intra- and extravascular signal.
    r_0 : float
        Slope of the intravascular relaxation rate against oxygen saturation.
    """

    _coefficients, _bold, _label = _REVISED, _LINEAR, "RL"

    def __init__(
        self, phi=1.0, kappa=1 / 1.54, gamma=1 / 2.46, E_0=0.34, tau=0.98, alpha=0.33,
        V_0=0.02, v_0=40.3, TE=40 / 1000.0, epsilon=1.43, r_0=25,
    ):  # fmt: skip
        super().__init__(
            phi=phi, kappa=kappa, gamma=gamma, E_0=E_0, tau=tau, alpha=alpha, V_0=V_0,
            v_0=v_0, TE=TE, epsilon=epsilon, r_0=r_0,
        )  # fmt: skip


class balloon_CN(_Stephan2007):  # noqa: N801
    """Balloon model with classical coefficients and a non-linear BOLD equation.

    Parameters
    ----------
    phi : float
        Input coefficient.
    kappa : float
        Signal decay.
    gamma : float
        Feedback regulation.
    E_0 : float
        Oxygen extraction fraction at rest.
    tau : float
        Time constant (in s).
    alpha : float
        Vessel stiffness.
    V_0 : float
        Resting venous blood volume fraction.
    v_0 : float
        Frequency offset at the outer surface of the magnetized vessel (1.5 T).
    TE : float
        Echo time.
    epsilon : float
        Ratio of intra- and extravascular signal.
    """

    _coefficients, _bold, _label = _CLASSIC, _NONLINEAR, "CN"

    def __init__(
        self, phi=1.0, kappa=1 / 1.54, gamma=1 / 2.46, E_0=0.34, tau=0.98, alpha=0.33,
        V_0=0.02, v_0=40.3, TE=40 / 1000.0, epsilon=1.43,
    ):  # fmt: skip
        super().__init__(
            phi=phi, kappa=kappa, gamma=gamma, E_0=E_0, tau=tau, alpha=alpha, V_0=V_0,
            v_0=v_0, TE=TE, epsilon=epsilon,
        )  # fmt: skip


class balloon_CL(_Stephan2007):  # noqa: N801
    """Balloon model with classical coefficients and a linear BOLD equation.

    Parameters
    ----------
    phi : float
        Input coefficient.
    kappa : float
        Signal decay.
    gamma : float
        Feedback regulation.
    E_0 : float
        Oxygen extraction fraction at rest.
    tau : float
        Time constant (in s).
    alpha : float
        Vessel stiffness.
    V_0 : float
        Resting venous blood volume fraction.
    v_0 : float
        Frequency offset at the outer surface of the magnetized vessel (1.5 T).
    TE : float
        Echo time.
    epsilon : float
        Ratio of intra- and extravascular signal.
    """

    _coefficients, _bold, _label = _CLASSIC, _LINEAR, "CL"

    def __init__(
        self, phi=1.0, kappa=1 / 1.54, gamma=1 / 2.46, E_0=0.34, tau=0.98, alpha=0.33,
        V_0=0.02, v_0=40.3, TE=40 / 1000.0, epsilon=1.43,
    ):  # fmt: skip
        super().__init__(
            phi=phi, kappa=kappa, gamma=gamma, E_0=E_0, tau=tau, alpha=alpha, V_0=V_0,
            v_0=v_0, TE=TE, epsilon=epsilon,
        )  # fmt: skip


class balloon_maith2021(BoldModel):  # noqa: N801
    """The balloon model used in Maith et al. (2021): the vascular part of the balloon model
    with the coefficients of Friston et al. (2000) (``k_1 = 7 E_0``, ``k_2 = 2``,
    ``k_3 = 2 E_0 - 0.2``) and the non-linear BOLD equation."""

    def __init__(self):
        super().__init__(
            parameters=_parameters(
                phi=1.0,
                kappa=0.665,
                gamma=0.412,
                E_0=0.3424,
                tau=1.0368,
                alpha=0.3215,
                V_0=0.02,
            ),  # fmt: skip
            equations=_equations(
                *_BALLOON, "k_1 = 7 * E_0", "k_2 = 2", "k_3 = 2 * E_0 - 0.2", _NONLINEAR
            ),
            inputs="I_CBF",
            name="Maith2021 BOLD model",
            description="Balloon model of Maith et al. (2021)",
        )


class balloon_two_inputs(BoldModel):  # noqa: N801
    """BOLD model with two input signals (CBF-driving and CMRO2-driving) and the non-linear
    BOLD equation with revised coefficients (Buxton et al., 2004; Friston et al., 2000;
    Stephan et al., 2007), as in Maith et al. (2022).

    The flow ``f_in`` and the oxygen metabolism ``r`` follow two damped oscillators driven by
    ``I_CBF`` and ``I_CMRO2``; the outflow has a viscoelastic delay ``tau_out`` (``tau_out1``
    while the balloon inflates, ``tau_out2`` while it deflates). The CMRO2 oscillator runs ten
    times faster than the CBF one: its input term is ``10 * phi_CMRO2 * I_CMRO2`` and
    ``gamma_CMRO2 = 10 / 2.46`` (the reference's dynamics, checked against its traces).
    """

    def __init__(self):
        super().__init__(
            parameters=_parameters(
                kappa_CBF=0.7650920556760059,
                gamma_CBF=1 / 2.46,
                kappa_CMRO2=4.032389192727559,
                gamma_CMRO2=10 / 2.46,
                phi_CBF=1.0,
                phi_CMRO2=1.0,
                E_0=0.34,
                tau=0.98,
                alpha=0.33,
                V_0=0.02,
                v_0=40.3,
                TE=40 / 1000.0,
                epsilon=1.0,
                r_0=25.0,
                tau_out1=0.0,
                tau_out2=20.0,
            ),  # fmt: skip
            equations=_equations(*_TWO_INPUTS, *_REVISED, _NONLINEAR),
            inputs=["I_CBF", "I_CMRO2"],
            name="BOLD model with two inputs",
            description="Balloon model driven by CBF and CMRO2 inputs (Maith et al., 2022)",
        )


_TWO_INPUTS = (
    ("I_CBF = sum(I_CBF)", {"init": 0.0}),
    (
        "ds_CBF/dt = (phi_CBF * I_CBF - kappa_CBF * s_CBF - gamma_CBF * (f_in - 1)) / second",
        {"init": 0.0},
    ),
    ("df_in/dt = s_CBF / second", {"init": 1.0, "min": 0.01}),
    ("I_CMRO2 = sum(I_CMRO2)", {"init": 0.0}),
    (
        "ds_CMRO2/dt = (10 * phi_CMRO2 * I_CMRO2 - kappa_CMRO2 * s_CMRO2 - gamma_CMRO2 * (r - 1))"
        " / second",
        {"init": 0.0},
    ),
    ("dr/dt = s_CMRO2 / second", {"init": 1.0, "min": 0.01}),
    ("dv = f_in - v**(1 / alpha)", {"init": 0.0}),
    ("tau_out = ite(dv > 0, tau_out1, tau_out2)", {"init": 0.0}),
    ("f_out = v**(1 / alpha) + tau_out * dv / (tau + tau_out)", {"init": 1.0, "min": 0.01}),
    ("dq/dt = (r - (q / v) * f_out) / (tau * second)", {"init": 1.0, "min": 0.01}),
    ("dv/dt = (f_in - f_out) / (tau * second)", {"init": 1.0, "min": 0.01}),
)
