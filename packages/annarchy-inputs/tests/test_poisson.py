"""PoissonPopulation: mean rates within a few standard deviations, equation rates, errors."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest


def spike_counts(monitor, size: int) -> np.ndarray:
    counts = np.zeros(size)
    for rank, steps in monitor.get("spike").items():
        counts[rank] = len(steps)
    return counts


def test_constant_and_per_neuron_rates(run):
    net = ann.Network(dt=0.1, seed=11)
    rates = np.linspace(0.0, 200.0, 400)
    pop = net.create(ann.PoissonPopulation(400, rates=rates))
    m = net.monitor(pop, "spike")
    run(net)
    net.simulate(1000.0)
    counts = spike_counts(m, 400)
    # each neuron: Binomial(10000 steps, rate * dt / 1000); the total over all neurons
    p = rates * 0.1 / 1000.0
    mean, sd = (10000 * p).sum(), np.sqrt((10000 * p * (1 - p)).sum())
    assert abs(counts.sum() - mean) < 4 * sd
    assert counts[0] == 0  # a rate of 0 Hz never fires
    # halves: low rates fire less than high rates by the expected amount
    low, high = counts[:200].sum(), counts[200:].sum()
    assert abs((high - low) - 10000 * (p[200:].sum() - p[:200].sum())) < 6 * sd
    pop.rates = 50.0  # settable after compile
    net.simulate(1000.0)
    p = 50.0 * 0.1 / 1000.0
    total = spike_counts(m, 400).sum()
    assert abs(total - 400 * 10000 * p) < 4 * np.sqrt(400 * 10000 * p * (1 - p))


def test_rate_equation_with_parameters(run):
    net = ann.Network(dt=1.0, seed=5)
    pop = net.create(
        ann.PoissonPopulation(
            500,
            parameters={"amp": 100.0, "frequency": 5.0},
            rates="amp * (1.0 + sin(2 * pi * frequency * t / 1000.0)) / 2.0",
        )
    )
    m = net.monitor(pop, ["rates", "spike"])
    run(net)
    net.simulate(200.0)
    t = np.arange(200.0)
    expected = 100.0 * (1 + np.sin(2 * np.pi * 5.0 * t / 1000.0)) / 2.0
    np.testing.assert_allclose(m.get("rates"), expected, rtol=1e-12, atol=1e-12)
    steps = np.concatenate(list(m.get("spike").values()))
    # spikes over the first half-period (rates above 50 Hz) vs the second (below)
    first, second = np.sum(steps < 100), np.sum(steps >= 100)
    p = expected / 1000.0
    for count, part in ((first, slice(0, 100)), (second, slice(100, 200))):
        mean = 500 * p[part].sum()
        assert abs(count - mean) < 4 * np.sqrt(500 * (p[part] * (1 - p[part])).sum())


def test_refractory_period_caps_the_rate(run):
    net = ann.Network(dt=1.0, seed=2)
    pop = net.create(ann.PoissonPopulation(100, rates=1000.0, refractory=4.0))
    m = net.monitor(pop, "spike")
    run(net)
    net.simulate(100.0)
    # a rate of 1000 Hz fires at every step the neuron is not refractory: one spike per 5 steps
    spikes = m.get("spike")
    assert sorted(spikes) == list(range(100))
    assert all(steps == list(range(0, 100, 5)) for steps in spikes.values())


def test_rates_from_a_target(run):
    net = ann.Network(dt=1.0)
    inp = net.create(ann.InputArray(2))
    pop = net.create(ann.PoissonPopulation(2, target="exc"))
    net.connect(inp, pop, "exc").one_to_one(1.0)
    m = net.monitor(pop, "rates")
    run(net)
    inp.r = [3.0, 7.0]
    net.simulate(3)
    assert m.get("rates").tolist() == [[3.0, 7.0]] * 3  # the reference's values


def test_poisson_errors():
    with pytest.raises(ann.ANNarchyException, match="either rates or a target"):
        ann.PoissonPopulation(10)
    with pytest.raises(ann.ANNarchyException, match=r">= 0 Hz \(smallest given: -1.0\)"):
        ann.PoissonPopulation(10, rates=[1.0] * 9 + [-1.0])
    with pytest.raises(ann.ANNarchyException, match=r"needs a single value or 10 values"):
        ann.PoissonPopulation(10, rates=np.ones(7))
    pop = ann.PoissonPopulation(10, rates=1.0)
    with pytest.raises(ann.ANNarchyException, match=">= 0 Hz"):
        pop.rates = -5.0
    with pytest.raises(ann.ANNarchyException, match="only used by a rates equation"):
        ann.PoissonPopulation(10, rates=1.0, parameters={"a": 1.0})
    with pytest.raises(ann.ParserError, match="undefined_name"):
        ann.PoissonPopulation(10, rates="undefined_name * 2.0")
