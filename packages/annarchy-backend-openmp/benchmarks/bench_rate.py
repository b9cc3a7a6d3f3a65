"""Rate-coded benchmark: 2000 -> 2000 all-to-all + 2000 -> 2000 lateral (10 %), 1000 steps.

Usage: python bench_rate.py [--oja] [--threads N]   (prints compile and simulation times)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
from irtools import (  # noqa: E402
    compile_network,
    csr_from_matrix,
    network,
    parse_neuron,
    parse_synapse,
    population,
    projection,
)


def build(oja: bool, threads: int, n: int = 2000):
    neuron = parse_neuron(
        "Leaky",
        parameters={"tau": 10.0},
        equations=["tau*dv/dt + v = sum(exc) - sum(inh)", "r = pos(v)"],
    )
    inp = parse_neuron("In", equations="r = Uniform(0.0, 1.0)")
    plastic = parse_synapse(
        "Oja",
        parameters={"tau": 5000.0, "alpha": 8.0},
        equations="tau * dw/dt = pre.r * post.r - alpha * post.r^2 * w",
    )
    rng = np.random.default_rng(0)
    full, _ = csr_from_matrix(np.zeros((n, n)))
    sparse, _ = csr_from_matrix(np.where(rng.uniform(size=(n, n)) < 0.1, 0.0, np.nan))
    net = network(
        [population(0, n, inp), population(1, n, neuron)],
        [
            projection(0, 0, 1, "exc", plastic if oja else parse_synapse("Lin"), full),
            projection(1, 1, 1, "inh", parse_synapse("Lin"), sparse),
        ],
        num_threads=threads,
    )
    return net


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--oja", action="store_true")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--steps", type=int, default=1000)
    args = parser.parse_args()
    net = build(args.oja, args.threads)
    with tempfile.TemporaryDirectory() as directory:
        start = time.perf_counter()
        rt = compile_network(net, directory)
        compiled = time.perf_counter()
        rt.set("proj0", "w", 0.5 / 2000)
        rt.set("proj1", "w", 0.1 / 200)
        rt.run(args.steps)
        done = time.perf_counter()
    print(
        f"compile {compiled - start:.2f} s, simulate {args.steps} steps "
        f"{done - compiled:.2f} s ({args.threads} thread(s), oja={args.oja}); "
        f"mean r = {rt.get('pop1', 'r').mean():.4f}"
    )


if __name__ == "__main__":
    main()
