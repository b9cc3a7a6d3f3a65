"""BOLD monitoring: the balloon model turns neural activity into a BOLD signal (Buxton et al.,
1998; Friston et al., 2000) with ``ANNarchy.extensions.bold``.

A population of 10 rate-coded neurons is silent, then active (r = 1) for one second from
t = 1 s, then silent again. A ``BoldMonitor`` with the ``balloon_RN`` model (input ``I_CBF``
mapped to ``r``) integrates the blood flow, volume and deoxyhemoglobin and records the BOLD
signal. It rises a few seconds after the stimulus, peaks and undershoots. Prints the peak of
the BOLD signal (0.01720; deterministic, the reference prints the same number) and saves
the signal to ``bold.png``.

    python examples/bold.py [--duration 20000] [--out .]
"""

from __future__ import annotations

import argparse
import os

import matplotlib

matplotlib.use("Agg")
import ANNarchy as ann  # noqa: E402
import ANNarchy.extensions.bold as bold  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=20000.0, help="ms of biological time")
    parser.add_argument("--out", default=".", help="folder of the figure")
    args = parser.parse_args()
    net = ann.Network(dt=1.0)
    pop = net.create(10, ann.Neuron(parameters=dict(drive=0.0), equations="r = drive"))
    monitor = net.boldmonitor([pop], bold.balloon_RN(), mapping={"I_CBF": "r"})
    net.compile(silent=True)
    monitor.start()
    net.simulate(min(1000.0, args.duration))
    pop.drive = 1.0
    net.simulate(min(1000.0, max(args.duration - 1000.0, 0.0)))
    pop.drive = 0.0
    net.simulate(max(args.duration - 2000.0, 0.0))
    signal = np.asarray(monitor.get("BOLD")).reshape(-1)
    print(f"peak BOLD signal: {signal.max():.5f}")
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(np.arange(len(signal)) / 1000.0, signal)
    ax.axvspan(1.0, 2.0, color="gray", alpha=0.3, label="stimulus")
    ax.set(xlabel="time (s)", ylabel="BOLD", title="Balloon model (RN)")
    ax.legend()
    fig.savefig(os.path.join(args.out, "bold.png"), dpi=100)


if __name__ == "__main__":
    main()
