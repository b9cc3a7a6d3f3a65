"""BOLD monitors against the reference: step inputs through every model, the size-weighted mean
of several populations, scale factors. Expected numbers: printed by the reference implementation
(ANNarchy 5.0.4.1) for the same script (dt = 1 ms; records at steps 0, 101, 102, 500, 2099, 2100,
3000, 5099; input on at t = 100 ms, off at t = 2100 ms)."""

from __future__ import annotations

import ANNarchy as ann
import ANNarchy.extensions.bold as bold
import numpy as np
import pytest

STEPS = [0, 101, 102, 500, 2099, 2100, 3000, 5099]

REFERENCE = {
    ("RN", "I_CBF"): [0.0, 0.7, 0.7, 0.7, 0.7, 0.7, 0.0, 0.0],
    ("RN", "s"): [0.0, 0.0007, 0.0013995454545454545, 0.24401654730598096, 0.593380497696764,
                  0.5933546932903249, 0.045927594130850326, -0.383065730995251],
    ("RN", "f_in"): [1.0, 1.0, 1.0000007, 1.0510731123233754, 1.8376112915714278,
                     1.8382046720691245, 2.1094780504653534, 1.5703739392851195],
    ("RN", "v"): [1.0, 1.0, 1.0000000007142857, 1.0053551401182808, 1.1908785790898044,
                  1.1910217895817576, 1.2730210859158435, 1.1808345341811666],
    ("RN", "q"): [1.0, 1.0, 1.0000000001381508, 1.000121691857697, 0.8754506982261819,
                  0.8752932263628482, 0.744058108563122, 0.7257305744901666],
    ("RN", "BOLD"): [0.0, 0.0, 5.233470800085627e-12, 9.093725306756274e-05,
                     0.010087767005091825, 0.010098566235287628, 0.018452267196581516,
                     0.01823054812086662],
    ("CL", "BOLD"): [0.0, 0.0, 1.4539468125235571e-12, 6.642523309382768e-05,
                     0.010675839363159492, 0.010688101188586208, 0.02043465552936482,
                     0.020426494195595647],
    ("M21", "BOLD"): [0.0, 0.0, 1.2691152264210358e-11, 0.00020284938399896396,
                      0.019249342791459408, 0.01926785667520118, 0.03267056241257207,
                      0.03264134040536573],
    ("TWO", "r"): [1.0, 1.0, 1.000006, 1.285558431800954, 2.344400790663339, 2.344613460001788,
                   1.6473370767820819, 1.0238201274666323],
    ("TWO", "BOLD"): [0.0, 0.0, -3.198053880377571e-10, -0.0019466970582686053,
                      -0.016864167322089643, -0.01685529350303192, 0.0025783216816927237,
                      0.021414744597316872],
}  # fmt: skip

VASCULAR = ["q", "v", "BOLD"]


@pytest.fixture(scope="module")
def traces(cache_dir):
    """One network, every model, the reference's step input; the records of each monitor."""
    net = ann.Network(dt=1.0)
    neuron = ann.Neuron(
        parameters=dict(b=ann.Parameter(0.0, locality="local")), equations=["r = b", "c = 0.4 * b"]
    )
    p1, p2 = net.create(4, neuron), net.create(6, neuron)
    both = [p1, p2]
    monitors = {
        "RN": net.boldmonitor(both, bold.balloon_RN(), recorded_variables=["I_CBF", "s", "f_in",
                                                                           "v", "q", "BOLD"]),
        "CL": net.boldmonitor(both, bold.balloon_CL(kappa=0.5, epsilon=1.0)),
        "M21": net.boldmonitor([p1], bold.balloon_maith2021()),
        "TWO": net.boldmonitor(both, bold.balloon_two_inputs(),
                               mapping={"I_CBF": "r", "I_CMRO2": "c"}, scale_factor=[1.0, 1.0],
                               recorded_variables=["r", "BOLD"]),
        "RL": net.boldmonitor(both, bold.balloon_RL(), recorded_variables=VASCULAR),
        "CN": net.boldmonitor(both, bold.balloon_CN(), recorded_variables=VASCULAR),
    }  # fmt: skip
    net.compile(directory=cache_dir, silent=True)
    for monitor in monitors.values():
        monitor.start()
    net.simulate(100)
    p1.b, p2.b = 1.0, np.linspace(0, 1, 6)
    net.simulate(2000)
    p1.b, p2.b = 0.0, 0.0
    net.simulate(3000)
    out = {}
    for key, monitor in monitors.items():
        for var in monitor.recorded_variables:
            out[key, var] = monitor.get(var)
    return out


@pytest.mark.parametrize("key", list(REFERENCE))
def test_traces_match_the_reference(traces, key):
    record = traces[key]
    assert record.shape == (5100, 1)
    np.testing.assert_allclose(record[STEPS, 0], REFERENCE[key], rtol=1e-9, atol=1e-16)


def test_linear_and_classic_variants_share_the_vascular_part(traces):
    """RL/CN: the same q, v as RN (same input), then the BOLD equation of the spec page."""
    q, v = traces["RN", "q"], traces["RN", "v"]
    np.testing.assert_array_equal(traces["RL", "q"], q)
    np.testing.assert_array_equal(traces["CN", "v"], v)
    V_0, v_0, E_0, TE, eps, r_0 = 0.02, 40.3, 0.34, 0.04, 1.43, 25.0
    k1, k2, k3 = 4.3 * v_0 * E_0 * TE, eps * r_0 * E_0 * TE, 1 - eps
    linear = V_0 * ((k1 + k2) * (1 - q) + (k3 - k2) * (1 - v))
    np.testing.assert_allclose(traces["RL", "BOLD"], linear, rtol=1e-12, atol=1e-18)
    k1, k2 = (1 - V_0) * 4.3 * v_0 * E_0 * TE, 2 * E_0
    classic = V_0 * (k1 * (1 - q) + k2 * (1 - q / v) + k3 * (1 - v))
    np.testing.assert_allclose(traces["CN", "BOLD"], classic, rtol=1e-12, atol=1e-18)
