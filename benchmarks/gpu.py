"""GPU benchmark: the same networks on the ``cuda`` and ``openmp`` backends.

COBA at 4,000 and 40,000 neurons and the rate-coded network at 2,000 and 20,000 neurons per
population (``benchmarks/coba.py`` and ``benchmarks/rate.py``). Each case runs in fresh processes
(one cold compile, then two warm ones; the best simulation time is kept) and the results of the
two backends are compared: COBA's mean firing rate, and the rate network's final outputs.

    python benchmarks/gpu.py [--only coba_4000 rate_2000 ...] [--threads 16] [--out FILE]

Prints a markdown table and writes the numbers to ``benchmarks/gpu_results.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
CASES = {
    "coba_4000": ("coba", 4000),
    "coba_40000": ("coba", 40000),
    "rate_2000": ("rate", 2000),
    "rate_20000": ("rate", 20000),
}


def run_coba(size: int, paradigm: str, threads: int, directory: str) -> dict:
    sys.path.insert(0, str(HERE.parent / "examples"))
    from coba import build

    net, _pop, monitor = build(size, 0.02 * 4000 / size, seed=1)
    net.config(paradigm=paradigm, num_threads=threads)
    t0 = time.perf_counter()
    net.compile(directory=directory, silent=True)
    compile_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    net.simulate(1000.0)
    simulate_s = time.perf_counter() - t0
    rate = float(monitor.mean_fr(monitor.get("spike")))
    return {"compile_s": compile_s, "simulate_s": simulate_s, "rate_hz": rate}


def run_rate(size: int, paradigm: str, threads: int, directory: str, out: str) -> dict:
    sys.path.insert(0, str(HERE))
    from rate import build

    net, inp = build(False, size, seed=1)
    net.config(paradigm=paradigm, num_threads=threads)
    t0 = time.perf_counter()
    net.compile(directory=directory, silent=True)
    compile_s = time.perf_counter() - t0
    inp.baseline = np.random.default_rng(2).uniform(0.0, 1.0, size)
    t0 = time.perf_counter()
    net.simulate(1000.0)
    simulate_s = time.perf_counter() - t0
    np.save(out, np.asarray(net.get_populations()[1].r))
    return {"compile_s": compile_s, "simulate_s": simulate_s, "outputs": out}


def child(args) -> None:
    """One run in this process; prints one JSON line."""
    kind, size = CASES[args.case]
    if kind == "coba":
        result = run_coba(size, args.paradigm, args.threads, args.directory)
    else:
        result = run_rate(size, args.paradigm, args.threads, args.directory, args.outputs)
    print(json.dumps(result))


def spawn(case: str, paradigm: str, threads: int, work: Path) -> dict:
    cmd = [sys.executable, __file__, "--child", "--case", case, "--paradigm", paradigm]
    cmd += ["--threads", str(threads), "--directory", str(work / "build")]
    cmd += ["--outputs", str(work / f"{case}_{paradigm}.npy")]
    runs = []
    for _ in range(3):
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=work)
        lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
        if proc.returncode != 0 or not lines:
            return {"error": (proc.stderr or proc.stdout)[-1500:]}
        runs.append(json.loads(lines[-1]))
    best = dict(runs[-1])
    best["cold_compile_s"] = runs[0]["compile_s"]
    best["warm_compile_s"] = min(r["compile_s"] for r in runs[1:])
    best["simulate_s"] = min(r["simulate_s"] for r in runs)
    return best


def compare(case: str, results: dict) -> str:
    cuda, cpu = results.get("cuda", {}), results.get("openmp", {})
    if "error" in cuda or "error" in cpu:
        return "n/a"
    if "rate_hz" in cuda:
        return f"{cuda['rate_hz']:.2f} Hz vs {cpu['rate_hz']:.2f} Hz"
    a, b = np.load(cuda["outputs"]), np.load(cpu["outputs"])
    return f"max |r_cuda - r_cpu| = {float(np.max(np.abs(a - b))):.2e}"


def row(case: str, results: dict) -> str:
    cells = [case]
    for paradigm in ("cuda", "openmp"):
        res = results.get(paradigm, {})
        if "error" in res:
            cells.append("failed")
            continue
        cells.append(
            f"{res['simulate_s']:.3f} s ({res['cold_compile_s']:.2f} / "
            f"{res['warm_compile_s']:.2f} s)"
        )
    cells.append(compare(case, results))
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="*", default=list(CASES))
    parser.add_argument("--threads", type=int, default=1, help="OpenMP threads")
    parser.add_argument("--out", default=str(HERE / "gpu_results.json"))
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--case", default="coba_4000")
    parser.add_argument("--paradigm", default="cuda")
    parser.add_argument("--directory", default="annarchy_bench_gpu")
    parser.add_argument("--outputs", default="outputs.npy")
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    all_results = {}
    lines = [
        "| case | cuda: simulate (cold / warm compile) | openmp: simulate (cold / warm) |"
        " cuda vs openmp |",
        "|---|---|---|---|",
    ]
    for case in args.only:
        work = Path(tempfile.mkdtemp(prefix=f"annarchy-gpu-{case}-"))
        try:
            results = {p: spawn(case, p, args.threads, work) for p in ("cuda", "openmp")}
            lines.append(row(case, results))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        for res in results.values():
            res.pop("outputs", None)
        all_results[case] = results
        print(lines[-1], flush=True)
    all_results["machine"] = {"python": sys.version.split()[0], "platform": platform.platform()}
    Path(args.out).write_text(json.dumps(all_results, indent=1) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
