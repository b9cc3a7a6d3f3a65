"""Rate-coded semantics: the step order, Euler steps, delays, operations, global operations."""

from __future__ import annotations

import numpy as np
import pytest
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

LEAKY = parse_neuron(
    "Leaky",
    parameters={"tau": 10.0, "baseline": Parameter(0.0, locality="local")},
    equations=["tau*dv/dt + v = baseline + sum(exc)", "r = pos(v)"],
)
INPUT = parse_neuron("Input", parameters={"x": Parameter(0.0, locality="local")}, equations="r = x")
CLOCK = parse_neuron("Clock", equations="r = t + 1")
HEBB = parse_synapse("Hebb", parameters={"tau": 100.0}, equations="tau*dw/dt = pre.r*post.r")


def hebb_network(fmt: str):
    csr, _ = csr_from_matrix(np.full((2, 2), 0.5))
    return network(
        [population(0, 2, INPUT), population(1, 2, LEAKY)],
        [projection(0, 0, 1, "exc", HEBB, csr, fmt=fmt)],
    )


@pytest.mark.parametrize("fmt", ["csr", "dense", "auto", "lil"])
def test_hebbian_network_matches_reference(cache_dir, fmt):
    rt = compile_network(hebb_network(fmt), cache_dir)
    rt.set("pop0", "x", [1.0, 2.0])
    rt.set("pop1", "baseline", [0.5, 1.0])
    rt.set("proj0", "w", 0.5)
    v = []
    for _ in range(3):
        rt.run(1)
        v.append(rt.get("pop1", "v").copy())
        if rt.step == 1:  # CSR order: rows = post, columns = pre
            np.testing.assert_allclose(rt.get("proj0", "w"), [0.5005, 0.501, 0.501, 0.502])
    np.testing.assert_allclose(
        v, [[0.05, 0.1], [0.24525, 0.3405], [0.42220125, 0.5586525]], rtol=1e-12
    )
    np.testing.assert_allclose(
        rt.get("proj0", "w"),
        [0.5071745124999999, 0.514349025, 0.509991525, 0.51998305],
        rtol=1e-12,
    )
    assert rt.step == 3


def test_euler_steps_by_hand(cache_dir):
    neuron = parse_neuron(
        "Coupled",
        parameters={"a": 0.3, "b": Parameter(0.0, locality="local")},
        equations=["dx/dt = -a * y + b", "dy/dt = x - y", "r = x * y"],
    )
    rt = compile_network(network([population(0, 3, neuron)], dt=0.1), cache_dir)
    rt.set("pop0", "b", [0.0, 1.0, -2.0])
    rt.set("pop0", "x", 1.0)
    x, y, b = np.ones(3), np.zeros(3), np.array([0.0, 1.0, -2.0])
    for _ in range(20):  # explicit Euler: both derivatives from the values at the step start
        x, y = x + 0.1 * (-0.3 * y + b), y + 0.1 * (x - y)
    rt.run(20)
    np.testing.assert_allclose(rt.get("pop0", "x"), x, rtol=1e-12)
    np.testing.assert_allclose(rt.get("pop0", "r"), x * y, rtol=1e-12)


def test_exponential_decay_against_analytic(cache_dir):
    neuron = parse_neuron(
        "Decay",
        parameters={"tau": 20.0},
        equations=[
            Variable("tau * dv/dt = -v", init=1.0),
            Variable("tau * du/dt = -u", init=1.0, method="exponential"),
            "r = v",
        ],
    )
    rt = compile_network(network([population(0, 1, neuron)], dt=0.5), cache_dir)
    rt.run(200)  # t = 100 ms
    assert rt.get("pop0", "v")[0] == pytest.approx((1 - 0.5 / 20.0) ** 200, rel=1e-12)
    assert rt.get("pop0", "u")[0] == pytest.approx(np.exp(-100.0 / 20.0), rel=1e-10)
    # Euler's global error: t * dt / (2 tau^2) * exp(-t / tau) = 4.2e-4
    assert 3e-4 < np.exp(-5.0) - rt.get("pop0", "v")[0] < 5e-4


def test_uniform_and_nonuniform_delays_match_reference(cache_dir):
    out = parse_neuron("Out", equations=["a = sum(exc)", "b = sum(inh)", "r = t"])
    full, _ = csr_from_matrix(np.ones((2, 3)))
    nan = np.nan
    sparse, _ = csr_from_matrix([[1.0, nan, 1.0], [nan, 1.0, 1.0]], delays=[[1, 0, 3], [0, 2, 1]])
    net = network(
        [population(0, 3, CLOCK, max_delay=3), population(1, 2, out)],
        [
            projection(0, 0, 1, "exc", parse_synapse("Lin"), full, delay=2),
            projection(1, 0, 1, "inh", parse_synapse("Lin"), sparse, delay=-1),
        ],
    )
    rt = compile_network(net, cache_dir)
    rt.set("proj0", "w", 1.0)
    rt.set("proj1", "w", 1.0)
    a, b = [], []
    for _ in range(6):
        rt.run(1)
        a.append(rt.get("pop1", "a").copy())
        b.append(rt.get("pop1", "b").copy())
    np.testing.assert_array_equal(np.array(a)[:, 0], [0, 0, 3, 6, 9, 12])
    np.testing.assert_array_equal(b, [[0, 0], [1, 1], [2, 3], [4, 5], [6, 7], [8, 9]])


def test_learning_reads_delayed_pre_values(cache_dir):
    syn = parse_synapse("Acc", parameters={"tau": 10.0}, equations="tau*dw/dt = pre.r")
    out = parse_neuron("Sum", equations="r = sum(exc)")
    csr, _ = csr_from_matrix([[1.0]])
    net = network(
        [population(0, 1, CLOCK), population(1, 1, out)],
        [projection(0, 0, 1, "exc", syn, csr, delay=3)],
    )
    rt = compile_network(net, cache_dir)
    rt.set("proj0", "w", 1.0)
    w, r = [], []
    for _ in range(5):
        rt.run(1)
        w.append(rt.get("proj0", "w")[0])
        r.append(rt.get("pop1", "r")[0])
    np.testing.assert_allclose(w, [1.0, 1.0, 1.1, 1.3, 1.6], rtol=1e-12)
    np.testing.assert_allclose(r, [0.0, 0.0, 0.0, 1.1, 2.6], rtol=1e-12)


@pytest.mark.parametrize("fmt", ["csr", "dense"])
def test_psp_operations_match_reference(cache_dir, fmt):
    out = parse_neuron("Ops", equations=["a = sum(mx)", "b = sum(mn)", "c = sum(mi)", "r = 0"])
    nan = np.nan
    csr, _ = csr_from_matrix([[1.0, nan, -1.0], [nan, nan, nan], [1.0, 2.0, 3.0]])
    projs = [
        projection(
            k, 0, 1, target, parse_synapse(f"S{k}", psp="w*pre.r", operation=op), csr, fmt=fmt
        )
        for k, (target, op) in enumerate([("mx", "max"), ("mn", "mean"), ("mi", "min")])
    ]
    rt = compile_network(
        network([population(0, 3, CLOCK), population(1, 3, out)], projs), cache_dir
    )
    for k in range(3):
        rt.set(f"proj{k}", "w", [1.0, -1.0, 1.0, 2.0, 3.0])
    rt.run(5)  # the sums use r = 4 (end of the previous step)
    np.testing.assert_allclose(rt.get("pop1", "a"), [4.0, 0.0, 12.0])
    np.testing.assert_allclose(rt.get("pop1", "b"), [0.0, 0.0, 8.0])
    np.testing.assert_allclose(rt.get("pop1", "c"), [-4.0, 0.0, 4.0])


def test_global_operations_are_seen_at_the_next_step(cache_dir):
    neuron = parse_neuron(
        "Gops",
        parameters={"x": Parameter(0.0, locality="local")},
        equations=[
            "a = norm1(x)",
            "b = norm2(x)",
            "c = mean(x)",
            "d = max(x)",
            "e = min(x)",
            "f = mean(r)",
            "r = t",
        ],
    )
    rt = compile_network(network([population(0, 4, neuron)]), cache_dir)
    rt.set("pop0", "x", [1.0, -2.0, 3.0, 0.5])
    rt.run(1)
    assert np.all(rt.get("pop0", "a") == 0.0)
    rt.run(2)
    np.testing.assert_allclose(rt.get("pop0", "a"), 6.5)
    np.testing.assert_allclose(rt.get("pop0", "b"), np.sqrt(14.25), rtol=1e-14)
    np.testing.assert_allclose(rt.get("pop0", "c"), 0.625)
    np.testing.assert_allclose(rt.get("pop0", "d"), 3.0)
    np.testing.assert_allclose(rt.get("pop0", "e"), -2.0)
    np.testing.assert_allclose(rt.get("pop0", "f"), 1.0)  # mean of r = t at step 1


def test_semiglobal_and_global_synapse_variables(cache_dir):
    syn = parse_synapse(
        "BCM",
        parameters={"eta": 0.1, "tau": 5.0},
        equations=[
            Variable("tau * dtheta/dt + theta = post.r^2", locality="semiglobal"),
            Variable("dm/dt = 1.0", locality="global"),
            Variable("dw/dt = eta * post.r * (post.r - theta) * pre.r", min=0.0),
        ],
    )
    nan = np.nan
    csr, _ = csr_from_matrix([[0.5, nan, 0.5], [0.1, 0.2, 0.3]])
    net = network(
        [population(0, 3, INPUT), population(1, 2, INPUT)], [projection(0, 0, 1, "exc", syn, csr)]
    )
    rt = compile_network(net, cache_dir)
    pre, post = np.array([1.0, 2.0, 3.0]), np.array([0.5, 2.0])
    rt.set("pop0", "x", pre)
    rt.set("pop1", "x", post)
    w0 = np.array([0.5, 0.5, 0.1, 0.2, 0.3])
    rt.set("proj0", "w", w0)
    theta, w = np.zeros(2), w0.copy()
    rows, cols = np.array([0, 0, 1, 1, 1]), np.array([0, 2, 0, 1, 2])
    for _ in range(4):
        rt.run(1)
        theta = theta + (post**2 - theta) / 5.0
        w = np.maximum(w + 0.1 * post[rows] * (post[rows] - theta[rows]) * pre[cols], 0.0)
    np.testing.assert_allclose(rt.get("proj0", "theta"), theta, rtol=1e-12)
    np.testing.assert_allclose(rt.get("proj0", "w"), w, rtol=1e-12)
    assert rt.get("proj0", "m") == pytest.approx(4.0)


def test_learning_can_be_switched_off(cache_dir):
    rt = compile_network(hebb_network("csr"), cache_dir)
    rt.set("pop0", "x", [1.0, 2.0])
    rt.set("pop1", "baseline", [0.5, 1.0])
    rt.set("proj0", "w", 0.5)
    rt.set_learning("proj0", False)
    rt.run(5)
    np.testing.assert_array_equal(rt.get("proj0", "w"), 0.5)
    assert rt.get("pop1", "v")[0] > 0.1  # the network itself ran
    rt.set_learning("proj0", True)
    rt.run(1)
    assert np.all(rt.get("proj0", "w") > 0.5)


def test_dense_and_csr_give_identical_results(cache_dir):
    rng = np.random.default_rng(1)
    weights = rng.uniform(-0.5, 1.0, (30, 40))
    oja = parse_synapse(
        "Oja",
        parameters={"tau": 50.0, "alpha": 2.0},
        equations="tau * dw/dt = pre.r * post.r - alpha * post.r^2 * w",
    )
    results = {}
    x = rng.uniform(0, 1, 40)
    for fmt, mat in [
        ("csr", weights),
        ("dense", weights),
        ("auto", weights),
        ("csr_sparse", np.where(weights > 0, weights, np.nan)),
        ("dense_sparse", np.where(weights > 0, weights, np.nan)),
    ]:
        csr, values = csr_from_matrix(mat)
        net = network(
            [population(0, 40, INPUT), population(1, 30, LEAKY)],
            [projection(0, 0, 1, "exc", oja, csr, fmt=fmt.split("_")[0])],
        )
        rt = compile_network(net, cache_dir)
        rt.set("pop0", "x", x)
        rt.set("proj0", "w", values)
        rt.run(50)
        results[fmt] = (rt.get("pop1", "r").copy(), rt.get("proj0", "w").copy())
    for fmt in ("dense", "auto"):
        np.testing.assert_allclose(results[fmt][0], results["csr"][0], rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(results[fmt][1], results["csr"][1], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(results["dense_sparse"][1], results["csr_sparse"][1], rtol=1e-12)
    assert not np.allclose(results["csr"][0], results["csr_sparse"][0])


def test_multiple_targets_threads_and_global_functions(cache_dir):
    from annarchy_parser import parse_function

    gain = parse_function("gain(x) = 2 * x")
    neuron = parse_neuron(
        "Two",
        equations=["a = sum(exc)", "b = sum(inh)", "r = gain(a - b)"],
        global_functions=(gain,),
    )
    rng = np.random.default_rng(5)
    csr, w = csr_from_matrix(np.where(rng.uniform(size=(60, 50)) < 0.3, 1.0, np.nan))
    full, wf = csr_from_matrix(rng.uniform(0, 0.01, (60, 60)))
    counts = np.diff(csr.row_ptr)
    results = []
    for threads in (1, 2):
        net = network(
            [population(0, 50, CLOCK), population(1, 60, neuron)],
            [
                projection(0, 0, 1, ("exc", "inh"), parse_synapse("Lin"), csr),
                projection(
                    1, 0, 1, "exc", parse_synapse("Lin2"), csr_from_matrix(np.ones((60, 50)))[0]
                ),
                projection(2, 1, 1, "inh", HEBB, full),
            ],
            num_threads=threads,
            functions=(gain,),
        )
        rt = compile_network(net, cache_dir)
        rt.set("proj0", "w", w * 0.5)
        rt.set("proj1", "w", 0.01)
        rt.set("proj2", "w", wf)
        rt.run(2)  # step 1 sees r = 1 in the clock and r = gain(0) = 0 in pop1
        np.testing.assert_allclose(rt.get("pop1", "a"), 0.5 * counts + 0.5, rtol=1e-12)
        np.testing.assert_allclose(rt.get("pop1", "b"), 0.5 * counts, rtol=1e-12)
        np.testing.assert_allclose(rt.get("pop1", "r"), 1.0, rtol=1e-12)
        rt.run(3)
        results.append((rt.get("pop1", "r").copy(), rt.get("proj2", "w").copy()))
    np.testing.assert_array_equal(results[0][0], results[1][0])
    np.testing.assert_array_equal(results[0][1], results[1][1])
