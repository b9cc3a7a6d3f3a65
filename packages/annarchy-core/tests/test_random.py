"""Random distributions: statistics, bounds, generators and argument checks."""

from __future__ import annotations

import math

import numpy as np
import pytest
from ANNarchy.errors import ANNarchyException
from ANNarchy.random import (
    Binomial,
    DiscreteUniform,
    Exponential,
    Gamma,
    LogNormal,
    Normal,
    RandomDistribution,
    RandomDistributionError,
    Uniform,
)

N = 200_000


def rng(seed=1):
    return np.random.default_rng(seed)


def assert_mean(values, mean, std):
    """The sample mean lies within 5 standard errors of ``mean``."""
    tol = 5.0 * std / math.sqrt(values.size)
    assert abs(values.mean() - mean) < tol, (values.mean(), mean, tol)


def assert_var(values, var, fourth_moment):
    """The sample variance lies within 5 standard errors (from the 4th central moment)."""
    tol = 5.0 * math.sqrt((fourth_moment - var**2) / values.size)
    assert abs(values.var() - var) < tol, (values.var(), var, tol)


def test_uniform_moments_and_range():
    v = Uniform(-1.0, 3.0).get_values(N, rng=rng())
    assert v.shape == (N,) and v.dtype == np.float64
    assert v.min() >= -1.0 and v.max() < 3.0
    assert_mean(v, 1.0, 4.0 / math.sqrt(12))
    assert_var(v, 16.0 / 12, 4.0**4 / 80)


def test_discrete_uniform_includes_both_bounds():
    v = DiscreteUniform(1, 3).get_values((400, 500), rng=rng())
    assert v.shape == (400, 500) and v.dtype.kind == "i"
    values, counts = np.unique(v, return_counts=True)
    assert values.tolist() == [1, 2, 3]
    sd = math.sqrt(v.size * (1 / 3) * (2 / 3))
    assert np.all(np.abs(counts - v.size / 3) < 5 * sd)


def test_discrete_uniform_single_value_and_integral_floats():
    assert DiscreteUniform(4, 4).get_values(10, rng=rng()).tolist() == [4] * 10
    assert DiscreteUniform(0.0, 2.0).max == 2


def test_normal_moments():
    v = Normal(2.0, 0.5).get_values(N, rng=rng())
    assert_mean(v, 2.0, 0.5)
    assert_var(v, 0.25, 3 * 0.5**4)


def test_normal_is_clipped_to_bounds():
    v = Normal(0.0, 1.0, min=0.0, max=1.0).get_values(N, rng=rng())
    assert v.min() == 0.0 and v.max() == 1.0
    # P(X <= 0) = 0.5 and P(X >= 1) = 1 - Phi(1) = 0.158655 pile up on the bounds.
    p_hi = 0.5 * math.erfc(1 / math.sqrt(2))
    for frac, p in (((v == 0.0).mean(), 0.5), ((v == 1.0).mean(), p_hi)):
        assert abs(frac - p) < 5 * math.sqrt(p * (1 - p) / N)


def test_lognormal_logs_are_normal():
    v = LogNormal(0.5, 0.2, min=None, max=None).get_values(N, rng=rng())
    assert v.min() > 0
    assert_mean(np.log(v), 0.5, 0.2)
    assert_var(np.log(v), 0.04, 3 * 0.2**4)


def test_lognormal_clipped_max():
    v = LogNormal(0.0, 1.0, max=2.0).get_values(N, rng=rng())
    p = 0.5 * math.erfc(math.log(2.0) / math.sqrt(2))  # P(exp(X) > 2)
    assert v.max() == 2.0
    assert abs((v == 2.0).mean() - p) < 5 * math.sqrt(p * (1 - p) / N)


def test_exponential_follows_the_density_lambda_exp_minus_lambda_x():
    v = Exponential(4.0).get_values(N, rng=rng())
    assert v.min() >= 0
    assert_mean(v, 0.25, 0.25)  # mean = std = 1 / Lambda


def test_exponential_min_bound():
    v = Exponential(1.0, min=0.5).get_values(N, rng=rng())
    p = 1 - math.exp(-0.5)
    assert v.min() == 0.5
    assert abs((v == 0.5).mean() - p) < 5 * math.sqrt(p * (1 - p) / N)


def test_gamma_shape_and_scale():
    v = Gamma(2.0, 3.0).get_values(N, rng=rng())
    assert_mean(v, 6.0, math.sqrt(18.0))
    # 4th central moment of Gamma(k, theta): 3 k (k + 2) theta^4
    assert_var(v, 18.0, 3 * 2 * 4 * 3.0**4)
    assert Gamma(2.0).beta == 1.0


def test_binomial_moments_and_type():
    v = Binomial(10, 0.3).get_values((500, 400), rng=rng())
    assert v.dtype.kind == "i" and v.min() >= 0 and v.max() <= 10
    assert_mean(v, 3.0, math.sqrt(2.1))
    edge = Binomial(5, 1.0).get_values(7, rng=rng())
    assert edge.tolist() == [5] * 7


def test_get_value_returns_python_scalars():
    u = Uniform(0.0, 1.0, rng=rng()).get_value()
    assert isinstance(u, float) and 0.0 <= u < 1.0
    d = DiscreteUniform(0, 3, rng=rng()).get_value()
    assert isinstance(d, int) and 0 <= d <= 3


def test_same_seed_same_values_and_shapes():
    a = Normal(0, 1).get_values((3, 4), rng=rng(7))
    b = Normal(0, 1).get_values((3, 4), rng=rng(7))
    assert a.shape == (3, 4)
    np.testing.assert_array_equal(a, b)
    assert Uniform(0, 1).get_values(0, rng=rng()).shape == (0,)


def test_constructor_rng_takes_precedence_over_call_rng():
    own = Uniform(0, 1, rng=rng(3))
    expected = rng(3).uniform(0, 1, 5)
    np.testing.assert_array_equal(own.get_values(5, rng=rng(99)), expected)


def test_call_rng_is_used_when_none_was_given():
    expected = rng(5).uniform(0, 1, 5)
    np.testing.assert_array_equal(Uniform(0, 1).get_values(5, rng=rng(5)), expected)


def test_without_any_rng_draws_are_independent():
    d = Uniform(0, 1)
    assert not np.array_equal(d.get_values(10), d.get_values(10))


def test_helpers_repr_and_equality():
    n = Normal(0.0, 1.0, min=-2.0)
    assert repr(n) == "Normal(mu=0.0, sigma=1.0, min=-2.0)"
    assert n.keywords() == ["mu", "sigma"]
    assert n == Normal(0.0, 1.0, min=-2.0) and n != Normal(0.0, 1.0)
    assert len(Uniform(0, 1).get_list_values(4, rng=rng())) == 4
    assert "U" in Uniform(0, 1).latex()
    assert isinstance(n, RandomDistribution)


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda: Uniform(1.0, 0.0), "min = 1.0"),
        (lambda: Uniform("a", 1.0), "'min'"),
        (lambda: DiscreteUniform(3, 1), "DiscreteUniform"),
        (lambda: DiscreteUniform(0, 2.5), "integer"),
        (lambda: Normal(0.0, -1.0), "sigma"),
        (lambda: Normal(0.0, 1.0, min=2.0, max=1.0), "min"),
        (lambda: LogNormal(0.0, -0.1), "sigma"),
        (lambda: Exponential(0.0), "Lambda"),
        (lambda: Exponential(float("nan")), "Lambda"),
        (lambda: Gamma(-1.0), "alpha"),
        (lambda: Gamma(1.0, 0.0), "beta"),
        (lambda: Binomial(10, 1.5), r"p=1\.5"),
        (lambda: Binomial(-1, 0.5), "n must be >= 0"),
        (lambda: Uniform(0, 1, rng=42), "numpy.random.Generator"),
    ],
)
def test_invalid_arguments_raise_clear_errors(make, words):
    with pytest.raises(RandomDistributionError, match=words) as info:
        make()
    assert isinstance(info.value, ANNarchyException)


def test_negative_shape_is_an_error():
    with pytest.raises(RandomDistributionError, match="negative dimension"):
        Uniform(0, 1).get_values((2, -1))


def test_wrong_call_rng_is_an_error():
    with pytest.raises(RandomDistributionError, match="rng"):
        Uniform(0, 1).get_values(3, rng=np.random.RandomState(0))
