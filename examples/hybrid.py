"""Hybrid network: rate-coded and spiking populations in one network (Poisson populations
driven by ``target``, ``ann.DecodingProjection``).

A rate-coded neuron holds a slowly rising value (0 to 1 over the simulation); 1,000 Poisson
neurons fire at ``100 * r`` Hz (a projection to their ``exc`` target, weight 100); a
``DecodingProjection`` (10 ms window) turns their spikes back into a rate-coded neuron whose
``r = sum(exc)`` estimates the population's rate. Prints the mean absolute error between the
decoded and the encoded rates over the second half (2.28 Hz with seed 1; random, the
reference prints 2.01 Hz) and saves both signals to ``hybrid.png``.

    python examples/hybrid.py [--duration 1000] [--seed 1] [--out .]
"""

from __future__ import annotations

import argparse
import os

import matplotlib

matplotlib.use("Agg")
import ANNarchy as ann  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=1000.0, help="ms of biological time")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=".", help="folder of the figure")
    args = parser.parse_args()
    net = ann.Network(dt=1.0, seed=args.seed)
    ramp = net.create(1, ann.Neuron(parameters=dict(T=args.duration), equations="r = t * dt / T"))
    spiking = net.create(ann.PoissonPopulation(1000, target="exc"))
    net.connect(ramp, spiking, "exc").all_to_all(weights=100.0)
    decoder = net.create(1, ann.Neuron(equations="r = sum(exc)"))
    net.connect(ann.DecodingProjection(spiking, decoder, "exc", window=10.0)).all_to_all(
        weights=1.0
    )
    monitors = [net.monitor(ramp, "r"), net.monitor(decoder, "r")]
    net.compile(silent=True)
    net.simulate(args.duration)
    encoded = 100.0 * np.asarray(monitors[0].get("r")).reshape(-1)
    decoded = np.asarray(monitors[1].get("r")).reshape(-1)
    half = len(encoded) // 2
    print(f"mean decoding error: {np.abs(decoded[half:] - encoded[half:]).mean():.2f} Hz")
    fig, ax = plt.subplots(figsize=(7, 4))
    t = np.arange(len(encoded)) * 1.0
    ax.plot(t, decoded, label="decoded from 1,000 spiking neurons")
    ax.plot(t, encoded, label="encoded rate (100 r)")
    ax.set(xlabel="time (ms)", ylabel="rate (Hz)", title="Rate -> spikes -> rate")
    ax.legend()
    fig.savefig(os.path.join(args.out, "hybrid.png"), dpi=100)


if __name__ == "__main__":
    main()
