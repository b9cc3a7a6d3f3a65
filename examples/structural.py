"""Structural plasticity: synapses are created between co-active neurons and pruned when they
become weak (``ann.Creating`` and ``ann.Pruning``, ``net.config(structural_plasticity=True)``).

Two populations of 10 rate-coded neurons have fixed activities: the first 5 of each are active
(r = 1), the others silent. The projection starts with 2 random synapses per post-synaptic
neuron (creation adds synapses to existing dendrites only). Its synapses learn ``dw/dt = eta
pre.r post.r - decay w``: between active neurons the weight grows, elsewhere it decays. Every 10
ms, a missing synapse between two active neurons is created (probability 1) and a synapse weaker
than 0.05 is pruned. Prints the final number of synapses (25 = 5 x 5 after the default 1,000 ms;
deterministic, the reference prints the same number) and saves the connectivity before and after
to ``structural.png``.

    python examples/structural.py [--duration 1000] [--out .]
"""

from __future__ import annotations

import argparse
import os

import matplotlib

matplotlib.use("Agg")
import ANNarchy as ann  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

FIXED = ann.Neuron(parameters=dict(r=ann.Parameter(0.0, locality="local")))

PLASTIC = ann.Synapse(
    parameters=dict(eta=0.01, decay=0.02),
    equations=[ann.Variable("dw/dt = eta * pre.r * post.r - decay * w", min=0.0)],
    creating=ann.Creating("pre.r * post.r > 0.5", proba=1.0, w=0.5),
    pruning=ann.Pruning("w < 0.05", proba=1.0),
)


def matrix(proj) -> np.ndarray:
    """1 where a synapse exists, shape (post, pre)."""
    out = np.zeros((proj.post.size, proj.pre.size))
    for dendrite in proj.dendrites:
        out[dendrite.post_rank, dendrite.pre_ranks] = 1.0
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=1000.0, help="ms of biological time")
    parser.add_argument("--out", default=".", help="folder of the figure")
    args = parser.parse_args()
    net = ann.Network(dt=1.0, seed=1)
    net.config(structural_plasticity=True)
    pre = net.create(10, FIXED)
    post = net.create(10, FIXED)
    proj = net.connect(pre, post, "exc", synapse=PLASTIC)
    proj.fixed_number_pre(number=2, weights=0.5)
    net.compile(silent=True)
    pre.r = [1.0] * 5 + [0.0] * 5
    post.r = [1.0] * 5 + [0.0] * 5
    before = matrix(proj)
    proj.start_creating(period=10.0)
    proj.start_pruning(period=10.0)
    net.simulate(args.duration)
    after = matrix(proj)
    print(f"synapses at the end: {int(after.sum())}")
    fig, axes = plt.subplots(1, 2, figsize=(7, 3.5))
    for ax, data, title in zip(axes, (before, after), ("before", "after"), strict=True):
        ax.imshow(data, cmap="Greys", vmin=0.0, vmax=1.0)
        ax.set(xlabel="pre-synaptic neuron", ylabel="post-synaptic neuron", title=title)
    fig.tight_layout()
    fig.savefig(os.path.join(args.out, "structural.png"), dpi=100)


if __name__ == "__main__":
    main()
