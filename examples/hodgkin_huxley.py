"""Hodgkin-Huxley neuron: the squid giant axon model of Hodgkin & Huxley (1952).

One single-compartment neuron with the sodium, potassium and leak currents of the original
paper (resting potential -65 mV, membrane capacitance 1 uF/cm2) receives a current step of
10 uA/cm2 from 20 ms to 120 ms (dt = 0.01 ms). It fires regularly while the current is on:
prints the number of action potentials (7 for the default 200 ms, counted as upward crossings
of 0 mV; the model is deterministic and the reference prints the same number) and saves the
membrane potential and the gating variables to ``hodgkin_huxley.png``.

    python examples/hodgkin_huxley.py [--duration 200] [--out .]
"""

from __future__ import annotations

import argparse
import os

import matplotlib

matplotlib.use("Agg")
import ANNarchy as ann  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

HH = ann.Neuron(
    parameters=dict(Cm=1.0, gNa=120.0, gK=36.0, gL=0.3, E_na=50.0, E_k=-77.0, E_l=-54.387, I=0.0),
    equations=[
        "prev_v = v",
        # rate functions of the gates (1/ms), potentials in mV
        "alpha_m = 0.1 * (v + 40.0) / (1.0 - exp(-(v + 40.0) / 10.0))",
        "beta_m = 4.0 * exp(-(v + 65.0) / 18.0)",
        "alpha_h = 0.07 * exp(-(v + 65.0) / 20.0)",
        "beta_h = 1.0 / (1.0 + exp(-(v + 35.0) / 10.0))",
        "alpha_n = 0.01 * (v + 55.0) / (1.0 - exp(-(v + 55.0) / 10.0))",
        "beta_n = 0.125 * exp(-(v + 65.0) / 80.0)",
        ann.Variable("dm/dt = alpha_m * (1.0 - m) - beta_m * m", init=0.0529),
        ann.Variable("dh/dt = alpha_h * (1.0 - h) - beta_h * h", init=0.5961),
        ann.Variable("dn/dt = alpha_n * (1.0 - n) - beta_n * n", init=0.3177),
        ann.Variable(
            "Cm * dv/dt = gNa * m * m * m * h * (E_na - v) + gK * n * n * n * n * (E_k - v)"
            " + gL * (E_l - v) + I",
            init=-65.0,
        ),
    ],
    spike="(v > 0.0) and (prev_v <= 0.0)",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=200.0, help="ms of biological time")
    parser.add_argument("--out", default=".", help="folder of the figure")
    args = parser.parse_args()
    net = ann.Network(dt=0.01)
    pop = net.create(1, HH)
    monitor = net.monitor(pop, ["v", "m", "h", "n"])
    net.compile(silent=True)
    net.simulate(min(20.0, args.duration))
    pop.I = 10.0
    net.simulate(min(100.0, max(args.duration - 20.0, 0.0)))
    pop.I = 0.0
    net.simulate(max(args.duration - 120.0, 0.0))
    data = monitor.get()
    v = data["v"][:, 0]
    print(f"action potentials: {int(np.sum((v[1:] > 0.0) & (v[:-1] <= 0.0)))}")
    t = np.arange(len(v)) * 0.01
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(8, 5))
    top.plot(t, v)
    top.set(ylabel="v (mV)", title="Hodgkin-Huxley neuron, 10 uA/cm2 from 20 to 120 ms")
    for name in ("m", "h", "n"):
        bottom.plot(t, data[name][:, 0], label=name)
    bottom.set(xlabel="time (ms)", ylabel="gate")
    bottom.legend()
    fig.savefig(os.path.join(args.out, "hodgkin_huxley.png"), dpi=100)


if __name__ == "__main__":
    main()
