"""Construction benchmark: build and compile a large COBA network, time and peak memory.

100,000 COBA neurons (80 % excitatory), ``fixed_probability`` at p = 0.005 for both projections
(50 million synapses), from ``Network()`` to the end of ``compile()``. The child mode runs
unchanged under this project and under the reference implementation and prints one JSON line:
the construction time, ``ru_maxrss`` (peak resident memory, of the whole process) and, with
``--trace``, the peak of the memory traced by ``tracemalloc`` (numpy arrays included), both per
synapse. The driver mode runs ours and the reference (through the oracle) and prints ratios.

    python construction.py --child [--neurons 100000] [--weights shared|random] [--trace]
    python construction.py [--neurons 100000] [--ref-neurons 100000] [--oracle PATH]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORACLE = HERE.parents[1] / "shared" / "tools" / "oracle"

COBA = dict(
    parameters=dict(
        El=-60.0,
        Vr=-60.0,
        Erev_exc=0.0,
        Erev_inh=-80.0,
        Vt=-50.0,
        tau=20.0,
        tau_exc=5.0,
        tau_inh=10.0,
        I=20.0,
    ),
    equations=[
        "tau * dv/dt = (El - v) + g_exc * (Erev_exc - v) + g_inh * (Erev_inh - v) + I",
        "tau_exc * dg_exc/dt = - g_exc",
        "tau_inh * dg_inh/dt = - g_inh",
    ],
    spike="v > Vt",
    reset="v = Vr",
    refractory=5.0,
)


def construct(n: int, p: float, weights: str, directory: str) -> dict:
    """Build and compile the network; return the times and the number of synapses."""
    import ANNarchy as ann

    t0, c0 = time.perf_counter(), time.process_time()
    net = ann.Network(dt=0.1, seed=1)
    pop = net.create(n, ann.Neuron(**COBA))
    n_exc = int(0.8 * n)
    projs = []
    for target, sl, w in (("exc", slice(0, n_exc), 0.6), ("inh", slice(n_exc, n), 6.7)):
        proj = net.connect(pop[sl], pop, target)
        value = w if weights == "shared" else ann.Uniform(0.5 * w, 1.5 * w)
        proj.fixed_probability(weights=value, probability=p)
        projs.append(proj)
    t1 = time.perf_counter()
    net.compile(directory=directory, silent=True)
    t2, c2 = time.perf_counter(), time.process_time()
    net.step()
    return {
        "synapses": int(sum(proj.nb_synapses for proj in projs)),
        "connect_s": t1 - t0,
        "compile_s": t2 - t1,
        "total_s": t2 - t0,
        "cpu_s": c2 - c0,  # CPU time of the process: less sensitive to a busy machine
    }


def child(args) -> None:
    t0 = time.perf_counter()
    import ANNarchy  # noqa: F401 - the import is timed apart

    t_import = time.perf_counter() - t0
    if args.trace:  # after the import (tracing the import of scipy & co. takes minutes)
        import tracemalloc

        tracemalloc.start()
    out = construct(args.neurons, args.probability, args.weights, args.directory)
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    out.update(neurons=args.neurons, weights=args.weights, import_s=t_import, maxrss_bytes=maxrss)
    out["maxrss_per_synapse"] = maxrss / max(out["synapses"], 1)
    if args.trace:
        peak = tracemalloc.get_traced_memory()[1]
        out.update(traced_peak_bytes=peak, traced_per_synapse=peak / max(out["synapses"], 1))
    print(json.dumps(out))


def run_child(prefix: list[str], args, neurons: int, weights: str, trace: bool, work) -> dict:
    """One child run in the folder ``work`` (its build folder is kept between runs)."""
    cmd = prefix + [
        str(Path(__file__).resolve()),
        "--child",
        "--neurons",
        str(neurons),
        "--probability",
        str(args.probability),
        "--weights",
        weights,
        "--directory",
        str(Path(work) / "build"),
    ]
    cmd += ["--trace"] if trace else []
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=work)
    for line in reversed(out.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"{' '.join(cmd)} failed:\n{out.stdout[-2000:]}\n{out.stderr[-3000:]}")


def driver(args) -> None:
    rows = []
    for weights in ("shared", "random"):
        with tempfile.TemporaryDirectory(prefix="annarchy-construction-") as work:
            # the traced run compiles the library, the second run (same folder) is timed
            traced = run_child([sys.executable], args, args.neurons, weights, True, work)
            ours = run_child([sys.executable], args, args.neurons, weights, False, work)
            ours.update({k: v for k, v in traced.items() if k.startswith("traced")})
            ref = None
            if not args.no_reference:  # one run, g++ included (the reference has no cache here)
                ref = run_child([str(args.oracle)], args, args.ref_neurons, weights, False, work)
        rows.append((weights, ours, ref))
        print(json.dumps({"weights": weights, "ours": ours, "reference": ref}), flush=True)
    print()
    print(
        "| weights | synapses | ours: total (compile) | ours: B/syn rss / traced |"
        " reference: synapses, total, B/syn rss | time ratio | memory ratio |"
    )
    print("|---|---|---|---|---|---|---|")
    for weights, ours, ref in rows:
        line = (
            f"| {weights} | {ours['synapses']:,} | {ours['total_s']:.2f} s "
            f"({ours['compile_s']:.2f} s) | {ours['maxrss_per_synapse']:.1f} / "
            f"{ours.get('traced_per_synapse', float('nan')):.1f} |"
        )
        if ref is None:
            line += " - | - | - |"
        else:
            # times per synapse when the reference ran at a smaller size
            t_ratio = (ours["total_s"] / ours["synapses"]) / (ref["total_s"] / ref["synapses"])
            m_ratio = ours["maxrss_per_synapse"] / ref["maxrss_per_synapse"]
            line += (
                f" {ref['synapses']:,}, {ref['total_s']:.1f} s, "
                f"{ref['maxrss_per_synapse']:.1f} | {t_ratio:.3f} | {m_ratio:.2f} |"
            )
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--neurons", type=int, default=100_000)
    parser.add_argument("--ref-neurons", type=int, default=100_000)
    parser.add_argument("--probability", type=float, default=0.005)
    parser.add_argument("--weights", choices=("shared", "random"), default="shared")
    parser.add_argument("--trace", action="store_true")
    parser.add_argument("--directory", default="annarchy_bench_construction")
    parser.add_argument("--oracle", type=Path, default=ORACLE)
    parser.add_argument("--no-reference", action="store_true")
    args, _ = parser.parse_known_args()
    if args.child:
        child(args)
    else:
        driver(args)


if __name__ == "__main__":
    main()
