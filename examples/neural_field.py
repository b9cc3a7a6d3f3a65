"""Dynamic neural field (Amari; Rougier & Vitay, 2006): competition between two stimuli.

A 20x20 ``InputArray`` holds two Gaussian bumps (amplitudes 1.0 and 0.8); a 20x20 field of
rate-coded neurons receives it one-to-one and inhibits itself through difference-of-Gaussians
lateral connections. The field is deterministic: it keeps the stronger bump and suppresses
the other one. Prints the activity around the strong stimulus after 500 ms (the sum of the rates
in a 7x7 window, 13.3649; the reference prints the same number) and saves the input and the
field to ``neural_field.png``.

    python examples/neural_field.py [--duration 500] [--out .]
"""

from __future__ import annotations

import argparse
import os

import matplotlib

matplotlib.use("Agg")
import ANNarchy as ann  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

SIZE = 20

FIELD = ann.Neuron(
    parameters=dict(tau=10.0, baseline=-0.05),
    equations=[
        "tau * dv/dt + v = sum(exc) + sum(inh) + baseline",
        "r = clip(v, 0.0, 1.0)",
    ],
)


def bumps() -> np.ndarray:
    """Two Gaussian bumps on the 20x20 grid, at (5, 5) (1.0) and (14, 13) (0.8)."""
    x, y = np.meshgrid(np.arange(SIZE), np.arange(SIZE), indexing="ij")
    strong = np.exp(-((x - 5) ** 2 + (y - 5) ** 2) / (2 * 2.0**2))
    weak = 0.8 * np.exp(-((x - 14) ** 2 + (y - 13) ** 2) / (2 * 2.0**2))
    return strong + weak


def build():
    net = ann.Network(dt=1.0)
    inp = net.create(ann.InputArray(geometry=(SIZE, SIZE)))
    field = net.create((SIZE, SIZE), FIELD)
    net.connect(inp, field, "exc").one_to_one(weights=1.0)
    lateral = net.connect(field, field, "inh")
    lateral.dog(amp_pos=0.2, sigma_pos=0.1, amp_neg=0.1, sigma_neg=0.7)
    return net, inp, field


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=500.0, help="ms of biological time")
    parser.add_argument("--out", default=".", help="folder of the figure")
    args = parser.parse_args()
    net, inp, field = build()
    net.compile(silent=True)
    inp.r = bumps()
    net.simulate(args.duration)
    r = np.asarray(field.r)
    print(f"activity around the strong stimulus (5, 5): {r[2:9, 2:9].sum():.4f}")
    fig, axes = plt.subplots(1, 2, figsize=(7, 3.5))
    for ax, data, title in zip(axes, (bumps(), r), ("input", "field"), strict=True):
        ax.imshow(data, cmap="hot")
        ax.set_title(title)
    fig.savefig(os.path.join(args.out, "neural_field.png"), dpi=100)


if __name__ == "__main__":
    main()
