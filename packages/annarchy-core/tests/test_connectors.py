"""Built-in pattern connectors: exact and statistical synapse counts, weights, delays, views,
spatial profiles and errors. Expected gaussian/dog numbers were computed by hand or printed by the
reference implementation (ANNarchy 5.0.4.1)."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest
from ANNarchy.connectors import (
    BUILTIN_CONNECTORS,
    Connectivity,
    ConnectorError,
    all_to_all,
    dog,
    fixed_number_post,
    fixed_number_pre,
    fixed_probability,
    gaussian,
    normalised_positions,
    one_to_one,
)
from ANNarchy.errors import ANNarchyException
from ANNarchy.random import DiscreteUniform, Normal, Uniform
from connector_helpers import check_csr, dense, make_ctx, pairs, post_of


def test_builtin_connectors_are_registered_through_the_plugin_hook():
    from ANNarchy.plugins import registry

    expected = {
        "all_to_all",
        "one_to_one",
        "fixed_probability",
        "fixed_number_pre",
        "fixed_number_post",
        "gaussian",
        "dog",
        "from_matrix",
        "from_sparse",
        "from_function",
        "from_matrix_market",
    }
    assert set(BUILTIN_CONNECTORS) == expected
    assert expected <= set(registry("connectors").names())


# ----------------------------------------------------------------------------- all_to_all
def test_all_to_all_between_two_populations():
    conn = all_to_all(make_ctx(7, 5), weights=0.5, delays=2.0)
    check_csr(conn.csr)
    assert isinstance(conn, Connectivity) and conn.connector == "all_to_all"
    assert conn.csr.nnz == 35 and conn.csr.post_ranks.tolist() == [0, 1, 2, 3, 4]
    assert conn.weights == 0.5 and conn.delays == 2.0


def test_all_to_all_within_a_population_removes_the_diagonal():
    conn = all_to_all(make_ctx(50, same=True), weights=1.0)
    check_csr(conn.csr)
    assert conn.csr.nnz == 50 * 49
    assert not np.any(post_of(conn.csr) == conn.csr.pre_ranks)
    allowed = all_to_all(make_ctx(50, same=True), weights=1.0, allow_self_connections=True)
    assert allowed.csr.nnz == 2500


def test_all_to_all_on_overlapping_views_of_one_population():
    ctx = make_ctx(20, same=True, pre_ranks=[2, 3, 4, 5], post_ranks=[7, 3, 4, 5, 6])
    conn = all_to_all(ctx, weights=1.0)
    check_csr(conn.csr)
    assert conn.csr.post_ranks.tolist() == [3, 4, 5, 6, 7]
    assert conn.csr.nnz == 4 * 5 - 3  # ranks 3, 4, 5 are on both sides
    assert (4, 4) not in pairs(conn) and (4, 5) in pairs(conn)


def test_all_to_all_random_weights_and_delays():
    conn = all_to_all(
        make_ctx(100, 100, seed=3), weights=Uniform(0.0, 0.5), delays=DiscreteUniform(1, 3)
    )
    w, d = conn.weights, conn.delays
    assert w.shape == d.shape == (10_000,)
    assert w.min() >= 0.0 and w.max() < 0.5
    assert abs(w.mean() - 0.25) < 5 * (0.5 / math.sqrt(12)) / 100
    assert set(np.unique(d).tolist()) == {1.0, 2.0, 3.0}


def test_all_to_all_is_vectorised():
    start = time.perf_counter()
    conn = all_to_all(make_ctx(2000, same=True), weights=1.0)
    elapsed = time.perf_counter() - start
    assert conn.csr.nnz == 2000 * 1999
    assert elapsed < 1.0  # about 0.02 s here; a per-synapse Python loop takes seconds


def test_storage_and_force_multiple_weights_are_recorded():
    conn = all_to_all(make_ctx(3), weights=1.0, force_multiple_weights=True, storage_format="csr")
    assert conn.args["force_multiple_weights"] is True and conn.args["storage_format"] == "csr"


# ----------------------------------------------------------------------------- one_to_one
def test_one_to_one_same_population_keeps_the_diagonal():
    conn = one_to_one(make_ctx(8, same=True))
    check_csr(conn.csr)
    assert pairs(conn) == {(i, i) for i in range(8)}
    assert conn.weights == 1.0


def test_one_to_one_pairs_views_in_order():
    # Reference: pre b[2:6], post d[1:5] -> post 1..4 receive from pre 2..5.
    conn = one_to_one(make_ctx(8, 5, pre_ranks=[2, 3, 4, 5], post_ranks=[1, 2, 3, 4]))
    assert conn.csr.post_ranks.tolist() == [1, 2, 3, 4]
    assert conn.csr.pre_ranks.tolist() == [2, 3, 4, 5]


def test_one_to_one_unordered_view_is_sorted_into_csr():
    conn = one_to_one(
        make_ctx(5, 5, pre_ranks=[4, 0, 2], post_ranks=[1, 3, 0]), weights=Normal(1, 0.1)
    )
    check_csr(conn.csr)
    assert pairs(conn) == {(1, 4), (3, 0), (0, 2)}
    assert conn.weights.shape == (3,)


def test_one_to_one_different_sizes_warns_and_connects_the_first_pairs():
    with pytest.warns(UserWarning, match="only the first 5 pairs"):
        conn = one_to_one(make_ctx(8, 5))
    assert pairs(conn) == {(i, i) for i in range(5)}


# ----------------------------------------------------------------------------- fixed_probability
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_fixed_probability_count_is_binomial(seed):
    n, p = 1000, 0.05
    conn = fixed_probability(make_ctx(n, same=True, seed=seed), p, weights=1.0)
    check_csr(conn.csr)
    cells = n * (n - 1)
    assert abs(conn.csr.nnz - p * cells) < 4 * math.sqrt(cells * p * (1 - p))
    assert not np.any(post_of(conn.csr) == conn.csr.pre_ranks)


def test_fixed_probability_rows_and_columns_are_uniform():
    n_pre, n_post, p = 400, 300, 0.1
    conn = fixed_probability(make_ctx(n_pre, n_post, seed=9), p, weights=1.0)
    per_pre = np.bincount(conn.csr.pre_ranks, minlength=n_pre)
    per_post = np.bincount(post_of(conn.csr), minlength=n_post)
    # Means over 400 (300) binomial counts, each of variance n p (1 - p).
    assert abs(per_pre.mean() - n_post * p) < 5 * math.sqrt(n_post * p * (1 - p) / n_pre)
    assert abs(per_post.mean() - n_pre * p) < 5 * math.sqrt(n_pre * p * (1 - p) / n_post)
    assert abs(per_post.var() - n_pre * p * (1 - p)) < 0.3 * n_pre * p * (1 - p)


def test_fixed_probability_extremes():
    assert fixed_probability(make_ctx(30, same=True), 0.0, weights=1.0).csr.nnz == 0
    assert fixed_probability(make_ctx(30, same=True), 1.0, weights=1.0).csr.nnz == 30 * 29
    one = fixed_probability(make_ctx(30, same=True), 1.0, 1.0, allow_self_connections=True)
    assert one.csr.nnz == 900


def test_fixed_probability_same_seed_same_connectivity():
    a = fixed_probability(make_ctx(200, seed=5), 0.1, weights=Uniform(0, 1))
    b = fixed_probability(make_ctx(200, seed=5), 0.1, weights=Uniform(0, 1))
    np.testing.assert_array_equal(a.csr.pre_ranks, b.csr.pre_ranks)
    np.testing.assert_array_equal(a.weights, b.weights)


def test_fixed_probability_on_a_view_uses_only_its_ranks():
    ctx = make_ctx(100, same=True, pre_ranks=np.arange(0, 80), post_ranks=np.arange(50, 100))
    conn = fixed_probability(ctx, 0.5, weights=1.0)
    check_csr(conn.csr)
    assert conn.csr.pre_ranks.max() < 80 and conn.csr.post_ranks.min() >= 50
    assert not np.any(post_of(conn.csr) == conn.csr.pre_ranks)
    cells = 80 * 50 - 30
    assert abs(conn.csr.nnz - 0.5 * cells) < 4 * math.sqrt(cells * 0.25)


def test_fixed_probability_is_vectorised():
    start = time.perf_counter()
    conn = fixed_probability(make_ctx(4000, same=True), 0.02, weights=1.0)
    elapsed = time.perf_counter() - start
    cells = 4000 * 3999
    assert abs(conn.csr.nnz - 0.02 * cells) < 4 * math.sqrt(cells * 0.02 * 0.98)
    assert elapsed < 0.5  # about 0.02 s here


# ----------------------------------------------------------------------------- fixed_number
@pytest.mark.parametrize("number", [1, 5, 40, 70, 150, 199])
def test_fixed_number_pre_exact_rows_without_duplicates_or_self(number):
    n = 200
    conn = fixed_number_pre(make_ctx(n, same=True, seed=number), number, weights=1.0)
    check_csr(conn.csr)  # strictly ascending rows: no duplicate
    assert conn.csr.nnz == number * n
    assert np.all(np.diff(conn.csr.row_ptr) == number)
    assert not np.any(post_of(conn.csr) == conn.csr.pre_ranks)


@pytest.mark.parametrize("number", [10, 120])  # the sparse and the dense sampler
def test_fixed_number_pre_chooses_pre_neurons_uniformly(number):
    n_pre, n_post = 150, 2000
    conn = fixed_number_pre(make_ctx(n_pre, n_post, seed=4), number, weights=1.0)
    counts = np.bincount(conn.csr.pre_ranks, minlength=n_pre)
    p = number / n_pre  # each pre neuron is chosen by a post neuron with this probability
    sd = math.sqrt(n_post * p * (1 - p))
    assert np.all(np.abs(counts - n_post * p) < 5 * sd)


def test_fixed_number_pre_may_use_self_when_allowed():
    conn = fixed_number_pre(make_ctx(10, same=True), 10, 1.0, allow_self_connections=True)
    assert conn.csr.nnz == 100


def test_fixed_number_pre_on_views():
    ctx = make_ctx(50, same=True, pre_ranks=np.arange(10, 20), post_ranks=[15, 40])
    conn = fixed_number_pre(ctx, 9, weights=1.0)
    assert conn.csr.post_ranks.tolist() == [15, 40]
    row15 = conn.csr.pre_ranks[:9].tolist()
    assert row15 == [10, 11, 12, 13, 14, 16, 17, 18, 19]  # all but itself
    assert set(conn.csr.pre_ranks[9:].tolist()) <= set(range(10, 20))


def test_fixed_number_post_each_pre_sends_exactly_number():
    n_pre, n_post, number = 300, 80, 12
    conn = fixed_number_post(make_ctx(n_pre, n_post, seed=2), number, weights=Uniform(1, 2))
    check_csr(conn.csr)
    assert conn.csr.nnz == n_pre * number
    assert np.all(np.bincount(conn.csr.pre_ranks, minlength=n_pre) == number)
    assert len(pairs(conn)) == conn.csr.nnz
    assert conn.weights.shape == (conn.csr.nnz,) and conn.weights.min() >= 1.0


def test_fixed_number_post_excludes_self():
    conn = fixed_number_post(make_ctx(30, same=True), 29)
    assert conn.csr.nnz == 30 * 29 and not np.any(post_of(conn.csr) == conn.csr.pre_ranks)


def test_fixed_number_pre_of_a_large_projection_is_fast():
    start = time.perf_counter()
    conn = fixed_number_pre(make_ctx(4000, same=True), 100, weights=1.0)
    assert conn.csr.nnz == 400_000 and time.perf_counter() - start < 1.0


# ----------------------------------------------------------------------------- gaussian / dog
def test_normalised_positions():
    pos = normalised_positions(np.array([0, 1, 4, 19]), (5, 4))
    np.testing.assert_allclose(pos, [[0, 0], [0, 1 / 3], [0.25, 0], [1, 1]])
    np.testing.assert_allclose(normalised_positions(np.array([3]), (1, 5)), [[0, 0.75]])


def test_gaussian_values_at_known_distances():
    # pre (5, 4) -> post (3, 3); reference values for post (0, 0) and post (0, 1).
    conn = gaussian(make_ctx(20, 9, pre_geo=(5, 4), post_geo=(3, 3)), amp=1.0, sigma=0.5)
    m = dense(conn, 9, 20)
    np.testing.assert_allclose(
        m[0, :5], [1.0, 0.800737381, 0.4111122489, 0.1353352815, 0.8824968934], rtol=1e-6
    )
    np.testing.assert_allclose(
        m[1, [0, 1, 5]], [0.6065306664, 0.9459594488, 0.8348063231], rtol=1e-6
    )
    # By hand: post (1, 1) sits at (0.5, 0.5), pre 19 at (1, 1): d^2 = 0.5.
    assert m[4, 19] == pytest.approx(math.exp(-0.5 * 0.5 / 0.25))
    assert conn.csr.nnz == 180  # reference count: nothing below 1% of amp here


def test_gaussian_limit_and_self_connections_counts():
    conn = gaussian(make_ctx(20, same=True, pre_geo=(5, 4)), amp=2.0, sigma=0.3, limit=0.05)
    assert conn.csr.nnz == 222  # reference count
    assert np.nansum(dense(conn, 20, 20)) == pytest.approx(143.0505, abs=1e-3)
    assert not np.any(post_of(conn.csr) == conn.csr.pre_ranks)
    assert np.all(np.abs(conn.weights) > 0.1)


def test_gaussian_2d_reference_totals():
    conn = gaussian(make_ctx(100, same=True, pre_geo=(10, 10)), 1.0, 0.1, limit=0.05)
    assert conn.csr.nnz == 1004 and conn.csr.n_rows == 100
    assert conn.weights.sum() == pytest.approx(315.5485, abs=1e-3)


def test_gaussian_negative_amplitude_keeps_strong_weights():
    # |w| > limit * |amp|: with sigma 0.3 and 6 neurons, distances <= 3/5 qualify.
    conn = gaussian(make_ctx(6, same=True), -1.0, 0.3, limit=0.1, allow_self_connections=True)
    assert conn.csr.nnz == 4 + 5 + 6 + 6 + 5 + 4
    assert conn.weights.max() < 0 and conn.weights.min() == -1.0


def test_dog_values_and_counts():
    conn = dog(make_ctx(6, same=True), 1.0, 0.2, 0.3, 0.7, limit=0.001)
    m = dense(conn, 6, 6)
    np.testing.assert_allclose(
        m[0, 1:],
        [0.3185290396, -0.1194744483, -0.1966618001, -0.1557995826, -0.1081306115],
        rtol=1e-6,
    )
    expected = math.exp(-0.5 * 0.04 / 0.04) - 0.3 * math.exp(-0.5 * 0.04 / 0.49)
    assert m[3, 4] == pytest.approx(expected)
    assert conn.csr.nnz == 30


def test_dog_2d_reference_totals():
    conn = dog(make_ctx(100, same=True, pre_geo=(10, 10)), 1.0, 0.1, 0.5, 0.3, limit=0.05)
    assert conn.csr.nnz == 6904
    assert conn.weights.sum() == pytest.approx(-997.7125, abs=1e-3)


def test_gaussian_on_a_view_keeps_population_positions():
    full = dense(gaussian(make_ctx(16, same=True, pre_geo=(4, 4)), 1.0, 0.4), 16, 16)
    ctx = make_ctx(16, same=True, pre_geo=(4, 4), pre_ranks=[5, 6, 9, 10], post_ranks=[0, 5, 15])
    view = dense(gaussian(ctx, 1.0, 0.4), 16, 16)
    cols = [5, 6, 9, 10]
    np.testing.assert_array_equal(view[np.ix_([0, 5, 15], cols)], full[np.ix_([0, 5, 15], cols)])


def test_spatial_delays_from_distribution():
    conn = gaussian(make_ctx(50), 1.0, 0.2, delays=Uniform(1.0, 2.0))
    assert conn.delays.shape == (conn.csr.nnz,) and conn.delays.min() >= 1.0


# ----------------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    "call, words",
    [
        (
            lambda c: fixed_probability(c, 1.5, weights=1.0),
            r"'probability' must be in \[0.0, 1.0\]",
        ),
        (lambda c: fixed_probability(c, -0.1, weights=1.0), "probability"),
        (lambda c: fixed_number_pre(c, 10, weights=1.0), "number=10 exceeds the 9 pre"),
        (lambda c: fixed_number_post(c, 11), "number=11 exceeds the 9 post"),
        (lambda c: fixed_number_pre(c, -1, weights=1.0), "'number'"),
        (lambda c: fixed_number_pre(c, 2.5, weights=1.0), "integer"),
        (lambda c: all_to_all(c, weights=1.0, delays=-1.0), "delays must be >= 0"),
        (lambda c: all_to_all(c, weights=1.0, delays=Normal(0.0, 1.0)), "min=0.0"),
        (lambda c: all_to_all(c, weights=[1.0, 2.0]), "from_matrix"),
        (lambda c: all_to_all(c, weights="a"), "number or a RandomDistribution"),
        (lambda c: all_to_all(c, weights=float("nan")), "finite"),
        (lambda c: gaussian(c, 1.0, 0.0), "'sigma' must be positive"),
        (lambda c: gaussian(c, 1.0, 0.2, limit=-1.0), "'limit'"),
        (lambda c: dog(c, 1.0, 0.1, 0.5, -0.3), "sigma_neg must be positive"),
    ],
)
def test_invalid_arguments(call, words):
    with pytest.raises(ConnectorError, match=words) as info:
        call(make_ctx(10, same=True, name="exc_proj"))
    assert isinstance(info.value, ANNarchyException)
    assert "Projection 'exc_proj'" in str(info.value)


def test_gaussian_needs_the_same_number_of_dimensions():
    with pytest.raises(ConnectorError, match="same number of dimensions"):
        gaussian(make_ctx(8, 16, post_geo=(4, 4)), 1.0, 0.2)


def test_view_with_a_repeated_neuron_is_an_error():
    with pytest.raises(ConnectorError, match="twice"):
        all_to_all(make_ctx(5, pre_ranks=[1, 1, 2]), weights=1.0)
