"""The machine's speed-up for COBA 40,000 measured in one process: beside the network on one
thread and on a team of every core, the same work as independent networks of 40,000 / cores
neurons (80 synapses per neuron each, as the large one), simulated at the same time from Python
threads (the library runs without the GIL): no synchronisation, no data shared between them,
the same allocator and page placement as the team. Each round simulates 100 ms of each, in turn
(a drift of the machine's speed affects all alike); prints the medians and ratios as JSON.

The independent processes of ``ceiling.py`` start together, but their runs of about 0.5 s then
differ (0.40 and 0.52 s for one pair of session 10), so that they overlap only in part; the
threads here start together every 100 ms.

    python benchmarks/ceiling_inprocess.py [--rounds 20] [--threads N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # see threads.py
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))

from coba import build  # noqa: E402

NEURONS = 40_000


def network(neurons: int, threads: int, seed: int, directory: Path):
    net, _pop, _monitor = build(neurons, 80 / neurons, seed=seed)
    net.config(num_threads=threads)
    net.compile(directory=str(directory), silent=True)
    net.simulate(50.0)  # past the first steps
    return net


def timed(net, out: list[float]) -> None:
    start = time.perf_counter()
    net.simulate(100.0)
    out.append(time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    n = args.threads
    work = Path(tempfile.mkdtemp(prefix="annarchy-ceiling-"))
    one = network(NEURONS, 1, 1, work / "one")
    team = network(NEURONS, n, 1, work / "team")
    parts = [network(NEURONS // n, 1, 1 + k, work / f"part{k}") for k in range(n)]
    times: dict[str, list[float]] = {"one": [], "team": [], "parts": [], "part_alone": []}
    for _ in range(args.rounds):
        timed(one, times["one"])
        timed(team, times["team"])
        each: list[list[float]] = [[] for _ in parts]
        runs = [
            threading.Thread(target=timed, args=(p, t)) for p, t in zip(parts, each, strict=True)
        ]
        for run in runs:
            run.start()
        for run in runs:
            run.join()
        times["parts"].append(max(t[0] for t in each))
        timed(parts[0], times["part_alone"])
    med = {k: statistics.median(v) for k, v in times.items()}
    print(
        json.dumps(
            {
                **{f"{k}_s_per_100ms": v for k, v in med.items()},
                "threads": n,
                "team_speedup": med["one"] / med["team"],
                "parts_speedup": med["one"] / med["parts"],
                "parts_speedup_if_alone": med["one"] / med["part_alone"],
            }
        )
    )


if __name__ == "__main__":
    main()
