"""Pair-based STDP: the spike-timing window of the built-in ``ann.STDP`` synapse (Bi & Poo, 1998;
Song, Miller & Abbott, 2000).

101 independent synapses each see one pre-synaptic and one post-synaptic spike (two
``SpikeSourceArray`` populations connected one-to-one), the post-synaptic spike coming
``delta_t`` = -50 ... +50 ms after the pre-synaptic one. Pre-before-post potentiates by
``A_plus * exp(-delta_t / tau_plus)``, post-before-pre depresses; the pre-synaptic event reaches
the synapse one step (the minimal delay, 1 ms) after the spike. Prints the weight change for
delta_t = +10 ms (0.006376 = 0.01 exp(-9/20); deterministic, the reference prints the same
number) and saves the window to ``stdp_pair.png``.

    python examples/stdp_pair.py [--duration 200] [--out .]
"""

from __future__ import annotations

import argparse
import os

import matplotlib

matplotlib.use("Agg")
import ANNarchy as ann  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

DELAYS = np.arange(-50, 51)
W0 = 0.5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=200.0, help="ms of biological time")
    parser.add_argument("--out", default=".", help="folder of the figure")
    args = parser.parse_args()
    net = ann.Network(dt=1.0)
    t0 = 60.0
    pre = net.create(ann.SpikeSourceArray(spike_times=[[t0] for _ in DELAYS]))
    post = net.create(ann.SpikeSourceArray(spike_times=[[t0 + float(d)] for d in DELAYS]))
    stdp = ann.STDP(tau_plus=20.0, tau_minus=20.0, A_plus=0.01, A_minus=0.01, w_max=1.0)
    proj = net.connect(pre, post, "exc", synapse=stdp)
    proj.one_to_one(weights=W0)
    net.compile(silent=True)
    net.simulate(max(args.duration, 120.0))
    dw = np.array([dendrite.w[0] for dendrite in proj.dendrites]) - W0
    print(f"weight change at delta_t = +10 ms: {dw[60]:.6f}")
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(DELAYS, dw, ".")
    ax.axhline(0.0, color="gray", linewidth=0.5)
    ax.set(xlabel="t_post - t_pre (ms)", ylabel="weight change", title="STDP window")
    fig.savefig(os.path.join(args.out, "stdp_pair.png"), dpi=100)


if __name__ == "__main__":
    main()
