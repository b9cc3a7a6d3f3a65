"""Rate-coded benchmark: 2,000 + 2,000 neurons, an all-to-all projection, a 10 % lateral one.

Runs unchanged under this project and under the reference implementation. Prints one JSON line:
compile and simulation times in seconds.

    python rate.py [--learning] [--steps 1000] [--directory DIR] [--threads N]
"""

from __future__ import annotations

import argparse
import json
import time

import ANNarchy as ann
import numpy as np


def build(learning: bool, n: int, seed: int) -> tuple[ann.Network, object]:
    neuron = ann.Neuron(
        parameters=dict(tau=10.0, baseline=ann.Parameter(0.0, locality="local")),
        equations=["tau * dv/dt + v = baseline + sum(exc) - sum(inh)", "r = pos(v)"],
    )
    if learning:
        synapse = ann.Synapse(
            parameters=dict(tau=5000.0, alpha=8.0),
            equations="tau * dw/dt = pre.r * post.r - alpha * post.r^2 * w",
        )
    else:
        synapse = None
    net = ann.Network(dt=1.0, seed=seed)
    inp = net.create(n, neuron)
    out = net.create(n, neuron)
    ff = net.connect(inp, out, "exc", synapse) if synapse else net.connect(inp, out, "exc")
    ff.all_to_all(weights=ann.Uniform(0.0, 1.0 / n))
    lat = net.connect(out, out, "inh")
    lat.fixed_probability(0.1, weights=ann.Uniform(0.0, 1.0 / n))
    return net, inp


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learning", action="store_true")
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--directory", default="annarchy_bench_rate")
    parser.add_argument("--threads", type=int, default=1)
    args, _ = parser.parse_known_args()

    net, inp = build(args.learning, args.size, seed=1)
    net.config(num_threads=args.threads)
    t0 = time.perf_counter()
    net.compile(directory=args.directory, silent=True)
    t_compile = time.perf_counter() - t0
    inp.baseline = np.random.default_rng(2).uniform(0.0, 1.0, args.size)
    t0 = time.perf_counter()
    net.simulate(args.steps * 1.0)
    t_sim = time.perf_counter() - t0
    print(
        json.dumps(
            {
                "bench": "rate" + ("_oja" if args.learning else ""),
                "compile_s": t_compile,
                "simulate_s": t_sim,
                "steps": args.steps,
                "size": args.size,
            }
        )
    )


if __name__ == "__main__":
    main()
