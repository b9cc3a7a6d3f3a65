"""The COBA benchmark of coba.py written for Brian2 in standalone mode (C++ generated, compiled
with g++ and the same flags as ours, ``-O3 -march=native -fno-trapping-math``), for a third
reference point.

Same model, sizes, weights, refractory period, dt and duration as ``benchmarks/coba.py`` (the
network of ``examples/coba.py``). The simulation time is Brian2's own measurement of its run
loop (``device._last_run_time``), without code generation and compilation. Prints one JSON line.

    python brian2_coba.py [--neurons 4000] [--duration 1000] [--directory DIR]

Needs ``pip install brian2`` (run by ``benchmarks/run.py --brian2 PYTHON``).
"""

from __future__ import annotations

import argparse
import json
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--neurons", type=int, default=4000)
    parser.add_argument("--duration", type=float, default=1000.0)
    parser.add_argument("--directory", default="brian2_bench_coba")
    args, _ = parser.parse_known_args()

    import brian2 as b2

    b2.set_device("cpp_standalone", directory=args.directory, build_on_run=False)
    b2.prefs.codegen.cpp.extra_compile_args_gcc = [
        "-w",
        "-O3",
        "-march=native",
        "-fno-trapping-math",
    ]
    b2.defaultclock.dt = 0.1 * b2.ms
    b2.seed(1)

    n, p = args.neurons, 0.02 * 4000 / args.neurons
    n_exc = int(0.8 * n)
    model = """
    dv/dt = ((El - v) + g_exc * (Erev_exc - v) + g_inh * (Erev_inh - v) + I) / tau : 1 (unless refractory)
    dg_exc/dt = -g_exc / tau_exc : 1
    dg_inh/dt = -g_inh / tau_inh : 1
    """  # noqa: E501
    namespace = dict(
        El=-60.0, Vr=-60.0, Erev_exc=0.0, Erev_inh=-80.0, Vt=-50.0, I=20.0,
        tau=20.0 * b2.ms, tau_exc=5.0 * b2.ms, tau_inh=10.0 * b2.ms,
    )  # fmt: skip
    pop = b2.NeuronGroup(
        n, model, threshold="v > Vt", reset="v = Vr", refractory=5.0 * b2.ms,
        method="euler", namespace=namespace,
    )  # fmt: skip
    pop.v = "-55.0 + 5.0 * randn()"
    exc = b2.Synapses(pop[:n_exc], pop, on_pre="g_exc += 0.6")
    exc.connect(p=p)
    inh = b2.Synapses(pop[n_exc:], pop, on_pre="g_inh += 6.7")
    inh.connect(p=p)
    monitor = b2.SpikeMonitor(pop)

    b2.run(args.duration * b2.ms)
    t0 = time.perf_counter()
    b2.device.build(directory=args.directory, compile=True, run=True, debug=False)
    total = time.perf_counter() - t0
    simulate = float(b2.device._last_run_time)
    rate = monitor.num_spikes / n / (args.duration / 1000.0)
    print(json.dumps({
        "bench": f"brian2_coba_{n}", "compile_s": total - simulate, "simulate_s": simulate,
        "rate_hz": rate,
    }))  # fmt: skip


if __name__ == "__main__":
    main()
