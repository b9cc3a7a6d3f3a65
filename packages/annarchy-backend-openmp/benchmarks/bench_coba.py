"""COBA benchmark: 4000 conductance-based LIF neurons, p = 0.02, dt = 0.1 ms, 1 s simulated.

Usage: python bench_coba.py [--threads N]
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
    CSR,
    compile_network,  # noqa: E402
    network,
    parse_neuron,
    parse_synapse,
    population,
    projection,
)

COBA = parse_neuron(
    "COBA",
    parameters="""
        El = -60.0 : population
        Vr = -60.0 : population
        Erev_exc = 0.0 : population
        Erev_inh = -80.0 : population
        Vt = -50.0 : population
        tau = 20.0 : population
        tau_exc = 5.0 : population
        tau_inh = 10.0 : population
        I = 20.0 : population
    """,
    equations="""
        tau * dv/dt = (El - v) + g_exc * (Erev_exc - v) + g_inh * (Erev_inh - v ) + I
        tau_exc * dg_exc/dt = - g_exc
        tau_inh * dg_inh/dt = - g_inh
    """,
    spike="v > Vt",
    reset="v = Vr",
    refractory=5.0,
)


def fixed_probability(rng, n_post, pre_ranks, p) -> CSR:
    mask = rng.uniform(size=(n_post, len(pre_ranks))) < p
    counts = mask.sum(axis=1)
    rows = np.flatnonzero(counts).astype(np.int32)
    row_ptr = np.concatenate(([0], np.cumsum(counts[rows]))).astype(np.int64)
    pre = np.concatenate([pre_ranks[mask[r]] for r in rows]).astype(np.int32)
    return CSR(post_ranks=rows, row_ptr=row_ptr, pre_ranks=pre)


def build(threads: int, n: int = 4000):
    rng = np.random.default_rng(1)
    default = parse_synapse("Default", pre_spike="g_target += w")
    exc = fixed_probability(rng, n, np.arange(0, 3200), 0.02)
    inh = fixed_probability(rng, n, np.arange(3200, n), 0.02)
    return network(
        [population(0, n, COBA)],
        [projection(0, 0, 0, "exc", default, exc), projection(1, 0, 0, "inh", default, inh)],
        dt=0.1,
        num_threads=threads,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    net = build(args.threads)
    rng = np.random.default_rng(2)
    with tempfile.TemporaryDirectory() as directory:
        start = time.perf_counter()
        rt = compile_network(net, directory)
        compiled = time.perf_counter()
        rt.set("pop0", "v", rng.normal(-55.0, 5.0, 4000))
        rt.set("pop0", "g_exc", rng.normal(4.0, 1.5, 4000))
        rt.set("pop0", "g_inh", rng.normal(20.0, 12.0, 4000))
        rt.set("proj0", "w", 0.6)
        rt.set("proj1", "w", 6.7)
        rec = rt.add_recorder("pop0", ["spike"], 1, 0)
        begin = time.perf_counter()
        rt.run(10000)
        done = time.perf_counter()
        steps, ranks = rt.fetch(rec)["spike"]
    print(
        f"compile {compiled - start:.2f} s, simulate 1 s (10000 steps) {done - begin:.3f} s "
        f"({args.threads} thread(s)); {len(ranks)} spikes, "
        f"{len(ranks) / 4000:.1f} Hz mean rate"
    )


if __name__ == "__main__":
    main()
