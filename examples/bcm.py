"""BCM: a neuron with the sliding-threshold rule of Bienenstock, Cooper & Munro (1982) becomes
selective to one of its input patterns (built-in ``ann.IBCM``, Intrator & Cooper, 1992).

Ten inputs are driven alternately by two overlapping patterns (each for 50 ms); a linear neuron
learns with ``ann.IBCM`` (eta = 0.002, threshold time constant 100 ms), from equal initial weights.
The threshold follows the mean squared response, the weights of one pattern grow and those of the
other decay to zero. Prints the selectivity ``1 - r_weak / r_strong`` of the responses to the two
patterns at the end (close to 1; deterministic, the reference prints the same number) and saves
the weights and the threshold over time to ``bcm.png``.

    python examples/bcm.py [--duration 20000] [--out .]
"""

from __future__ import annotations

import argparse
import os

import matplotlib

matplotlib.use("Agg")
import ANNarchy as ann  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

PATTERNS = np.array(
    [[1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.0, 0.0, 0.0, 0.0],
     [0.0, 0.0, 0.0, 0.0, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0]]
)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=20000.0, help="ms of biological time")
    parser.add_argument("--out", default=".", help="folder of the figure")
    args = parser.parse_args()
    net = ann.Network(dt=1.0)
    inp = net.create(ann.InputArray(geometry=10))
    out = net.create(1, ann.Neuron(equations="r = sum(exc)"))
    proj = net.connect(inp, out, "exc", synapse=ann.IBCM(eta=0.002, tau=100.0))
    proj.all_to_all(weights=0.1)
    monitor = net.monitor(proj, ["w", "theta"], period=50.0)
    net.compile(silent=True)
    for trial in range(int(args.duration // 50)):
        inp.r = PATTERNS[trial % 2]
        net.simulate(50.0)
    w = np.asarray(proj.w, dtype=float).reshape(-1)
    responses = np.sort(PATTERNS @ w)
    print(f"selectivity: {1.0 - responses[0] / responses[1]:.4f}")
    record = monitor.get()
    weights = np.asarray(record["w"], dtype=float).reshape(-1, 10)
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(7, 5))
    top.plot(np.arange(len(weights)) * 50.0, weights)
    top.set(ylabel="weights", title="BCM: selectivity to one of two patterns")
    bottom.plot(np.arange(len(weights)) * 50.0, np.asarray(record["theta"]).reshape(-1))
    bottom.set(xlabel="time (ms)", ylabel="threshold")
    fig.savefig(os.path.join(args.out, "bcm.png"), dpi=100)


if __name__ == "__main__":
    main()
