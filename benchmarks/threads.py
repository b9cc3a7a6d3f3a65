"""Thread scaling of the openmp backend: each benchmark with 1 thread and with every core, on a
quiet machine and beside a competing busy process (``yes > /dev/null``), in fresh processes.

Prints one line per benchmark and situation with the median simulation time of ``--repeat``
runs (those of 1 and N threads taken in turn) and the ratio to the one-thread time measured in the same situation, then a JSON summary.
The goals of issue 15: with every core (2 here) COBA 40,000 and the rate benchmark at least
1.7x faster than 1 thread, COBA 4,000 not slower, and beside a busy process the threaded run no
slower than 1.2x the one-thread run.

    python benchmarks/threads.py [--only coba_4000 ...] [--repeat 3] [--threads N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
#: numpy's and scipy's OpenBLAS start a pool of threads that spin for about 0.1 s after they are
#: loaded (scipy's while the network is built), on the cores a team needs at the start of its
#: run; the simulation makes no BLAS call, so the measured runs keep OpenBLAS on one thread
ENV = dict(os.environ, OPENBLAS_NUM_THREADS="1")
BENCHES = {
    "coba_4000": ["coba.py", "--duration", "200"],
    "coba_40000": ["coba.py", "--neurons", "40000", "--duration", "200"],
    # the same for 1 s: the steady state, past the first ~100 ms in which a fresh process still
    # warms up (first steps, an idle core of the virtual machine waking up)
    "coba_40000_1s": ["coba.py", "--neurons", "40000", "--duration", "1000"],
    "rate": ["rate.py", "--steps", "300"],
}


def run_once(script: list[str], threads: int, build: Path) -> float:
    """Simulation time (s) of one fresh process running ``script`` with ``threads`` threads."""
    cmd = [sys.executable, str(HERE / script[0]), *script[1:], "--directory", str(build)]
    cmd += ["--threads", str(threads), "-j", str(threads)]
    out = subprocess.run(
        cmd, cwd=build.parent, capture_output=True, text=True, check=False, env=ENV
    )
    for line in reversed(out.stdout.splitlines()):
        if line.startswith("{"):
            return float(json.loads(line)["simulate_s"])
    raise RuntimeError(f"{' '.join(cmd)} failed:\n{out.stdout[-2000:]}\n{out.stderr[-3000:]}")


def median_times(script: list[str], counts: tuple[int, ...], repeat: int, build: Path) -> dict:
    """{threads: median time} for each thread count of ``counts``, the runs of the counts
    interleaved (a drift of the machine's speed during the measurement affects all alike)."""
    run_once(script, counts[0], build)  # compiles (the build folder is reused afterwards)
    times: dict[int, list[float]] = {n: [] for n in counts}
    for _ in range(repeat):
        for n in counts:
            times[n].append(run_once(script, n, build))
    return {n: statistics.median(t) for n, t in times.items()}


def measure(name: str, threads: int, repeat: int, busy: bool) -> dict:
    """{1: time, threads: time} of benchmark ``name``, with a busy process running if asked."""
    work = Path(tempfile.mkdtemp(prefix="annarchy-threads-"))
    hog = subprocess.Popen(["yes"], stdout=subprocess.DEVNULL) if busy else None
    try:
        return median_times(BENCHES[name], (1, threads), repeat, work / "build")
    finally:
        if hog is not None:
            hog.kill()
            hog.wait()
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="*", default=list(BENCHES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    summary = {}
    for name in args.only:
        for busy in (False, True):
            times = measure(name, args.threads, args.repeat, busy)
            one, many = times[1], times[args.threads]
            label = f"{name}{' + busy process' if busy else ''}"
            print(
                f"{label:32s} 1 thread {one:.4f} s, {args.threads} threads {many:.4f} s: "
                f"speed-up {one / many:.2f}x (time ratio {many / one:.2f})",
                flush=True,
            )
            summary[label] = {"one_s": one, "many_s": many, "threads": args.threads}
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
