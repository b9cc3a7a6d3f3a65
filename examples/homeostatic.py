"""Homeostatic plasticity: synaptic scaling holds a neuron's firing rate at a target (Turrigiano
et al., 1998).

One conductance-based integrate-and-fire neuron receives 200 Poisson inputs at 20 Hz through
excitatory synapses that start far too strong (the neuron fires well above the target). The
neuron keeps a running estimate of its rate (a trace with a 1 s time constant) and every synapse
is scaled multiplicatively, ``tau_scale dw/dt = w (target - post.rate) / target``, towards the
target of 10 Hz. Prints the firing rate over the last 10 seconds (9.9 Hz after the default 30 s
with seed 1; random, the reference prints 9.7 Hz) and saves the rate estimate and the mean
weight over time to ``homeostatic.png``.

    python examples/homeostatic.py [--duration 30000] [--seed 1] [--out .]
"""

from __future__ import annotations

import argparse
import os

import matplotlib

matplotlib.use("Agg")
import ANNarchy as ann  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

NEURON = ann.Neuron(
    parameters=dict(tau_m=20.0, tau_exc=5.0, El=-70.0, Ee=0.0, Vt=-54.0, Vr=-60.0, tau_rate=1000.0),
    equations=[
        ann.Variable("tau_m * dv/dt = El - v + g_exc * (Ee - v)", init=-70.0),
        "tau_exc * dg_exc/dt = -g_exc",
        "tau_rate * drate/dt = -rate",
    ],
    spike="v > Vt",
    reset="v = Vr\nrate += 1000.0 / tau_rate",
    refractory=2.0,
)

SCALING = ann.Synapse(
    parameters=dict(tau_scale=2000.0, target=10.0),
    equations=[ann.Variable("tau_scale * dw/dt = w * (target - post.rate) / target", min=0.0)],
    pre_spike="g_target += w",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=30000.0, help="ms of biological time")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=".", help="folder of the figure")
    args = parser.parse_args()
    net = ann.Network(dt=1.0, seed=args.seed)
    inputs = net.create(ann.PoissonPopulation(200, rates=20.0))
    neuron = net.create(1, NEURON)
    proj = net.connect(inputs, neuron, "exc", synapse=SCALING)
    proj.all_to_all(weights=0.05)
    trace = net.monitor(neuron, "rate", period=100.0)
    weights = net.monitor(proj, "w", period=100.0)
    spikes = net.monitor(neuron, "spike")
    net.compile(silent=True)
    last = min(10000.0, args.duration)
    net.simulate(args.duration - last)
    spikes.get("spike")  # forget the spikes before the last 10 s
    net.simulate(last)
    count = len(spikes.get("spike")[0])
    print(f"firing rate over the last 10 s: {count / (last / 1000.0):.1f} Hz")
    rate = np.asarray(trace.get("rate")).reshape(-1)
    w = np.asarray(weights.get("w"), dtype=float).reshape(len(rate), -1).mean(axis=1)
    t = np.arange(len(rate)) * 0.1
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(7, 5))
    top.plot(t, rate)
    top.axhline(10.0, color="gray", linestyle="--")
    top.set(ylabel="rate estimate (Hz)", title="Synaptic scaling towards 10 Hz")
    bottom.plot(t, w)
    bottom.set(xlabel="time (s)", ylabel="mean weight")
    fig.savefig(os.path.join(args.out, "homeostatic.png"), dpi=100)


if __name__ == "__main__":
    main()
