"""The models: parameters of the spec's tables, inputs/outputs, the implicit rate ``r``."""

from __future__ import annotations

import ANNarchy.extensions.bold as bold
import pytest
from ANNarchy.errors import InvalidConfiguration
from annarchy_bold.model import defines

STEPHAN = dict(
    second=1000.0, phi=1.0, kappa=1 / 1.54, gamma=1 / 2.46, E_0=0.34, tau=0.98, alpha=0.33,
    V_0=0.02, v_0=40.3, TE=0.04, epsilon=1.43,
)  # fmt: skip


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        (bold.balloon_RN, {**STEPHAN, "r_0": 25.0}),
        (bold.balloon_RL, {**STEPHAN, "r_0": 25.0}),
        (bold.balloon_CN, STEPHAN),
        (bold.balloon_CL, STEPHAN),
        (
            bold.balloon_maith2021,
            dict(
                second=1000.0,
                phi=1.0,
                kappa=0.665,
                gamma=0.412,
                E_0=0.3424,
                tau=1.0368,
                alpha=0.3215,
                V_0=0.02,
            ),
        ),  # fmt: skip
        (
            bold.balloon_two_inputs,
            dict(
                second=1000.0,
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
                TE=0.04,
                epsilon=1.0,
                r_0=25.0,
                tau_out1=0.0,
                tau_out2=20.0,
            ),
        ),  # fmt: skip
    ],
)
def test_parameters_are_those_of_the_spec(model, expected):
    m = model()
    assert m.parameters == expected
    assert isinstance(m, bold.BoldModel) and m.type == "rate"
    assert m.output == ["BOLD"]


def test_inputs_of_the_models():
    assert bold.balloon_RN().inputs == ["I_CBF"]
    assert bold.balloon_two_inputs().inputs == ["I_CBF", "I_CMRO2"]


def test_constructor_arguments_change_the_parameters():
    m = bold.balloon_CL(kappa=0.5, epsilon=1.0, TE=0.03)
    assert (m.parameters["kappa"], m.parameters["epsilon"], m.parameters["TE"]) == (0.5, 1.0, 0.03)
    assert m.parameters["gamma"] == 1 / 2.46


def test_variables_of_the_balloon_models():
    names = bold.balloon_RN().attribute_names()
    for var in ("I_CBF", "s", "f_in", "E", "q", "v", "f_out", "k_1", "k_2", "k_3", "BOLD", "r"):
        assert var in names
    two = bold.balloon_two_inputs().attribute_names()
    for var in ("s_CBF", "s_CMRO2", "I_CMRO2", "dv", "tau_out", "r"):
        assert var in two


def test_custom_model_gets_a_constant_rate():
    model = bold.BoldModel(
        parameters=dict(tau=1000.0),
        equations=["I_CBF = sum(I_CBF)", "tau * dBOLD/dt = I_CBF - BOLD"],
        inputs="I_CBF",
    )
    assert model.name == "Custom BOLD model"
    assert model.attribute_names() == ["tau", "I_CBF", "BOLD", "r"]
    own = bold.BoldModel("", "I_CBF = sum(I_CBF)\nr = 2 * I_CBF", inputs=["I_CBF"], output="r")
    assert own.attribute_names() == ["I_CBF", "r"] and own.output == ["r"]


@pytest.mark.parametrize(
    ("equations", "expected"),
    [("r = 1", True), ("tau * dr/dt = x", True), ("x = r", False), ("x = (r == 1)", False),
     (["a = 1", "r = a : min=0"], True), ("rr = 2", False)],
)  # fmt: skip
def test_defines_reads_left_hand_sides(equations, expected):
    assert defines(equations, "r") is expected


@pytest.mark.parametrize("inputs", ["", [], ["I CBF"], [3]])
def test_bad_inputs_are_refused(inputs):
    with pytest.raises(InvalidConfiguration, match="inputs must be a name"):
        bold.BoldModel("", "I_CBF = sum(I_CBF)", inputs=inputs)
