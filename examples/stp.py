"""Short-term plasticity: the Tsodyks-Markram synapse (Tsodyks, Pawelzik & Markram, 1998).

A spike train of eight spikes at 20 Hz, then a recovery spike 500 ms after the last one, crosses
two synapses of the built-in ``ann.STP`` model onto two neurons: a depressing synapse
(U = 0.5, tau_rec = 800 ms, tau_facil = 0.01 ms) and a facilitating one (U = 0.15,
tau_rec = 100 ms, tau_facil = 1000 ms). The post-synaptic conductance ``g_exc`` (no decay
equation: it holds the increment of the step) is recorded. Prints the ratio of the eighth
depressing response to the first (0.1167 for dt = 1 ms; the
reference prints the same number) and saves both response trains to ``stp.png``.

    python examples/stp.py [--duration 1000] [--out .]
"""

from __future__ import annotations

import argparse
import os

import matplotlib

matplotlib.use("Agg")
import ANNarchy as ann  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

POST = ann.Neuron(equations="dv/dt = -v + g_exc", spike="v > 1e9")
TRAIN = [10.0 + 50.0 * k for k in range(8)] + [860.0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=1000.0, help="ms of biological time")
    parser.add_argument("--out", default=".", help="folder of the figure")
    args = parser.parse_args()
    net = ann.Network(dt=1.0)
    pre = net.create(ann.SpikeSourceArray(spike_times=TRAIN))
    post = net.create(2, POST)
    depressing = ann.STP(U=0.5, tau_rec=800.0, tau_facil=0.01)
    facilitating = ann.STP(U=0.15, tau_rec=100.0, tau_facil=1000.0)
    net.connect(pre, post[0], "exc", synapse=depressing).all_to_all(weights=1.0)
    net.connect(pre, post[1], "exc", synapse=facilitating).all_to_all(weights=1.0)
    monitor = net.monitor(post, "g_exc")
    net.compile(silent=True)
    net.simulate(args.duration)
    g = monitor.get("g_exc")
    peaks = [g[:, k][g[:, k] > 0] for k in range(2)]
    print(f"8th / 1st depressing response: {peaks[0][min(7, len(peaks[0]) - 1)] / peaks[0][0]:.4f}")
    fig, ax = plt.subplots(figsize=(8, 4))
    t = np.arange(len(g))
    ax.plot(t, g[:, 0], label="depressing (U = 0.5)")
    ax.plot(t, g[:, 1], label="facilitating (U = 0.15)")
    ax.set(xlabel="time (ms)", ylabel="response w u x", title="Tsodyks-Markram synapses")
    ax.legend()
    fig.savefig(os.path.join(args.out, "stp.png"), dpi=100)


if __name__ == "__main__":
    main()
