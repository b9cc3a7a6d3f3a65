"""Random draws in equations: Philox known answers, distributions, thread and layout independence."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest
from irtools import (
    compile_network,
    csr_from_matrix,
    network,
    parse_neuron,
    parse_synapse,
    population,
    projection,
)

NOISY = parse_neuron(
    "Noisy",
    equations=[
        "u = Uniform(-1.0, 3.0)",
        "n = Normal(2.0, 3.0)",
        "e = Exponential(2.0)",
        "g = Gamma(2.0, 1.5)",
        "b = Binomial(10, 0.3)",
        "d = DiscreteUniform(1, 6)",
        "l = LogNormal(0.0, 0.5)",
        "r = 0",
    ],
)
KAT = """
int main() {
    const ann_u32x4 a = ann_philox(0ull, 0u, 0u, 0ull);
    const ann_u32x4 b = ann_philox(0x299f31d0a4093822ull, 0x243f6a88u, 0x85a308d3u,
                                   0x0370734413198a2eull);
    printf("%08x %08x %08x %08x\\n", a.v[0], a.v[1], a.v[2], a.v[3]);
    printf("%08x %08x %08x %08x\\n", b.v[0], b.v[1], b.v[2], b.v[3]);
}
"""


def test_philox_known_answers(tmp_path):
    from annarchy_openmp.codegen import environment

    rng = environment().get_template("rng.h.j2").render()
    source = tmp_path / "kat.cpp"
    source.write_text("#include <math.h>\n#include <stdint.h>\n#include <stdio.h>\n" + rng + KAT)
    subprocess.run(["g++", "-O1", str(source), "-o", str(tmp_path / "kat")], check=True)
    out = subprocess.run([str(tmp_path / "kat")], capture_output=True, text=True).stdout
    # the Random123 known-answer vectors of philox4x32-10
    assert out.split("\n")[:2] == [
        "6627e8d5 e169c58d bc57ac4c 9b00dbd8",
        "d16cfe09 94fdcceb 5001e420 24126ea1",
    ]


def test_distribution_statistics(cache_dir):
    rt = compile_network(network([population(0, 40000, NOISY)], seed=7), cache_dir)
    rt.run(1)
    get = lambda name: rt.get("pop0", name)  # noqa: E731
    u, n, e = get("u"), get("n"), get("e")
    assert u.min() >= -1.0 and u.max() <= 3.0
    assert u.mean() == pytest.approx(1.0, abs=0.03) and u.var() == pytest.approx(16 / 12, rel=0.03)
    assert n.mean() == pytest.approx(2.0, abs=0.05) and n.std() == pytest.approx(3.0, rel=0.02)
    assert e.mean() == pytest.approx(0.5, rel=0.03) and e.min() > 0.0
    assert get("g").mean() == pytest.approx(3.0, rel=0.03)
    assert get("g").var() == pytest.approx(2.0 * 1.5**2, rel=0.06)
    b = get("b")
    assert set(np.unique(b)) <= set(range(11)) and b.mean() == pytest.approx(3.0, rel=0.02)
    assert set(np.unique(get("d"))) == {1, 2, 3, 4, 5, 6}
    assert np.log(get("l")).std() == pytest.approx(0.5, rel=0.02)
    assert abs(np.corrcoef(u, n)[0, 1]) < 0.02  # draws are independent of each other
    first = u.copy()
    rt.run(1)
    assert abs(np.corrcoef(first, u)[0, 1]) < 0.02  # ... and across steps


def test_same_numbers_with_any_thread_count_and_seed_dependence(cache_dir):
    def simulate(threads, seed):
        rt = compile_network(
            network([population(0, 5000, NOISY)], seed=seed, num_threads=threads), cache_dir
        )
        rt.run(3)
        return rt.get("pop0", "n").copy()

    one = simulate(1, 3)
    np.testing.assert_array_equal(simulate(2, 3), one)
    assert not np.allclose(simulate(1, 4), one)


def test_synaptic_draws_do_not_depend_on_the_storage(cache_dir):
    syn = parse_synapse("Noise", equations="dw/dt = Normal(0.0, 1.0)")
    inp = parse_neuron("In", equations="r = 1")
    results = []
    for fmt, threads in (("csr", 1), ("dense", 2)):
        csr, _ = csr_from_matrix(np.zeros((20, 30)))
        net = network(
            [population(0, 30, inp), population(1, 20, inp)],
            [projection(0, 0, 1, "exc", syn, csr, fmt=fmt)],
            num_threads=threads,
        )
        rt = compile_network(net, cache_dir)
        rt.run(4)
        results.append(rt.get("proj0", "w").copy())
    np.testing.assert_array_equal(results[0], results[1])
    assert results[0].std() == pytest.approx(2.0, rel=0.1)  # sum of 4 unit normals
