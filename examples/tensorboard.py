"""Tensorboard logging: ``ANNarchy.extensions.tensorboard.Logger`` writes scalars, images and
histograms that ``tensorboard --logdir runs`` displays.

A rate-coded population of 10 leaky neurons receives an input that grows from trial to trial;
after each 100 ms trial the script logs the mean rate (scalar), the rates (image) and, at the
end, a histogram of the rates. The log lands in ``runs/`` under ``--out``. Prints the last
logged mean rate (0.6321 = 1 - exp(-1) of the final input 1.0 after 100 ms with tau = 100 ms;
deterministic) and saves the logged mean rates to ``tensorboard.png``.

    python examples/tensorboard.py [--trials 10] [--out .]
"""

from __future__ import annotations

import argparse
import os

import matplotlib

matplotlib.use("Agg")
import ANNarchy as ann  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from ANNarchy.extensions.tensorboard import Logger  # noqa: E402

LEAKY = ann.Neuron(
    parameters=dict(tau=100.0, I=0.0),
    equations=ann.Variable("tau * dr/dt + r = I", method="exponential"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--out", default=".", help="folder of the log and the figure")
    args = parser.parse_args()
    net = ann.Network(dt=1.0)
    pop = net.create(10, LEAKY)
    net.compile(silent=True)
    means = []
    with Logger(logdir=os.path.join(args.out, "runs")) as logger:
        for trial in range(args.trials):
            pop.r = 0.0
            pop.I = (trial + 1) / args.trials
            net.simulate(100.0)
            means.append(float(np.mean(pop.r)))
            logger.add_scalar("Activity/mean rate", means[-1], trial)
            logger.add_image("Activity/rates", np.asarray(pop.r).reshape(1, 10), trial)
        logger.add_histogram("Activity/final rates", np.asarray(pop.r), args.trials)
    print(f"last logged mean rate: {means[-1]:.4f}")
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(range(args.trials), means, "o-")
    ax.set(xlabel="trial", ylabel="mean rate", title="Scalar logged to tensorboard")
    fig.savefig(os.path.join(args.out, "tensorboard.png"), dpi=100)


if __name__ == "__main__":
    main()
