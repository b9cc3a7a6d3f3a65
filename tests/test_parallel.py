"""parallel_run(): copies of a Network subclass in worker processes; concurrent builds."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import ANNarchy as ann
import numpy as np
import pytest

NOISY = ann.Neuron(
    parameters="tau = 10.0\nbaseline = 0.0",
    equations="tau * dr/dt = baseline - r + Uniform(-1.0, 1.0)",
)


class NoisyNetwork(ann.Network):
    """Rates driven by random draws: the results depend on the seed only."""

    def __init__(self, baseline=0.0, paradigm="openmp"):
        self.config(paradigm=paradigm)
        self.pop = self.create(5, NOISY)
        self.pop.baseline = baseline
        self.pop.r = ann.Uniform(0.0, 1.0, rng=self.default_rng)


def final_rates(net, duration=20.0):
    net.simulate(duration)
    return net.seed, float(net.pop.baseline[0]), np.array(net.pop.r)


def test_same_seeds_give_the_results_of_sequential_runs(backend):
    net = NoisyNetwork(paradigm=backend, seed=42)
    net.compile(silent=True)
    parallel = net.parallel_run(final_rates, number=2, max_processes=2, seeds="sequential")
    sequential = net.parallel_run(final_rates, number=2, seeds=[43, 44], sequential=True)
    assert [seed for seed, _, _ in parallel] == [43, 44]
    for (_, _, a), (_, _, b) in zip(parallel, sequential, strict=True):
        assert np.array_equal(a, b)
    assert not np.array_equal(parallel[0][2], parallel[1][2])
    # the copy seeded like the parent simulates like the parent
    same = net.parallel_run(final_rates, number=1, seeds="same", sequential=True)
    net.simulate(20.0)
    assert same[0][0] == 42 and np.array_equal(same[0][2], net.pop.r)


def test_per_copy_arguments_and_any_executor(backend):
    net = NoisyNetwork(paradigm=backend, seed=1)
    net.compile(silent=True)
    with ThreadPoolExecutor(2) as pool:
        results = net.parallel_run(
            final_rates,
            number=3,
            seeds=7,
            executor=pool,
            baseline=[0.0, 5.0, 10.0],  # constructor argument, one per copy
            duration=10.0,  # method argument, the same for all
        )
    assert [(seed, baseline) for seed, baseline, _ in results] == [(7, 0.0), (8, 5.0), (9, 10.0)]


def test_parallel_run_errors(backend):
    plain = ann.Network()
    plain.create(2, NOISY)
    with pytest.raises(ann.InvalidConfiguration, match="needs a subclass of Network"):
        plain.parallel_run(final_rates, number=2)
    net = NoisyNetwork(paradigm=backend)
    with pytest.raises(ann.InvalidConfiguration, match="3 seeds given for 2 copies"):
        net.parallel_run(final_rates, number=2, seeds=[1, 2, 3])
    with pytest.raises(ann.InvalidConfiguration, match="'baseline' has 3 values for 2"):
        net.parallel_run(final_rates, number=2, baseline=[1.0, 2.0, 3.0])
    with pytest.raises(ann.InvalidConfiguration, match="'speed' is neither"):
        net.parallel_run(final_rates, number=2, speed=3)


def build_and_run(directory, paradigm):
    """Build a fresh network structure in ``directory`` (in a worker process) and run it."""
    net = ann.Network(seed=11)
    net.config(paradigm=paradigm)
    pop = net.create(3, ann.Neuron(parameters="k = 0.5", equations="dr/dt = k * (2.0 - r)"))
    net.compile(directory=directory, silent=True)
    net.simulate(4.0)
    return np.array(pop.r)


def test_two_processes_build_the_same_network_at_once(backend, tmp_path):
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=context) as pool:
        futures = [pool.submit(build_and_run, str(tmp_path / "cache"), backend) for _ in range(2)]
        results = [f.result() for f in futures]
    # Euler: r_{n+1} = r_n + 0.5 (2 - r_n) from 0 -> 1, 1.5, 1.75, 1.875
    for rates in results:
        assert np.allclose(rates, 1.875)
    builds = [p for p in (tmp_path / "cache").iterdir() if p.is_dir()]
    assert len(builds) == 1  # one cache entry, no half-written leftovers


def test_sequential_seeds_of_an_unseeded_network_are_drawn(backend):
    net = NoisyNetwork(paradigm=backend)  # no seed: a base seed is drawn, as the reference
    net.compile(silent=True)
    results = net.parallel_run(final_rates, number=3, seeds="sequential", sequential=True)
    seeds = [seed for seed, _, _ in results]
    assert seeds[1] == seeds[0] + 1 and seeds[2] == seeds[0] + 2
    same = net.parallel_run(final_rates, number=2, seeds="same", sequential=True)
    assert same[0][0] == same[1][0] is not None
    np.testing.assert_array_equal(same[0][2], same[1][2])  # one seed: identical copies
