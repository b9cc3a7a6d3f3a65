"""Plastic network: Poisson-driven neurons with online STDP (traces in pre_spike/post_spike).

10,000 Poisson neurons (10 Hz) project all-to-all onto 100 integrate-and-fire neurons: one
million plastic synapses, dt = 0.1 ms. The Poisson neurons are written as a plain neuron model
so the script runs unchanged under this project and under the reference implementation.
Prints one JSON line.

    python plastic.py [--inputs 10000] [--outputs 100] [--duration 1000] [--directory DIR]
"""

from __future__ import annotations

import argparse
import json
import time

import ANNarchy as ann

POISSON = ann.Neuron(
    parameters=dict(rate=10.0),
    equations="p = Uniform(0.0, 1.0) * 1000.0 / dt",
    spike="p < rate",
)

LIF = ann.Neuron(
    parameters=dict(tau=20.0, tau_e=5.0, v_thresh=-54.0, v_reset=-60.0, E_rest=-74.0, E_exc=0.0),
    equations=[
        ann.Variable("tau * dv/dt = E_rest - v + g_exc * (E_exc - v)", init=-60.0),
        "tau_e * dg_exc/dt = -g_exc",
    ],
    spike="v > v_thresh",
    reset="v = v_reset",
    refractory=2.0,
)

STDP = ann.Synapse(
    parameters=dict(tau_plus=20.0, tau_minus=20.0, A_plus=0.005, A_minus=0.00525, w_max=0.002),
    equations=[
        ann.Variable("tau_plus * dx/dt = -x", method="event-driven"),
        ann.Variable("tau_minus * dy/dt = -y", method="event-driven"),
    ],
    pre_spike="""
        g_target += w
        x += A_plus * w_max
        w = clip(w - y, 0.0, w_max)
    """,
    post_spike="""
        y += A_minus * w_max
        w = clip(w + x, 0.0, w_max)
    """,
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inputs", type=int, default=10000)
    parser.add_argument("--outputs", type=int, default=100)
    parser.add_argument("--duration", type=float, default=1000.0)
    parser.add_argument("--directory", default="annarchy_bench_plastic")
    args, _ = parser.parse_known_args()

    net = ann.Network(dt=0.1, seed=1)
    inputs = net.create(args.inputs, POISSON)
    outputs = net.create(args.outputs, LIF)
    proj = net.connect(inputs, outputs, "exc", STDP)
    proj.all_to_all(weights=ann.Uniform(0.0, 0.002))
    monitor = net.monitor(outputs, "spike")
    t0 = time.perf_counter()
    net.compile(directory=args.directory, silent=True)
    t_compile = time.perf_counter() - t0
    t0 = time.perf_counter()
    net.simulate(args.duration)
    t_sim = time.perf_counter() - t0
    weights = proj.w
    mean_w = sum(sum(d) for d in weights) / (args.inputs * args.outputs)
    print(
        json.dumps(
            {
                "bench": "plastic",
                "compile_s": t_compile,
                "simulate_s": t_sim,
                "synapses": args.inputs * args.outputs,
                "rate_hz": monitor.mean_fr(monitor.get("spike")),
                "mean_w": mean_w,
            }
        )
    )


if __name__ == "__main__":
    main()
