"""AdEx firing patterns: the adaptive exponential integrate-and-fire neuron (Brette & Gerstner,
2005) reproduces many cortical firing patterns (Naud et al., 2008).

Eight AdEx neurons, one per parameter set of Naud et al. (2008): tonic spiking, adaptation,
initial burst, regular bursting, delayed accelerating, delayed regular bursting, transient
spiking and irregular spiking. Each receives its own constant current step from 50 ms on
(dt = 0.1 ms, spikes are cut at 0 mV). Prints the number of spikes of the adapting neuron
(its inter-spike intervals grow until it settles; 10 spikes for the default 500 ms, the model
is deterministic and the reference prints the same number) and saves the eight voltage traces
to ``adex.png``.

    python examples/adex.py [--duration 500] [--out .]
"""

from __future__ import annotations

import argparse
import os

import matplotlib

matplotlib.use("Agg")
import ANNarchy as ann  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def P(value: float) -> ann.Parameter:  # noqa: N802
    """A parameter with one value per neuron."""
    return ann.Parameter(value, locality="local")


ADEX = ann.Neuron(
    # one value per neuron, Vpeak is shared
    parameters=dict(
        Cm=P(200.0),
        gL=P(10.0),
        EL=P(-70.0),
        VT=P(-50.0),
        DT=P(2.0),
        a=P(2.0),
        tau_w=P(30.0),
        b=P(0.0),
        Vr=P(-58.0),
        I=P(0.0),
        Vpeak=0.0,
    ),
    equations=[
        ann.Variable(
            "Cm * dv/dt = -gL * (v - EL) + gL * DT * exp((v - VT) / DT) - w + I",
            init=-70.0,
        ),
        "tau_w * dw/dt = a * (v - EL) - w",
    ],
    spike="v >= Vpeak",
    reset="v = Vr\nw += b",
)

#: name: (Cm pF, gL nS, EL mV, VT mV, DT mV, a nS, tau_w ms, b pA, Vr mV, I pA)
PATTERNS = {
    "tonic": (200, 10, -70, -50, 2, 2, 30, 0, -58, 500),
    "adapting": (200, 12, -70, -50, 2, 2, 300, 60, -58, 500),
    "initial burst": (130, 18, -58, -50, 2, 4, 150, 120, -50, 400),
    "regular bursting": (200, 10, -58, -50, 2, 2, 120, 100, -46, 210),
    "delayed accelerating": (200, 12, -70, -50, 2, -10, 300, 0, -58, 300),
    "delayed bursting": (100, 10, -65, -50, 2, -10, 90, 30, -47, 110),
    "transient": (100, 10, -65, -50, 2, 10, 90, 100, -47, 180),
    "irregular": (100, 12, -60, -50, 2, -11, 130, 30, -48, 160),
}
NAMES = ("Cm", "gL", "EL", "VT", "DT", "a", "tau_w", "b", "Vr", "I")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=500.0, help="ms of biological time")
    parser.add_argument("--out", default=".", help="folder of the figure")
    args = parser.parse_args()
    net = ann.Network(dt=0.1)
    pop = net.create(len(PATTERNS), ADEX)
    table = np.array(list(PATTERNS.values()), dtype=float)
    currents = table[:, -1]
    monitor = net.monitor(pop, ["v", "spike"])
    net.compile(silent=True)
    for k, name in enumerate(NAMES[:-1]):
        setattr(pop, name, table[:, k])
    pop.v = table[:, 2]
    net.simulate(min(50.0, args.duration))
    pop.I = currents
    net.simulate(max(args.duration - 50.0, 0.0))
    spikes = monitor.get("spike")
    v = monitor.get("v")
    print(f"spikes of the adapting neuron: {len(spikes[1])}")
    t = np.arange(len(v)) * 0.1
    fig, axes = plt.subplots(4, 2, sharex=True, figsize=(10, 8))
    for k, (name, ax) in enumerate(zip(PATTERNS, axes.T.ravel(), strict=True)):
        trace = v[:, k].copy()
        trace[[int(round(s)) - 1 for s in spikes[k] if s > 0]] = 0.0  # draw the spikes
        ax.plot(t, trace, linewidth=0.8)
        ax.set_title(name, fontsize=9)
    for ax in axes[-1]:
        ax.set_xlabel("time (ms)")
    fig.suptitle("AdEx firing patterns (Naud et al., 2008)")
    fig.tight_layout()
    fig.savefig(os.path.join(args.out, "adex.png"), dpi=100)


if __name__ == "__main__":
    main()
