"""Multiple networks with ``parallel_run``: an f-I curve computed by copies of one network in
parallel processes.

``LIFNetwork`` (a ``Network`` subclass, as ``parallel_run`` requires) holds 10 leaky
integrate-and-fire neurons (tau = 20 ms, threshold 15 mV above rest, 2 ms refractory period)
driven by a constant input ``I``. ``parallel_run`` runs the simulation method on 8 copies, each
with its own input (16 to 30 mV), and returns the firing rates. Prints the rate for I = 30 mV
(63.0 Hz, the reference prints the same number; the analytic rate 1 / (2 ms + 20 ms ln 2) = 64.8
Hz is reduced by the discrete threshold crossing with dt = 0.1 ms; deterministic) and saves the
f-I curve to ``parallel.png``.

    python examples/parallel.py [--duration 1000] [--out .]
"""

from __future__ import annotations

import argparse
import os

import matplotlib

matplotlib.use("Agg")
import ANNarchy as ann  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

LIF = ann.Neuron(
    parameters=dict(tau=20.0, threshold=15.0, I=0.0),
    equations="tau * dv/dt = -v + I",
    spike="v > threshold",
    reset="v = 0.0",
    refractory=2.0,
)

INPUTS = [16.0, 18.0, 20.0, 22.0, 24.0, 26.0, 28.0, 30.0]


class LIFNetwork(ann.Network):
    """10 LIF neurons and a spike monitor."""

    def __init__(self):
        self.pop = self.create(10, LIF)
        self.monitor_spikes = self.monitor(self.pop, "spike")


def simulation(net: LIFNetwork, current: float = 0.0, duration: float = 1000.0) -> float:
    """Set the input, simulate, return the mean firing rate (Hz)."""
    net.pop.I = current
    net.simulate(duration)
    spikes = net.monitor_spikes.get("spike")
    return sum(len(s) for s in spikes.values()) / net.pop.size / (duration / 1000.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=1000.0, help="ms of biological time")
    parser.add_argument("--out", default=".", help="folder of the figure")
    args = parser.parse_args()
    net = LIFNetwork(dt=0.1)
    net.compile(silent=True)
    rates = net.parallel_run(
        method=simulation, number=len(INPUTS), current=INPUTS, duration=args.duration
    )
    print(f"rate for I = 30 mV: {rates[-1]:.1f} Hz")
    analytic = [1000.0 / (2.0 + 20.0 * np.log(i / (i - 15.0))) for i in INPUTS]
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(INPUTS, rates, "o", label="parallel_run, one network per input")
    ax.plot(INPUTS, analytic, label="1 / (t_ref + tau ln(I / (I - threshold)))")
    ax.set(xlabel="I (mV)", ylabel="rate (Hz)", title="f-I curve of a LIF neuron")
    ax.legend()
    fig.savefig(os.path.join(args.out, "parallel.png"), dpi=100)


if __name__ == "__main__":
    main()
