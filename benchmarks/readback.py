"""Recording read-back: time and peak memory of each spike read-back call of a monitor.

Records the spikes of a COBA network (examples/coba.py, 4,000 neurons by default) for
``--duration`` ms, then times ``get('spike')`` and each spike-analysis method on the returned
dictionary, (best of two) and measures their peak memory (``tracemalloc``, which sees numpy's buffers and
Python objects) in a second pass. ``smoothed_rate`` returns a (neurons, steps) array, so it is
measured on the first ``--smoothed-neurons`` neurons only. The data is counted as 16 bytes per
spike (a step and a rank of 8 bytes each).

With ``--oracle PATH``, ``get('spike')`` is also measured on a recording of
``--reference-duration`` ms, here and under the reference implementation (whose own buffers,
C++ vectors, ``tracemalloc`` does not see), and the ratios ours / reference are printed.
Prints one JSON line per measurement, then the ratios.

    python benchmarks/readback.py [--duration 100000] [--oracle /work/shared/tools/oracle]
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "examples"))

from coba import build  # noqa: E402


def _calls(m, data: dict, neurons: int, only_get: bool) -> dict:
    """The measured calls, by name."""
    calls = {"get": lambda: m.get("spike", keep=True)}
    if only_get:
        return calls
    few = {r: data[r] for r in list(data)[:neurons]}
    calls.update(
        raster_plot=lambda: m.raster_plot(data),
        histogram=lambda: m.histogram(data),
        mean_fr=lambda: m.mean_fr(data),
        population_rate=lambda: m.population_rate(data),
        population_rate_smooth=lambda: m.population_rate(data, smooth=10.0),
        inter_spike_interval=lambda: m.inter_spike_interval(data),
        coefficient_of_variation=lambda: m.coefficient_of_variation(data),
        smoothed_rate=lambda: m.smoothed_rate(few),
        # the first analysis of a new dictionary also groups the spikes by neuron (the native
        # get('spike') leaves that to the first analysis method that needs it)
        get_and_raster_plot=lambda: m.raster_plot(m.get("spike", keep=True)),
    )
    return calls


def _time(call, repeat: int = 2) -> float:
    """The best of ``repeat`` calls, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - t0)
        del result
    return best


def _peak(call) -> int:
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    result = call()
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    del result
    return peak


def measure(args) -> dict:
    """Simulate, then time and measure each read-back call."""
    p = 0.02 * 4000 / args.neurons
    net, _pop, m = build(args.neurons, p, seed=1)
    net.compile(directory=args.directory, silent=True)
    t0 = time.perf_counter()
    net.simulate(args.duration)
    t_sim = time.perf_counter() - t0
    data = m.get("spike", keep=True)
    nspikes = sum(len(v) for v in data.values())
    calls = _calls(m, data, args.smoothed_neurons, args.only_get)
    seconds = {name: _time(call) for name, call in calls.items()}
    peaks = {name: _peak(call) for name, call in calls.items()}
    if not args.only_get:  # without an argument: reads (and empties) the monitor itself
        seconds["raster_plot_no_arg"] = _time(m.raster_plot, repeat=1)
    return {
        "bench": f"readback_coba_{args.neurons}",
        "duration_ms": args.duration,
        "simulate_s": t_sim,
        "spikes": nspikes,
        "data_mb": nspikes * 16 / 2**20,
        "seconds": seconds,
        "peak_mb": {k: v / 2**20 for k, v in peaks.items()},
        "peak_over_data": {k: v / max(nspikes * 16, 1) for k, v in peaks.items()},
    }


def reference(args) -> dict:
    """The reference's figures, from this script run under the oracle."""
    cmd = [args.oracle, str(Path(__file__).resolve()), "--only-get", "--neurons",
           str(args.neurons), "--duration", str(args.reference_duration)]  # fmt: skip
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads([x for x in out.stdout.splitlines() if x.startswith("{")][-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--neurons", type=int, default=4000)
    parser.add_argument("--duration", type=float, default=100000.0)
    parser.add_argument("--reference-duration", type=float, default=20000.0)
    parser.add_argument("--smoothed-neurons", type=int, default=16)
    parser.add_argument("--oracle", default=None, help="path of the oracle script")
    parser.add_argument("--only-get", action="store_true", help="measure get('spike') only")
    parser.add_argument("--directory", default="annarchy_bench_readback")
    args, _ = parser.parse_known_args()
    ours = measure(args)
    print(json.dumps(ours))
    if args.oracle is None:
        return
    short = argparse.Namespace(**{**vars(args), "duration": args.reference_duration})
    short.only_get = True
    ours = measure(short)
    print(json.dumps(ours))
    ref = reference(args)
    print(json.dumps(ref))
    per_spike = {
        "get_s_per_spike": (ours["seconds"]["get"] / ours["spikes"])
        / (ref["seconds"]["get"] / ref["spikes"]),
        "get_peak_per_spike": (ours["peak_mb"]["get"] / ours["spikes"])
        / (ref["peak_mb"]["get"] / ref["spikes"]),
    }
    print(json.dumps({"ratio_ours_over_reference": per_spike}))


if __name__ == "__main__":
    main()
