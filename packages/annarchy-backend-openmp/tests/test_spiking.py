"""Spiking semantics against the reference's numbers: spike steps, refractory periods, reset,
t_last, conductances, delays (uniform, non-uniform), event-driven STDP, learning off."""

from __future__ import annotations

import numpy as np
from irtools import (
    Parameter,
    Variable,
    compile_network,
    csr_from_matrix,
    network,
    parse_neuron,
    parse_synapse,
    population,
    projection,
)

DEFAULT = parse_synapse("Default", pre_spike="g_target += w")


def spikes_by_rank(pair) -> dict[int, list[int]]:
    steps, ranks = pair
    out: dict[int, list[int]] = {}
    for step, rank in zip(steps, ranks, strict=True):
        out.setdefault(int(rank), []).append(int(step))
    return dict(sorted(out.items()))


def test_refractory_reset_event_driven_and_delayed_conductances(cache_dir):
    lif = parse_neuron(
        "LIF",
        parameters={"tau": 10.0, "I": Parameter(0.0, locality="local")},
        equations=["tau*dv/dt = -v + I + g_exc", "tau*dg_exc/dt = -g_exc", "x = t_last"],
        spike="v > 1.0",
        reset="v = 0.0",
        refractory=3.0,
    )
    target = parse_neuron(
        "N2",
        parameters={"tau": 10.0},
        equations="tau*dv/dt = -v + g_exc + g_inh",
        spike="v > 10.0",
        reset="v = 0",
    )
    traces = parse_synapse(
        "Traces",
        parameters={"tau": 10.0},
        equations=[
            Variable("tau*dx/dt = -x", method="event-driven"),
            Variable("tau*dy/dt = -y", method="event-driven"),
        ],
        pre_spike="g_target += w\nx += 1",
        post_spike="y += 1\nw += 0.01*x",
    )
    full, _ = csr_from_matrix(np.ones((2, 2)))
    net = network(
        [population(0, 2, lif, max_delay=3), population(1, 2, target)],
        [
            projection(0, 0, 1, "exc", traces, full),
            projection(1, 0, 1, "inh", DEFAULT, full, delay=3),
        ],
    )
    rt = compile_network(net, cache_dir)
    rt.set("pop0", "I", [1.5, 3.0])
    rt.set("proj0", "w", 1.0)
    rt.set("proj1", "w", 0.5)
    src = rt.add_recorder("pop0", ["spike", "v"], 1, 0)
    dst = rt.add_recorder("pop1", ["v", "g_exc", "g_inh"], 1, 0)
    rt.run(12)
    a, b = rt.fetch(src), rt.fetch(dst)
    assert spikes_by_rank(a["spike"]) == {0: [10], 1: [3, 10]}
    np.testing.assert_allclose(
        a["v"][:, 1], [0.3, 0.57, 0.813, 0, 0, 0, 0, 0.3, 0.57, 0.813, 0, 0], atol=1e-12
    )
    np.testing.assert_allclose(b["v"][[4, 6, 11], 0], [0.1, 0.131, 0.277354], atol=1e-6)
    np.testing.assert_array_equal(b["g_exc"][:, 0], [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 2])
    np.testing.assert_array_equal(b["g_inh"][:, 1], [0, 0, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 0])
    np.testing.assert_array_equal(rt.get("pop0", "x"), [-10000.0, 3.0])  # t_last (ms)
    np.testing.assert_allclose(rt.get("proj0", "x"), [1.0, 1.5488116360940265] * 2, rtol=1e-14)
    np.testing.assert_array_equal(rt.get("proj0", "w"), 1.0)


def test_fractional_refractory_period_and_reset_sees_previous_t_last(cache_dir):
    lif = parse_neuron(
        "LIFf",
        parameters={"tau": 10.0, "I": Parameter(0.0, locality="local")},
        equations=["tau*dv/dt = -v + I + g_exc", "tau*dg_exc/dt = -g_exc", "x = t_last", "f = f"],
        spike="v > 1.0",
        reset="v = 0.0\nf = t - t_last",
        refractory=0.3,
    )
    one, _ = csr_from_matrix([[np.nan, np.nan], [0.5, np.nan]])
    net = network([population(0, 2, lif)], [projection(0, 0, 0, "exc", DEFAULT, one)], dt=0.1)
    rt = compile_network(net, cache_dir)
    rt.set("pop0", "I", [30.0, 0.0])
    rt.set("proj0", "w", 0.5)
    rec = rt.add_recorder("pop0", ["spike", "v", "g_exc", "x", "f"], 1, 0)
    rt.run(10)
    data = rt.fetch(rec)
    assert spikes_by_rank(data["spike"]) == {0: [3, 9]}  # 0.3 ms / 0.1 ms truncates to 2 steps
    np.testing.assert_allclose(
        data["v"][:, 0], [0.3, 0.597, 0.89103, 0, 0, 0, 0.3, 0.597, 0.89103, 0], atol=1e-12
    )
    np.testing.assert_allclose(data["g_exc"][3:7, 1], [0.0, 0.5, 0.495, 0.49005], rtol=1e-12)
    np.testing.assert_allclose(data["v"][4:7, 1], [0.005, 0.0099, 0.014702], atol=1e-6)
    np.testing.assert_allclose(data["x"][[5, 6], 0], [-1000.0, 0.3])
    np.testing.assert_allclose(data["f"][[3, 9], 0], [1000.3, 0.6], rtol=1e-12)


def test_stdp_and_nonuniform_delays_match_reference(cache_dir):
    lif = parse_neuron(
        "LIF3",
        parameters={"tau": 10.0, "I": Parameter(0.0, locality="local")},
        equations=["tau*dv/dt = -v + I + g_exc - g_inh", "tau*dg_exc/dt = -g_exc", "g_inh = 0.0"],
        spike="v > 1.0",
        reset="v = 0.0",
        refractory=1.0,
    )
    online = parse_synapse(
        "STDP",
        parameters={
            "tau_pre": 10.0,
            "tau_post": 20.0,
            "cApre": 0.01,
            "cApost": 0.0105,
            "wmax": 2.0,
        },
        equations=[
            Variable("tau_pre * dApre/dt = - Apre", method="event-driven"),
            Variable("tau_post * dApost/dt = - Apost", method="event-driven"),
        ],
        pre_spike="g_target += w\nApre += cApre\nw = clip(w - Apost, 0.0 , wmax)",
        post_spike="Apost += cApost\nw = clip(w + Apre, 0.0 , wmax)",
    )
    timing = parse_synapse(
        "Timing",
        parameters={"tau": 10.0, "wmax": 1.0},
        pre_spike="g_target += w\nw = clip(w - 0.02*exp((t_post - t)/tau), 0.0, wmax)",
        post_spike="w = clip(w + 0.03*exp((t_pre - t)/tau), 0.0, wmax)",
    )
    full, _ = csr_from_matrix(np.ones((2, 3)))
    delayed, w1 = csr_from_matrix(
        [[0.1, 0.2, 0.3], [0.4, 0.5, np.nan]], delays=[[2, 5, 8], [1, 6, 0]]
    )
    net = network(
        [population(0, 3, lif, max_delay=8), population(1, 2, lif)],
        [
            projection(0, 0, 1, "exc", online, full),
            projection(1, 0, 1, "inh", DEFAULT, delayed, delay=-1),
            projection(2, 0, 1, "exc", timing, full),
        ],
        dt=0.5,
    )
    rt = compile_network(net, cache_dir)
    rt.set("pop0", "I", [2.0, 3.0, 5.0])
    rt.set("pop1", "I", [1.05, 0.5])
    for k, w in enumerate([0.3, w1, 0.2]):
        rt.set(f"proj{k}", "w", w)
    src, dst = (
        rt.add_recorder("pop0", ["spike"], 1, 0),
        rt.add_recorder("pop1", ["spike", "v", "g_inh"], 1, 0),
    )
    rt.run(80)
    a, b = rt.fetch(src), rt.fetch(dst)
    assert spikes_by_rank(a["spike"]) == {
        0: [13, 29, 45, 61, 77],
        1: [7, 17, 27, 37, 47, 57, 67, 77],
        2: [4, 11, 18, 25, 32, 39, 46, 53, 60, 67, 74],
    }
    assert spikes_by_rank(b["spike"]) == {
        0: [16, 27, 36, 45, 53, 61, 69, 77],
        1: [20, 32, 42, 51, 60, 68, 77],
    }
    np.testing.assert_allclose(
        b["v"][10:40:10],
        [[0.636514543735, 0.399354594487], [0.306763104623, 0.0], [0.190763914628, 0.85170833098]],
        atol=1e-11,
    )
    np.testing.assert_allclose(b["g_inh"][12:14], [[0.5, 0.0], [0.0, 0.5]], rtol=1e-12)
    np.testing.assert_allclose(
        rt.get("proj0", "w"),
        [
            0.237523335530601,
            0.229281698160713,
            0.283603588745013,
            0.264070697195247,
            0.290698520519725,
            0.294706390707545,
        ],
        rtol=1e-12,
    )
    np.testing.assert_allclose(
        rt.get("proj0", "Apost"),
        [
            0.046847567285,
            0.04768383788115,
            0.049250499467627,
            0.042450142368121,
            0.043032203796185,
            0.04465895626181,
        ],
        rtol=1e-12,
    )
    np.testing.assert_allclose(
        rt.get("proj2", "w"),
        [
            0.31779071886165,
            0.271172271546475,
            0.268825243637461,
            0.284532876074841,
            0.291905449944066,
            0.264126227134354,
        ],
        rtol=1e-12,
    )
    w = rt.get("proj0", "w").copy()
    rt.set_learning("proj0", False)  # weights freeze, traces go on
    rt.run(20)
    np.testing.assert_array_equal(rt.get("proj0", "w"), w)
    np.testing.assert_allclose(
        rt.get("proj0", "Apre"),
        [
            0.014596290130376,
            0.025958479510115,
            0.032710677659306,
            0.018742007516752,
            0.027289399214853,
            0.038004385407429,
        ],
        rtol=1e-12,
    )


def test_spiking_network_is_thread_count_independent(cache_dir):
    neuron = parse_neuron(
        "Noisy",
        parameters={"tau": 5.0},
        equations=["tau*dv/dt = -v + g_exc + Normal(0.5, 2.0)", "tau*dg_exc/dt = -g_exc"],
        spike="v > 1.0",
        reset="v = 0.0",
        refractory=2.0,
    )
    rng = np.random.default_rng(3)
    csr, w = csr_from_matrix(np.where(rng.uniform(size=(300, 300)) < 0.05, 0.1, np.nan))
    results = []
    for threads in (1, 2):
        net = network(
            [population(0, 300, neuron)],
            [projection(0, 0, 0, "exc", DEFAULT, csr)],
            dt=0.1,
            seed=11,
            num_threads=threads,
        )
        rt = compile_network(net, cache_dir)
        rt.set("proj0", "w", w)
        rec = rt.add_recorder("pop0", ["spike"], 1, 0)
        rt.run(2000)
        steps, ranks = rt.fetch(rec)["spike"]
        results.append((steps, ranks, rt.get("pop0", "v").copy()))
    assert len(results[0][0]) > 1000  # about 9 Hz over 200 ms
    for a, b in zip(*results, strict=True):
        np.testing.assert_array_equal(a, b)


def test_continuous_synaptic_variable_with_pre_spike_updates(cache_dir):
    lif = parse_neuron(
        "LIF4",
        parameters={"tau": 10.0, "I": Parameter(0.0, locality="local")},
        equations="tau*dv/dt = -v + I + g_exc",
        spike="v > 1.0",
        reset="v = 0.0",
    )
    fatigue = parse_synapse(
        "Fatigue",
        parameters={"tau": 20.0, "dec": 0.3},
        equations=[Variable("tau * dtrace/dt + trace = 1.0", min=0.0, init=1.0)],
        pre_spike="g_target += w * trace\ntrace -= dec",
    )
    full, _ = csr_from_matrix(np.ones((1, 2)))
    net = network(
        [population(0, 2, lif), population(1, 1, lif)], [projection(0, 0, 1, "exc", fatigue, full)]
    )
    rt = compile_network(net, cache_dir)
    rt.set("pop0", "I", [3.0, 2.0])
    rt.set("proj0", "w", 0.5)
    rec = rt.add_recorder("pop1", ["g_exc"], 1, 0)
    rt.run(30)
    np.testing.assert_allclose(rt.get("proj0", "trace"), [0.05, 0.31593011616958], rtol=1e-12)
    g = rt.fetch(rec)["g_exc"][:, 0]
    np.testing.assert_allclose(
        g[[4, 7, 8, 12, 14, 28]],
        [0.5, 0.5, 0.3778240625, 0.278310997806641, 0.395249405585937, 0.342326414775391],
        rtol=1e-12,
    )
    assert np.count_nonzero(g) == 10
