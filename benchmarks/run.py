"""Time each benchmark here and under the reference oracle, in the same session, and write
the figures to benchmarks/results.json (RESULTS.md is written by hand from them).

Each benchmark script is run three times per implementation in fresh processes: once after
wiping its build directory (cold compile), then twice reusing it (warm compile; the simulation
time reported is the best of the three runs).

    python benchmarks/run.py [--oracle PATH] [--brian2 PYTHON] [--only NAME ...]

With ``--brian2`` (a Python interpreter with ``brian2`` installed), the COBA benchmarks also run
as Brian2 standalone code (``brian2_coba.py``: same model, same ``-O3 -march=native -fno-trapping-math``), and the
table gains the ratio of ours to Brian2's own measured run time.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent
BENCHES = {
    "rate": ["rate.py"],
    "rate_oja": ["rate.py", "--learning"],
    "coba_4000": ["coba.py"],
    "coba_40000": ["coba.py", "--neurons", "40000"],
    "plastic": ["plastic.py"],
}
#: the benchmarks that also exist for Brian2 standalone
BRIAN2 = {
    "coba_4000": ["brian2_coba.py"],
    "coba_40000": ["brian2_coba.py", "--neurons", "40000"],
}


def run_one(cmd: list[str], cwd: Path) -> dict:
    out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    for line in reversed(out.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"{' '.join(cmd)} failed:\n{out.stdout[-2000:]}\n{out.stderr[-3000:]}")


def measure(prefix: list[str], script: list[str]) -> dict:
    work = Path(tempfile.mkdtemp(prefix="annarchy-bench-"))
    try:
        cmd = prefix + [str(HERE / script[0]), *script[1:], "--directory", str(work / "build")]
        runs = [run_one(cmd, work) for _ in range(3)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {
        "cold_compile_s": runs[0]["compile_s"],
        "warm_compile_s": min(r["compile_s"] for r in runs[1:]),
        "simulate_s": min(r["simulate_s"] for r in runs),
        "extra": {k: v for k, v in runs[-1].items() if k not in ("compile_s", "simulate_s")},
    }


def table(results: dict) -> str:
    rows = [
        "| benchmark | ours: simulate | reference: simulate | ratio | ours: cold / warm compile"
        " | reference: cold / warm compile |",
        "|---|---|---|---|---|---|",
    ]
    brian = {name: res["brian2"] for name, res in results.items() if "brian2" in res}
    for name, res in results.items():
        ours, ref = res["ours"], res.get("reference")
        ratio = f"{ours['simulate_s'] / ref['simulate_s']:.2f}" if ref else "n/a"
        ref_sim = f"{ref['simulate_s']:.3f} s" if ref else "n/a"
        ref_comp = f"{ref['cold_compile_s']:.2f} / {ref['warm_compile_s']:.2f} s" if ref else "n/a"
        rows.append(
            f"| {name} | {ours['simulate_s']:.3f} s | {ref_sim} | {ratio} | "
            f"{ours['cold_compile_s']:.2f} / {ours['warm_compile_s']:.2f} s | {ref_comp} |"
        )
    if brian:
        rows += ["", "| benchmark | ours: simulate | Brian2 standalone: simulate | ratio |",
                 "|---|---|---|---|"]  # fmt: skip
        for name, b2 in brian.items():
            ours = results[name]["ours"]["simulate_s"]
            rows.append(
                f"| {name} | {ours:.3f} s | {b2['simulate_s']:.3f} s | "
                f"**{ours / b2['simulate_s']:.2f}** |"
            )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--oracle", default=str(ROOT.parent / "shared" / "tools" / "oracle"))
    parser.add_argument("--brian2", default=None, help="a Python with brian2 installed")
    parser.add_argument("--only", nargs="*", default=list(BENCHES))
    args = parser.parse_args()
    results = {}
    for name in args.only:
        script = BENCHES[name]
        results[name] = {"ours": measure([sys.executable], script)}
        if Path(args.oracle).exists():
            results[name]["reference"] = measure([args.oracle], script)
        if args.brian2 and name in BRIAN2:
            results[name]["brian2"] = measure([args.brian2], BRIAN2[name])
        print(name, json.dumps(results[name]), flush=True)
    machine = (
        f"{platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}"
    )
    (HERE / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    print(table(results))
    print(f"\n(measured on {machine})")


if __name__ == "__main__":
    main()
