"""How much faster every core can make the thread-scaling benchmarks on this machine at best,
measured beside them (fresh processes, runs interleaved, medians of ``--repeat``):

- ``coba_40000``: COBA 40,000 for 1 s on 1 thread and on every core, and the same work done by
  independent processes that never wait for each other: as many one-thread COBA networks of
  40,000 / cores neurons (the same 80 synapses per neuron: together the neurons, synapses and
  spikes of the large one), built first, then simulated from a common start; their slowest
  run is the time a team could reach if it had neither synchronisation nor the reading of every
  spike's row by every thread.
- ``rate``: the rate benchmark on 1 thread and on every core, and its kernel alone (the product
  of the 2,000 x 2,000 weight matrix with the rates, compiled with the network's flags) in a
  plain OpenMP loop on 1 thread and on every core: the speed-up of the machine's memory for
  that kernel.

Prints one line per benchmark with the three speed-ups over the one-thread run, then JSON.

    python benchmarks/ceiling.py [--only coba_40000 rate] [--repeat 3] [--threads N]
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
import time
from pathlib import Path

from threads import ENV, HERE, run_once

COBA = ["coba.py", "--duration", "1000"]
KERNEL = r"""
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <sys/mman.h>
int main(int argc, char** argv)
{
    const int threads = atoi(argv[1]), steps = atoi(argv[2]);
    const int64_t n = 2000;
    /* 2 MB aligned and in huge pages where the system offers them, as numpy's large arrays */
    double* w = (double*)aligned_alloc(1 << 21, (size_t)(n * n) * sizeof(double));
#ifdef MADV_HUGEPAGE
    madvise(w, (size_t)(n * n) * sizeof(double), MADV_HUGEPAGE);
#endif
    double* x = (double*)aligned_alloc(64, (size_t)n * sizeof(double));
    double* y = (double*)calloc((size_t)n, sizeof(double));
    for (int64_t k = 0; k < n * n; k++) w[k] = (double)(k % 1000) * 5e-7;
    for (int64_t j = 0; j < n; j++) x[j] = (double)(j % 10) * 0.1;
    double start = 0.0;
    #pragma omp parallel num_threads(threads)
    for (int s = -10; s < steps; s++) {
        #pragma omp single
        if (s == 0) start = omp_get_wtime();
        #pragma omp for schedule(static)
        for (int64_t r = 0; r < n; r++) {
            double acc = 0.0;
            #pragma omp simd reduction(+:acc)
            for (int64_t j = 0; j < n; j++) acc += x[j] * w[r * n + j];
            y[r] = 0.5 * y[r] + acc;
        }
    }
    printf("{\"simulate_s\": %.6f, \"check\": %.6f}\n", omp_get_wtime() - start, y[n - 1]);
    return 0;
}
"""


#: one of the independent processes: builds and compiles its network, then waits for the
#: common start time (argv[3], ``time.time()``) so that all of them simulate at once
PAIR = """
import json, sys, time
sys.path.insert(0, sys.argv[4])
from coba import build
neurons, directory, start = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
net, _pop, _monitor = build(neurons, 80 / neurons, seed=1)
net.compile(directory=directory, silent=True)
late = time.time() > start
while time.time() < start:
    time.sleep(0.001)
t0 = time.perf_counter()
net.simulate(1000.0)
print(json.dumps({"simulate_s": time.perf_counter() - t0, "late": late}))
"""


def run_pair(neurons: int, copies: int, build: Path) -> float:
    """The slowest simulation time of ``copies`` one-thread COBA networks of ``neurons`` neurons
    simulated at the same time (from a common start), each in a process of its own."""
    examples = str(HERE.parent / "examples")
    for wait in (6.0, 20.0):  # a second try with more time to build, should one be late
        start = time.time() + wait
        cmd = [sys.executable, "-c", PAIR, str(neurons), str(build), str(start), examples]
        procs = [
            subprocess.Popen(cmd, cwd=build.parent, stdout=subprocess.PIPE, text=True, env=ENV)
            for _ in range(copies)
        ]
        results = []
        for proc in procs:
            out, _ = proc.communicate()
            lines = [line for line in out.splitlines() if line.startswith("{")]
            if proc.returncode != 0 or not lines:
                raise RuntimeError(f"the independent COBA run failed (exit {proc.returncode})")
            results.append(json.loads(lines[-1]))
        if not any(r["late"] for r in results):
            break
    return max(r["simulate_s"] for r in results)


def run_kernel(binary: Path, threads: int) -> float:
    out = subprocess.run([str(binary), str(threads), "300"], capture_output=True, text=True)
    return float(json.loads(out.stdout)["simulate_s"])


def coba(threads: int, repeat: int, work: Path) -> dict[str, float]:
    build = work / "build"
    script = [*COBA, "--neurons", "40000"]
    run_once(script, 1, build)  # compiles; the structure is the same for every size
    times: dict[str, list[float]] = {"one": [], "team": [], "ceiling": []}
    for _ in range(repeat):
        times["one"].append(run_once(script, 1, build))
        times["team"].append(run_once(script, threads, build))
        times["ceiling"].append(run_pair(40000 // threads, threads, build))
    return {k: statistics.median(v) for k, v in times.items()}


def rate(threads: int, repeat: int, work: Path) -> dict[str, float]:
    build = work / "build"
    script = ["rate.py", "--steps", "300"]
    source = work / "kernel.cpp"
    source.write_text(KERNEL)
    binary = work / "kernel"
    flags = ["-O3", "-march=native", "-fopenmp", "-fno-trapping-math"]
    subprocess.run(["g++", *flags, str(source), "-o", str(binary)], check=True)
    run_once(script, 1, build)
    times: dict[str, list[float]] = {"one": [], "team": [], "kernel_one": [], "kernel_team": []}
    for _ in range(repeat):
        times["one"].append(run_once(script, 1, build))
        times["team"].append(run_once(script, threads, build))
        times["kernel_one"].append(run_kernel(binary, 1))
        times["kernel_team"].append(run_kernel(binary, threads))
    return {k: statistics.median(v) for k, v in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="*", default=["coba_40000", "rate"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    summary = {}
    for name in args.only:
        work = Path(tempfile.mkdtemp(prefix="annarchy-ceiling-"))
        try:
            t = (coba if name == "coba_40000" else rate)(args.threads, args.repeat, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        team = t["one"] / t["team"]
        if name == "coba_40000":
            bound = t["one"] / t["ceiling"]
            what = f"{args.threads} independent processes {bound:.2f}x"
        else:
            bound = t["kernel_one"] / t["kernel_team"]
            what = f"its kernel alone {bound:.2f}x"
        print(
            f"{name:12s} 1 thread {t['one']:.4f} s; {args.threads} threads {team:.2f}x, "
            f"{what}: {team / bound:.0%} of the machine's speed-up",
            flush=True,
        )
        summary[name] = {**t, "speedup": team, "machine_speedup": bound, "threads": args.threads}
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
