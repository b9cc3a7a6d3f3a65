"""HomogeneousCorrelatedSpikeTrains: mu/sigma as the reference, rate and correlation."""

from __future__ import annotations

import math

import ANNarchy as ann
import numpy as np
import pytest
from annarchy_inputs.correlated import ou_parameters, rectified_moments

#: mu and sigma the reference (annarchy 5.0.4.1) computes for 20 Hz, corr 0.3, tau 10 ms
REF_MU, REF_SIGMA = 17.751760373614275, 20.709578379826944


def binned_counts(spikes: dict, size: int, steps: int, width: int) -> np.ndarray:
    counts = np.zeros((size, steps // width))
    for rank, times in spikes.items():
        counts[rank] = np.bincount(np.asarray(times) // width, minlength=steps // width)
    return counts


def mean_pair_correlation(counts: np.ndarray) -> float:
    c = np.corrcoef(counts)
    return float(c[np.triu_indices(len(counts), 1)].mean())


def test_rectified_gaussian_inverse():
    mu, sigma = ou_parameters(20.0, 0.3, 10.0)
    assert mu == pytest.approx(REF_MU, rel=1e-10) and sigma == pytest.approx(REF_SIGMA, rel=1e-10)
    mean, std = rectified_moments(mu, sigma)
    assert mean == pytest.approx(20.0, rel=1e-12)
    assert std == pytest.approx(math.sqrt(0.3 * 20.0 / (2 * 0.010)), rel=1e-12)
    assert ou_parameters(20.0, 0.0, 10.0) == (20.0, 0.0)


def test_rate_and_correlation(run):
    net = ann.Network(dt=1.0, seed=3)
    corr = net.create(ann.HomogeneousCorrelatedSpikeTrains(100, rates=20.0, corr=0.3, tau=10.0))
    poisson = net.create(ann.PoissonPopulation(100, rates=20.0))
    m_corr, m_poisson = net.monitor(corr, "spike"), net.monitor(poisson, "spike")
    run(net)
    assert corr.mu == pytest.approx(REF_MU) and corr.sigma == pytest.approx(REF_SIGMA)
    net.simulate(20000.0)
    counts = binned_counts(m_corr.get("spike"), 100, 20000, 100)
    # x is an Euler-discretised OU process of stationary sd sigma * sqrt(0.1 / 0.19) (dt/tau=0.1)
    mean, sd = rectified_moments(REF_MU, REF_SIGMA * math.sqrt(0.1 / 0.19))
    rate = counts.sum() / 100 / 20.0
    # the 20 s average of the common rate has an sd of about sqrt(2 tau sd^2 / T) = 0.43 Hz
    assert abs(rate - mean) < 4 * math.sqrt(2 * 0.010 * sd**2 / 20.0)
    # count correlation over 100 ms bins ~ C / (rate + C), C = 2 tau sd^2 (1 - tau/T) = 0.15
    assert 0.10 < mean_pair_correlation(counts) < 0.20
    independent = binned_counts(m_poisson.get("spike"), 100, 20000, 100)
    assert abs(mean_pair_correlation(independent)) < 0.02


def test_schedule_and_settable_statistics(run):
    net = ann.Network(dt=1.0, seed=1)
    pop = net.create(
        ann.HomogeneousCorrelatedSpikeTrains(
            10, rates=[10.0, 30.0], corr=[0.3, 0.5], tau=10.0, schedule=[0.0, 5.0], period=8.0
        )
    )
    m = net.monitor(pop, ["mu", "sigma"])
    run(net)
    net.simulate(10.0)
    first, second = ou_parameters(10.0, 0.3, 10.0), ou_parameters(30.0, 0.5, 10.0)
    expected = [first] * 5 + [second] * 3 + [first] * 2
    data = m.get()
    np.testing.assert_allclose(np.column_stack([data["mu"], data["sigma"]]), expected)
    pop.update(rates=[5.0, 50.0], corr=0.1)  # restarts the schedule
    net.simulate(6.0)
    expected = [ou_parameters(5.0, 0.1, 10.0)] * 5 + [ou_parameters(50.0, 0.1, 10.0)]
    data = m.get()
    np.testing.assert_allclose(np.column_stack([data["mu"], data["sigma"]]), expected)


def test_setting_rates_recomputes_mu_and_sigma(run):
    net = ann.Network(dt=1.0)
    pop = net.create(ann.HomogeneousCorrelatedSpikeTrains(10, rates=10.0, corr=0.3, tau=10.0))
    run(net)
    pop.rates = 50.0
    assert (pop.mu, pop.sigma) == pytest.approx(ou_parameters(50.0, 0.3, 10.0))
    pop.tau = 20.0
    assert pop.tau == 20.0 and pop.rates == 50.0
    assert (pop.mu, pop.sigma) == pytest.approx(ou_parameters(50.0, 0.3, 20.0))


def test_correlated_errors():
    with pytest.raises(ann.ANNarchyException, match=r"corr within \[0, 1\]"):
        ann.HomogeneousCorrelatedSpikeTrains(10, rates=10.0, corr=1.5, tau=10.0)
    with pytest.raises(ann.ANNarchyException, match="rates must be >= 0 Hz"):
        ann.HomogeneousCorrelatedSpikeTrains(10, rates=-1.0, corr=0.1, tau=10.0)
    with pytest.raises(ann.ANNarchyException, match=r"per time of the schedule \(2\)"):
        ann.HomogeneousCorrelatedSpikeTrains(10, rates=[1.0], corr=0.1, tau=10.0, schedule=[0, 5])
    with pytest.raises(ann.ANNarchyException, match="first time of the schedule must be 0"):
        ann.HomogeneousCorrelatedSpikeTrains(
            10, rates=[1.0, 2.0], corr=0.1, tau=10.0, schedule=[1.0, 5.0]
        )
