"""Thread scaling at steady state, robust to a drifting machine: COBA built twice in one process,
one copy compiled for 1 thread and one for every core, simulated in turn in pieces of 100 ms;
prints the median time of a piece for each and the median of the paired ratios (piece by piece,
so that a change of the machine's speed during the measurement affects both alike).

Complements ``threads.py`` (fresh processes, their first steps included). OpenBLAS is kept on one
thread for the reason given there.

    python benchmarks/threads_paired.py [--neurons 40000] [--rounds 30] [--threads N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy is loaded

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))

from coba import build  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--neurons", type=int, default=40000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    counts = (1, args.threads)
    work = Path(tempfile.mkdtemp(prefix="annarchy-paired-"))
    nets = []
    for threads in counts:
        net, _pop, _monitor = build(args.neurons, 0.02 * 4000 / args.neurons, seed=1)
        net.config(num_threads=threads)
        net.compile(directory=str(work / f"build{threads}"), silent=True)
        net.simulate(50.0)  # past the first steps
        nets.append(net)
    times: dict[int, list[float]] = {n: [] for n in counts}
    for _ in range(args.rounds):
        for threads, net in zip(counts, nets, strict=True):
            start = time.perf_counter()
            net.simulate(100.0)
            times[threads].append(time.perf_counter() - start)
    one, many = times[counts[0]], times[counts[1]]
    ratios = [a / b for a, b in zip(one, many, strict=True)]
    summary = {
        "neurons": args.neurons,
        "threads": args.threads,
        "one_s_per_100ms": statistics.median(one),
        "many_s_per_100ms": statistics.median(many),
        "speedup_median_of_pairs": statistics.median(ratios),
    }
    print(
        f"COBA {args.neurons}: 1 thread {summary['one_s_per_100ms'] * 1e3:.1f} ms, "
        f"{args.threads} threads {summary['many_s_per_100ms'] * 1e3:.1f} ms per 100 ms simulated; "
        f"speed-up (median of {args.rounds} pairs) {summary['speedup_median_of_pairs']:.2f}x"
    )
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
