"""Models of the reference documentation (spec/reference/*.qmd) parse and step correctly."""

from __future__ import annotations

import math

import pytest
import sympy as sp
from annarchy_parser import Parameter, Variable, parse_neuron, parse_synapse
from annarchy_parser.ir import Assign
from parser_testutils import run

IZHIKEVICH = dict(
    parameters=dict(
        noise=Parameter(0.0, locality="local"),
        a=Parameter(0.02, locality="local"),
        b=Parameter(0.2, locality="local"),
        c=Parameter(-65.0, locality="local"),
        d=Parameter(8.0, locality="local"),
        v_thresh=Parameter(30.0, locality="local"),
        i_offset=Parameter(0.0, locality="local"),
    ),
    equations=[
        "I = g_exc - g_inh + noise * Normal(0.0, 1.0) + i_offset",
        Variable("dv/dt = 0.04 * v^2 + 5.0 * v + 140.0 - u + I", init=-65.0),
        Variable("du/dt = a * (b*v - u)", init=-13.0),
    ],
    spike="v > v_thresh",
    reset="v = c; u += d",
    refractory=0.0,
)


def test_izhikevich():
    ir = parse_neuron("Izhikevich", **IZHIKEVICH)
    assert ir.targets == ("exc", "inh")
    assert ir.attribute("v").init == -65.0 and ir.attribute("u").init == -13.0
    assert [s.target for s in ir.reset] == ["v", "u"]
    state = {
        "v": -65.0,
        "u": -13.0,
        "I": 0.0,
        "g_exc": 2.0,
        "g_inh": 0.5,
        "noise": 0.0,
        "i_offset": 1.0,
        "a": 0.02,
        "b": 0.2,
        "_rand_0": 0.3,
        "dt": 0.5,
        "r": 0.0,
    }
    run(ir.updates.local, state)
    current = 2.0 - 0.5 + 1.0
    assert state["v"] == pytest.approx(
        -65.0 + 0.5 * (0.04 * 65**2 - 325.0 + 140.0 + 13.0 + current)
    )
    assert state["u"] == pytest.approx(-13.0 + 0.5 * 0.02 * (0.2 * -65.0 + 13.0))
    assert state["g_exc"] == 0.0 and state["g_inh"] == 0.0  # implicit conductances reset


HH_EQUATIONS = [
    "prev_v = v",
    "an = 0.032 * (15.0 - v + v_offset) / (exp((15.0 - v + v_offset)/5.0) - 1.0)",
    "am = 0.32  * (13.0 - v + v_offset) / (exp((13.0 - v + v_offset)/4.0) - 1.0)",
    "ah = 0.128 * exp((17.0 - v + v_offset)/18.0)",
    "bn = 0.5   * exp ((10.0 - v + v_offset)/40.0)",
    "bm = 0.28  * (v - v_offset - 40.0) / (exp((v - v_offset - 40.0)/5.0) - 1.0)",
    "bh = 4.0/(1.0 + exp (( 10.0 - v + v_offset )) )",
    Variable("dn/dt = an * (1.0 - n) - bn * n", init=0.0, method="exponential"),
    Variable("dm/dt = am * (1.0 - m) - bm * m", init=0.0, method="exponential"),
    Variable("dh/dt = ah * (1.0 - h) - bh * h", init=1.0, method="exponential"),
    Variable(
        """cm * dv/dt = gleak*(e_rev_leak -v) + gbar_K * n**4 * (e_rev_K - v)
                + gbar_Na * m**3 * h * (e_rev_Na - v)
                + g_exc * (e_rev_E - v) + g_inh * (e_rev_I - v) + i_offset""",
        method="exponential",
        init=-65.0,
    ),
    Variable("tau_syn_E * dg_exc/dt = - g_exc", method="exponential"),
    Variable("tau_syn_I * dg_inh/dt = - g_inh", method="exponential"),
]
HH_PARAMETERS = dict(
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
)


def test_hodgkin_huxley_exponential_block():
    ir = parse_neuron(
        "HH_cond_exp",
        HH_PARAMETERS,
        HH_EQUATIONS,
        spike="(v > v_thresh) and (prev_v <= v_thresh)",
        reset="",
    )
    assert ir.reset == () and ir.targets == ("exc", "inh")
    targets = [s.target for s in ir.updates.local]
    assert targets[:7] == ["prev_v", "an", "am", "ah", "bn", "bm", "bh"]
    assert targets[7:] == [
        "_d_n",
        "_d_m",
        "_d_h",
        "_d_v",
        "_d_g_exc",
        "_d_g_inh",
        "n",
        "m",
        "h",
        "v",
        "g_exc",
        "g_inh",
    ]
    state = dict(
        HH_PARAMETERS,
        v=-65.0,
        n=0.1,
        m=0.2,
        h=0.9,
        g_exc=0.5,
        g_inh=0.0,
        prev_v=0.0,
        an=0.0,
        am=0.0,
        ah=0.0,
        bn=0.0,
        bm=0.0,
        bh=0.0,
        dt=0.01,
        r=0.0,
    )
    run(ir.updates.local, state)
    an = 0.032 * (15.0 + 65.0 - 63.0) / (math.exp((15.0 + 65.0 - 63.0) / 5.0) - 1.0)
    bn = 0.5 * math.exp((10.0 + 65.0 - 63.0) / 40.0)
    n_inf, tau_n = an / (an + bn), 1.0 / (an + bn)
    assert state["n"] == pytest.approx(
        0.1 + (1 - math.exp(-0.01 / tau_n)) * (n_inf - 0.1), abs=1e-13
    )
    assert state["g_exc"] == pytest.approx(0.5 * math.exp(-0.01 / 0.2), abs=1e-15)


def test_eif_alpha_conductances():
    ir = parse_neuron(
        "EIF",
        dict(
            v_rest=-70.6,
            cm=0.281,
            tau_m=9.3667,
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
        ),
        [
            "gmax_exc = exp((tau_syn_E - dt/2.0)/tau_syn_E)",
            "gmax_inh = exp((tau_syn_I - dt/2.0)/tau_syn_I)",
            "I = alpha_exc * (e_rev_E - v) + alpha_inh * (e_rev_I - v) + i_offset",
            Variable(
                "tau_m * dv/dt = (v_rest - v +  delta_T * exp((v-v_thresh)/delta_T))"
                " + tau_m/cm*(I - w)",
                init=-70.6,
            ),
            "tau_w * dw/dt = a * (v - v_rest) / 1000.0 - w",
            Variable("tau_syn_E * dg_exc/dt = - g_exc", method="exponential"),
            Variable("tau_syn_I * dg_inh/dt = - g_inh", method="exponential"),
            Variable(
                "tau_syn_E * dalpha_exc/dt = gmax_exc * g_exc - alpha_exc", method="exponential"
            ),
            Variable(
                "tau_syn_I * dalpha_inh/dt = gmax_inh * g_inh - alpha_inh", method="exponential"
            ),
        ],
        spike="v > v_spike",
        reset="v = v_reset\nw += b",
        refractory=0.1,
    )
    assert ir.attribute("alpha_exc").method == "exponential"
    assert ir.attribute("w").is_ode and ir.reset[1] == Assign(
        "w", sp.Symbol("b"), "+=", line="w += b"
    )


def test_stp_event_driven():
    syn = parse_synapse(
        "STP",
        dict(tau_rec=100.0, tau_facil=0.01, U=0.5),
        [
            Variable("dx/dt = (1 - x)/tau_rec", init=1.0, method="event-driven"),
            Variable("du/dt = (U - u)/tau_facil", init=0.5, method="event-driven"),
        ],
        pre_spike="""
            g_target += w * u * x
            x *= (1 - u)
            u += U * (1 - u)
        """,
    )
    assert syn.attribute("x").init == 1.0
    state = {"x": 0.5, "u": 0.2, "tau_rec": 100.0, "tau_facil": 10.0, "U": 0.5, "_elapsed": 20.0}
    run(syn.event_driven, state)
    assert state["x"] == pytest.approx(1.0 + (0.5 - 1.0) * math.exp(-0.2), abs=1e-14)
    assert state["u"] == pytest.approx(0.5 + (0.2 - 0.5) * math.exp(-2.0), abs=1e-14)
    state.update({"post.g_target": 0.0, "w": 2.0})
    run(syn.pre_spike, state)
    u_old, x_old = 0.5 + (0.2 - 0.5) * math.exp(-2.0), 1.0 + (0.5 - 1.0) * math.exp(-0.2)
    assert state["post.g_target"] == pytest.approx(2.0 * u_old * x_old, abs=1e-14)
    assert state["x"] == pytest.approx(x_old * (1 - u_old), abs=1e-14)


def test_continuation_lines_and_division_by_zero():
    ir = parse_neuron("C", {"a": 1.0}, "r = a +\n    2 * a")
    assert ir.updates.local[0].expr == 3 * sp.Symbol("a")
    with pytest.raises(Exception, match="division by 0"):
        parse_neuron("C", {}, "r = 1 / 0")
