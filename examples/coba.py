"""COBA: Vogels & Abbott (2005) network of conductance-based integrate-and-fire neurons.

4,000 neurons (80 % excitatory, 20 % inhibitory), 2 % random connectivity, dt = 0.1 ms.
Prints the mean firing rate and saves a raster plot to ``coba_raster.png`` (needs matplotlib).

    python examples/coba.py [--duration 1000] [--neurons 4000] [--no-plot] [--out .] [-j N]
"""

from __future__ import annotations

import argparse
import os
import time

import ANNarchy as ann

COBA = ann.Neuron(
    parameters=dict(
        El=-60.0,
        Vr=-60.0,
        Erev_exc=0.0,
        Erev_inh=-80.0,
        Vt=-50.0,
        tau=20.0,
        tau_exc=5.0,
        tau_inh=10.0,
        I=20.0,
    ),
    equations=[
        ann.Variable(
            "tau * dv/dt = (El - v) + g_exc * (Erev_exc - v) + g_inh * (Erev_inh - v) + I",
            init=-60.0,
        ),
        "tau_exc * dg_exc/dt = - g_exc",
        "tau_inh * dg_inh/dt = - g_inh",
    ],
    spike="v > Vt",
    reset="v = Vr",
    refractory=5.0,
)


def build(n: int = 4000, p: float = 0.02, seed: int | None = None):
    """The network, its population and a spike monitor."""
    net = ann.Network(dt=0.1, seed=seed)
    pop = net.create(n, COBA)
    pop.v = ann.Normal(-55.0, 5.0)
    n_exc = int(0.8 * n)
    exc = net.connect(pop[:n_exc], pop, "exc")
    exc.fixed_probability(weights=0.6, probability=p)
    inh = net.connect(pop[n_exc:], pop, "inh")
    inh.fixed_probability(weights=6.7, probability=p)
    monitor = net.monitor(pop, "spike")
    return net, pop, monitor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=1000.0, help="ms of biological time")
    parser.add_argument("--neurons", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--no-plot", action="store_true")
    parser.add_argument("--out", default=".", help="folder of the raster plot")
    args, _ = parser.parse_known_args()

    p = 0.02 * 4000 / args.neurons
    net, pop, monitor = build(args.neurons, p, args.seed)
    t0 = time.perf_counter()
    net.compile()
    t1 = time.perf_counter()
    net.simulate(args.duration)
    t2 = time.perf_counter()

    spikes = monitor.get("spike")
    rate = monitor.mean_fr(spikes)
    print(f"compile: {t1 - t0:.2f} s, simulate {args.duration:.0f} ms: {t2 - t1:.3f} s")
    print(f"mean firing rate: {rate:.2f} Hz")
    if not args.no_plot:
        save_raster(monitor, spikes, os.path.join(args.out, "coba_raster.png"))


def save_raster(monitor, spikes, path: str) -> None:
    """Save a raster plot of the first 1,000 neurons (skipped without matplotlib)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no raster plot")
        return
    times, ranks = monitor.raster_plot(spikes)
    keep = ranks < 1000
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot(times[keep], ranks[keep], ".", markersize=1)
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("neuron")
    ax.set_title("COBA network")
    fig.savefig(path, dpi=100)
    print(f"raster plot saved to {path}")


if __name__ == "__main__":
    main()
