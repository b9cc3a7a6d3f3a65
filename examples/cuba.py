"""CUBA: Vogels & Abbott (2005) network of current-based integrate-and-fire neurons.

4,000 neurons (3,200 excitatory, 800 inhibitory) with a resting potential above threshold
(-49 mV against -50 mV), 2 % random connectivity and exponentially decaying synaptic currents
(excitatory jumps of 1.62 mV, inhibitory of 9 mV), dt = 0.1 ms. Excitation and inhibition
balance into asynchronous irregular firing. Prints the mean firing rate over the simulation
(5.60 Hz with seed 1; the reference prints 5.73 Hz for the same seed, the random
networks differing) and saves a raster plot of 500 neurons to ``cuba.png``.

    python examples/cuba.py [--duration 1000] [--seed 1] [--out .]
"""

from __future__ import annotations

import argparse
import os

import matplotlib

matplotlib.use("Agg")
import ANNarchy as ann  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

CUBA = ann.Neuron(
    parameters=dict(El=-49.0, Vr=-60.0, Vt=-50.0, tau_m=20.0, tau_exc=5.0, tau_inh=10.0),
    equations=[
        ann.Variable("tau_m * dv/dt = (El - v) + g_exc - g_inh", init=-60.0),
        "tau_exc * dg_exc/dt = -g_exc",
        "tau_inh * dg_inh/dt = -g_inh",
    ],
    spike="v > Vt",
    reset="v = Vr",
    refractory=5.0,
)


def build(seed: int | None = 1):
    """The network, its population and a spike monitor."""
    net = ann.Network(dt=0.1, seed=seed)
    pop = net.create(4000, CUBA)
    pop.v = ann.Uniform(-60.0, -50.0)
    net.connect(pop[:3200], pop, "exc").fixed_probability(probability=0.02, weights=1.62)
    net.connect(pop[3200:], pop, "inh").fixed_probability(probability=0.02, weights=9.0)
    return net, pop, net.monitor(pop, "spike")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=1000.0, help="ms of biological time")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=".", help="folder of the figure")
    args = parser.parse_args()
    net, pop, monitor = build(args.seed)
    net.compile(silent=True)
    net.simulate(args.duration)
    spikes = monitor.get("spike")
    print(f"mean firing rate: {monitor.mean_fr(spikes):.2f} Hz")
    times, ranks = monitor.raster_plot(spikes)
    keep = ranks < 500
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot(times[keep], ranks[keep], ".", markersize=1)
    ax.set(xlabel="time (ms)", ylabel="neuron", title="CUBA network (500 of 4,000 neurons)")
    fig.savefig(os.path.join(args.out, "cuba.png"), dpi=100)


if __name__ == "__main__":
    main()
