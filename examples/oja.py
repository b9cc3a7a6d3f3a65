"""Oja's rule: a linear neuron learns the first principal component of its inputs (Oja, 1982).

Two inputs receive a new sample of a correlated 2D Gaussian (standard deviations 1 and 0.3,
rotated by 30 degrees) every 10 ms (a ``TimedArray``); a linear neuron ``r = sum(exc)`` (which
sees its inputs one step late) learns with the built-in ``ann.Oja`` synapse (eta = 0.002,
alpha = 1). The
weight vector aligns with the first principal component and its norm tends to 1. Prints the
angle between the final weight vector and the principal axis (0.04 degrees after the default
2,000 samples (20 s); the samples come from numpy's seeded generator, so the reference prints
the same number) and saves the samples with the weight
trajectory to ``oja.png``.

    python examples/oja.py [--duration 20000] [--seed 1] [--out .]
"""

from __future__ import annotations

import argparse
import os

import matplotlib

matplotlib.use("Agg")
import ANNarchy as ann  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

ANGLE = np.deg2rad(30.0)


def samples(n: int, seed: int) -> np.ndarray:
    """``n`` samples of the rotated Gaussian, shape (n, 2)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(0.0, [1.0, 0.3], size=(n, 2))
    rotation = np.array([[np.cos(ANGLE), -np.sin(ANGLE)], [np.sin(ANGLE), np.cos(ANGLE)]])
    return x @ rotation.T


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=20000.0, help="ms (10 ms per sample)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=".", help="folder of the figure")
    args = parser.parse_args()
    n = int(args.duration // 10)
    data = samples(n, args.seed)
    net = ann.Network(dt=1.0)
    inp = net.create(ann.TimedArray(rates=data, schedule=10.0))
    out = net.create(1, ann.Neuron(equations="r = sum(exc)"))
    proj = net.connect(inp, out, "exc", synapse=ann.Oja(eta=0.002, alpha=1.0))
    proj.from_matrix(np.array([[0.1, 0.8]]))
    monitor = net.monitor(proj, "w", period=10.0)
    net.compile(silent=True)
    net.simulate(10.0 * n)
    w = np.asarray(proj.w, dtype=float).reshape(-1)
    cosine = abs(w @ [np.cos(ANGLE), np.sin(ANGLE)]) / np.linalg.norm(w)
    print(f"angle to the principal component: {np.rad2deg(np.arccos(min(cosine, 1.0))):.2f} deg")
    trajectory = np.asarray(monitor.get("w"), dtype=float).reshape(-1, 2)
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot(data[:, 0], data[:, 1], ".", markersize=1, alpha=0.3, label="inputs")
    ax.plot(trajectory[:, 0], trajectory[:, 1], "r", label="weight vector")
    ax.set(xlabel="x1", ylabel="x2", title="Oja's rule", aspect="equal")
    ax.legend()
    fig.savefig(os.path.join(args.out, "oja.png"), dpi=100)


if __name__ == "__main__":
    main()
