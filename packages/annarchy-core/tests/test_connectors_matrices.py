"""Matrix connectors (from_matrix, from_sparse, from_matrix_market), user-defined patterns
(from_function, LILConnectivity) and the sparse helpers. Expected ranks and values for views and
Matrix Market files were printed by the reference implementation (ANNarchy 5.0.4.1)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.io
import scipy.sparse as sp
from ANNarchy.connectors import (
    ConnectorError,
    LILConnectivity,
    SideView,
    from_function,
    from_matrix,
    from_matrix_market,
    from_sparse,
    sparse_delays_from_weights,
    sparse_random_matrix,
)
from ANNarchy.random import Normal, Uniform
from connector_helpers import check_csr, dense, make_ctx, pairs


# ----------------------------------------------------------------------------- from_matrix
def test_from_matrix_round_trip_with_none_nan_and_zero():
    w = np.array([[1.0, 0.0, np.nan, 2.0, None, 3.0, 4.0, 5.0]] * 3, dtype=object)
    conn = from_matrix(make_ctx(8, 3), w)
    check_csr(conn.csr)
    # Reference: None creates no synapse, 0.0 does; NaN (the float "None") creates none here.
    assert conn.csr.nnz == 18
    assert conn.csr.pre_ranks[:6].tolist() == [0, 1, 3, 5, 6, 7]
    expected = np.array([[1.0, 0.0, np.nan, 2.0, np.nan, 3.0, 4.0, 5.0]] * 3)
    np.testing.assert_array_equal(dense(conn, 3, 8), expected)


def test_from_matrix_synfire_chain_from_lists():
    n = 20
    w = [[None] * n for _ in range(n)]
    for i in range(n):
        w[i][(i - 1) % n] = 1.0
    conn = from_matrix(make_ctx(n, same=True), w)
    assert pairs(conn) == {(i, (i - 1) % n) for i in range(n)}
    np.testing.assert_array_equal(conn.weights, np.ones(n))


def test_from_matrix_on_views_uses_view_order():
    # Reference: pre b[1:4], post d[3:5], weights arange(6).reshape(2, 3).
    conn = from_matrix(
        make_ctx(8, 5, pre_ranks=[1, 2, 3], post_ranks=[3, 4]), np.arange(6.0).reshape(2, 3)
    )
    assert conn.csr.post_ranks.tolist() == [3, 4]
    assert conn.csr.pre_ranks.tolist() == [1, 2, 3, 1, 2, 3]
    np.testing.assert_array_equal(conn.weights, np.arange(6.0))


def test_from_matrix_unsorted_view_reorders_values():
    conn = from_matrix(make_ctx(4, 2, pre_ranks=[3, 0]), [[1.0, 2.0], [3.0, 4.0]])
    assert conn.csr.pre_ranks.tolist() == [0, 3, 0, 3]
    np.testing.assert_array_equal(conn.weights, [2.0, 1.0, 4.0, 3.0])


def test_from_matrix_pre_post_and_delay_matrix():
    w = np.arange(24.0).reshape(8, 3)  # (pre, post)
    d = w / 10
    conn = from_matrix(make_ctx(8, 3), w, delays=d, pre_post=True)
    np.testing.assert_array_equal(dense(conn, 3, 8), w.T)
    np.testing.assert_allclose(dense(conn, 3, 8, "delays"), d.T)


def test_from_matrix_random_delays():
    conn = from_matrix(make_ctx(10), np.ones((10, 10)), delays=Uniform(1.0, 3.0))
    assert conn.delays.shape == (100,) and 1.0 <= conn.delays.min() and conn.delays.max() < 3.0


@pytest.mark.parametrize(
    "weights, kwargs, words",
    [
        (np.ones((8, 5)), {}, r"shape \(8, 5\), expected \(post, pre\) = \(5, 8\)"),
        (np.ones((5, 8)), {"pre_post": True}, r"expected \(pre, post\) = \(8, 5\)"),
        (np.ones(40), {}, "2-D"),
        ([[1.0, 2.0], [3.0]], {}, "equal length"),
        ([["a"] * 8] * 5, {}, "neither numbers nor None"),
        (np.full((5, 8), np.inf), {}, "finite"),
        (np.ones((5, 8)), {"delays": -np.ones((5, 8))}, "delays must be >= 0"),
        (np.ones((5, 8)), {"delays": np.ones((8, 5))}, "'delays' has shape"),
        (np.ones((5, 8)), {"delays": np.full((5, 8), np.nan)}, "None/NaN"),
        (sp.lil_matrix((5, 8)), {}, "from_sparse"),
    ],
)
def test_from_matrix_errors(weights, kwargs, words):
    with pytest.raises(ConnectorError, match=words):
        from_matrix(make_ctx(8, 5), weights, **kwargs)


# ----------------------------------------------------------------------------- from_sparse
def _reference_sparse():
    w = sp.lil_matrix((8, 3))
    w[0, 1], w[3, 1], w[5, 2] = 1.5, 2.5, -1.0
    return w


@pytest.mark.parametrize("fmt", ["lil", "csr", "csc", "coo"])
def test_from_sparse_pre_is_the_first_index(fmt):
    conn = from_sparse(make_ctx(8, 3), _reference_sparse().asformat(fmt), delays=0.3)
    check_csr(conn.csr)
    # Reference: post_ranks [1, 2], pre_ranks [[0, 3], [5]], w [[1.5, 2.5], [-1.0]].
    assert conn.csr.post_ranks.tolist() == [1, 2]
    assert conn.csr.pre_ranks.tolist() == [0, 3, 5]
    np.testing.assert_array_equal(conn.weights, [1.5, 2.5, -1.0])
    assert conn.delays == 0.3


def test_from_sparse_with_sparse_delays_round_trip():
    w = sparse_random_matrix(50, 40, 0.2, Uniform(0.0, 1.0), rng=np.random.default_rng(1))
    d = sparse_delays_from_weights(w, Uniform(1.0, 5.0), rng=np.random.default_rng(2))
    conn = from_sparse(make_ctx(50, 40), w, delays=d)
    np.testing.assert_array_equal(np.nan_to_num(dense(conn, 40, 50)), w.toarray().T)
    np.testing.assert_array_equal(np.nan_to_num(dense(conn, 40, 50, "delays")), d.toarray().T)


def test_from_sparse_views_and_explicit_zeros():
    w = sp.csr_matrix((np.array([0.0, 2.0]), ([0, 1], [1, 0])), shape=(2, 2))
    conn = from_sparse(make_ctx(10, 10, pre_ranks=[4, 7], post_ranks=[1, 9]), w)
    assert pairs(conn) == {(9, 4), (1, 7)}
    np.testing.assert_array_equal(conn.weights, [2.0, 0.0])  # CSR order: post 1 first


@pytest.mark.parametrize(
    "weights, delays, words",
    [
        (np.ones((8, 3)), 0.0, "scipy sparse matrix"),
        (sp.lil_matrix((3, 8)), 0.0, r"expected \(pre, post\) = \(8, 3\)"),
        (_reference_sparse(), sp.lil_matrix((8, 3)), "same shape and stored entries"),
        (_reference_sparse(), -2.0, "delays must be >= 0"),
    ],
)
def test_from_sparse_errors(weights, delays, words):
    with pytest.raises(ConnectorError, match=words):
        from_sparse(make_ctx(8, 3), weights, delays=delays)


# ----------------------------------------------------------------------------- matrix market
def test_from_matrix_market_rows_are_post(tmp_path):
    path = tmp_path / "w.mtx"
    scipy.io.mmwrite(
        path, sp.coo_matrix(np.array([[1.0, 0, 2.0, 0], [0, 3.0, 0, 0], [4.0, 0, 0, 5.0]]))
    )
    conn = from_matrix_market(make_ctx(4, 3), path)
    # Reference: post [0, 1, 2], pre [[0, 2], [1], [0, 3]], w [[1, 2], [3], [4, 5]].
    assert conn.csr.post_ranks.tolist() == [0, 1, 2]
    assert conn.csr.pre_ranks.tolist() == [0, 2, 1, 0, 3]
    np.testing.assert_array_equal(conn.weights, [1.0, 2.0, 3.0, 4.0, 5.0])
    assert conn.connector == "from_matrix_market"


def test_from_matrix_market_errors(tmp_path):
    path = tmp_path / "w.mtx"
    scipy.io.mmwrite(path, sp.coo_matrix(np.ones((4, 3))))
    with pytest.raises(ConnectorError, match=r"expected \(post, pre\) = \(3, 4\)"):
        from_matrix_market(make_ctx(4, 3), path)
    with pytest.raises(ConnectorError, match="cannot read"):
        from_matrix_market(make_ctx(4, 3), tmp_path / "missing.mtx")


# ----------------------------------------------------------------------------- from_function
def probabilistic_pattern(pre, post, dt, weight, probability):
    rng = np.random.default_rng(0)
    synapses = LILConnectivity(dt=dt)
    for post_rank in range(post.size):
        ranks = [r for r in range(pre.size) if rng.random() < probability]
        synapses.add(post_rank, ranks, [weight] * len(ranks), [0.0] * len(ranks))
    return synapses


def test_from_function_with_the_manual_pattern():
    conn = from_function(make_ctx(100, 60), probabilistic_pattern, weight=2.0, probability=0.3)
    check_csr(conn.csr)
    cells = 100 * 60
    assert abs(conn.csr.nnz - 0.3 * cells) < 4 * math.sqrt(cells * 0.21)
    assert np.all(conn.weights == 2.0) and np.all(conn.delays == 0.0)
    assert conn.connector == "from_function" and conn.args["probability"] == 0.3


def test_from_function_receives_the_population_objects_and_dt():
    seen = {}

    def pattern(pre, post, dt):
        seen.update(pre=pre, post=post, dt=dt)
        lil = LILConnectivity(dt=dt)
        lil.add(4, [3, 1], [0.5, 0.25], [1.0, 2.0])
        lil.add(2, [1], 1.5)  # scalar weight, default delay
        return lil

    conn = from_function(make_ctx(5, 5, pre_obj="PRE", post_obj="POST"), pattern)
    assert seen == {"pre": "PRE", "post": "POST", "dt": 0.1}
    assert pairs(conn) == {(4, 3), (4, 1), (2, 1)}
    np.testing.assert_array_equal(conn.weights, [1.5, 0.25, 0.5])  # CSR order
    np.testing.assert_array_equal(conn.delays, [0.0, 2.0, 1.0])


def test_side_view_offers_population_helpers():
    side = SideView(np.array([3, 4, 5]), (3, 4))
    assert side.size == 3 and side.dimension == 2
    assert side.rank_from_coordinates((1, 2)) == 6
    assert side.coordinates_from_rank(7) == (1, 3)


def test_from_function_may_return_a_sparse_matrix():
    def pattern(pre, post, dt):
        return sp.csr_matrix(np.eye(pre.size, post.size))

    conn = from_function(make_ctx(4, 3), pattern)
    assert pairs(conn) == {(0, 0), (1, 1), (2, 2)}


@pytest.mark.parametrize(
    "pattern, words",
    [
        (lambda pre, post, dt: [1, 2], "must return a LILConnectivity"),
        (lambda pre, post, dt: _lil((9, [0])), "post-synaptic rank 9"),
        (lambda pre, post, dt: _lil((0, [1, 1])), "defined twice"),
        (lambda pre, post, dt: _lil((0, [7])), "pre-synaptic rank 7"),
        (lambda pre, post, dt: _lil((0, [1]), d=-1.0), "delays must be >= 0"),
    ],
)
def test_from_function_errors(pattern, words):
    with pytest.raises(ConnectorError, match=words):
        from_function(make_ctx(5, 5, pre_ranks=[0, 1, 2]), pattern)


def _lil(*rows, d=0.0):
    lil = LILConnectivity()
    for r, pre in rows:
        lil.add(r, pre, 1.0, d)
    return lil


def test_lil_add_checks_lengths():
    lil = LILConnectivity(dt=0.1)
    with pytest.raises(ConnectorError, match="2 values for 3"):
        lil.add(0, [1, 2, 3], [1.0, 2.0])
    lil.add(0, [1, 2], [1.0, 2.0])
    assert lil.size == 1 and lil.nb_synapses == 2


# ----------------------------------------------------------------------------- sparse helpers
def test_sparse_random_matrix_density_and_values():
    m = sparse_random_matrix(
        pre=300, post=200, proba=0.1, weights=0.7, rng=np.random.default_rng(4)
    )
    assert isinstance(m, sp.lil_matrix) and m.shape == (300, 200)
    cells = 60_000
    assert abs(m.nnz - 0.1 * cells) < 4 * math.sqrt(cells * 0.09)
    assert np.all(m.tocsr().data == 0.7)


def test_sparse_random_matrix_aliases_and_population_sizes():
    class Pop:
        size = 40

    m = sparse_random_matrix(pre=Pop(), post=Pop(), p=1.0, w=Normal(0.0, 1.0))
    assert m.nnz == 1600


def test_sparse_delays_from_weights_keeps_structure():
    w = _reference_sparse()
    d = sparse_delays_from_weights(w, 2.0)
    assert d.shape == w.shape and d.nnz == 3
    np.testing.assert_array_equal(d.toarray() != 0, w.toarray() != 0)


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: sparse_random_matrix(10, 10, 1.5, 1.0), r"probability in \[0, 1\]"),
        (lambda: sparse_random_matrix(10, 10, 0.5), "'weights' is required"),
        (lambda: sparse_random_matrix(10, 10, 0.5, 1.0, p=0.3), "not both"),
        (lambda: sparse_random_matrix("x", 10, 0.5, 1.0), "'pre'"),
        (lambda: sparse_random_matrix(10, 10, 0.5, [1.0]), "number or a RandomDistribution"),
        (lambda: sparse_delays_from_weights(np.ones((2, 2)), 1.0), "scipy sparse"),
        (lambda: sparse_delays_from_weights(_reference_sparse(), -1.0), "delays must be >= 0"),
    ],
)
def test_sparse_helper_errors(call, words):
    with pytest.raises(ConnectorError, match=words):
        call()
