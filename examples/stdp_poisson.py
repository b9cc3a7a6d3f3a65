"""Poisson-driven STDP (Song, Miller & Abbott, 2000): competitive Hebbian learning.

1,000 Poisson inputs at 15 Hz excite one conductance-based integrate-and-fire neuron through
synapses with spike-timing dependent plasticity (depression slightly stronger than
potentiation). The weights start at half their maximum; learning drives them towards the bounds
and regulates the output rate. Prints the fraction of weights above 0.9 w_max at the end (0.013
after the default 20 s with seed 1, the reference 0.009: the competition depresses most
synapses) and saves the histogram of the final weights to ``stdp_poisson.png``.

    python examples/stdp_poisson.py [--duration 20000] [--seed 1] [--out .]
"""

from __future__ import annotations

import argparse
import os

import matplotlib

matplotlib.use("Agg")
import ANNarchy as ann  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

W_MAX = 0.01

SONG = ann.Neuron(
    parameters=dict(
        tau_m=20.0, tau_exc=5.0, v_rest=-70.0, e_exc=0.0, v_thresh=-54.0, v_reset=-60.0
    ),
    equations=[
        ann.Variable("tau_m * dv/dt = v_rest - v + g_exc * (e_exc - v)", init=-60.0),
        "tau_exc * dg_exc/dt = -g_exc",
    ],
    spike="v > v_thresh",
    reset="v = v_reset",
)


def build(seed: int | None = None):
    net = ann.Network(dt=1.0, seed=seed)
    inputs = net.create(ann.PoissonPopulation(1000, rates=15.0))
    neuron = net.create(1, SONG)
    stdp = ann.STDP(tau_plus=20.0, tau_minus=20.0, A_plus=0.02, A_minus=0.021, w_max=W_MAX)
    proj = net.connect(inputs, neuron, "exc", synapse=stdp)
    proj.all_to_all(weights=W_MAX / 2, force_multiple_weights=True)
    return net, neuron, proj, net.monitor(neuron, "spike")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=20000.0, help="ms of biological time")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=".", help="folder of the figure")
    args = parser.parse_args()
    net, neuron, proj, monitor = build(args.seed)
    net.compile(silent=True)
    net.simulate(args.duration)
    w = np.asarray(proj.w, dtype=float).reshape(-1) / W_MAX
    print(f"fraction of weights above 0.9 w_max: {np.mean(w > 0.9):.3f}")
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.hist(w, bins=20, range=(0.0, 1.0))
    ax.set(xlabel="w / w_max", ylabel="synapses", title="Weights after STDP")
    fig.savefig(os.path.join(args.out, "stdp_poisson.png"), dpi=100)


if __name__ == "__main__":
    main()
