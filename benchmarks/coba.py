"""COBA benchmark (Vogels & Abbott 2005), the network of examples/coba.py.

Runs unchanged under this project and under the reference implementation. Prints one JSON line.

    python coba.py [--neurons 4000] [--duration 1000] [--directory DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))

from coba import build  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--neurons", type=int, default=4000)
    parser.add_argument("--duration", type=float, default=1000.0)
    parser.add_argument("--directory", default="annarchy_bench_coba")
    args, _ = parser.parse_known_args()

    p = 0.02 * 4000 / args.neurons
    net, _pop, monitor = build(args.neurons, p, seed=1)
    t0 = time.perf_counter()
    net.compile(directory=args.directory, silent=True)
    t_compile = time.perf_counter() - t0
    t0 = time.perf_counter()
    net.simulate(args.duration)
    t_sim = time.perf_counter() - t0
    rate = monitor.mean_fr(monitor.get("spike"))
    print(
        json.dumps(
            {
                "bench": f"coba_{args.neurons}",
                "compile_s": t_compile,
                "simulate_s": t_sim,
                "rate_hz": rate,
            }
        )
    )


if __name__ == "__main__":
    main()
