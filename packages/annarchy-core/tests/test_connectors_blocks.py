"""Large connectivities: fixed_probability samples by blocks straight into the final CSR, with
the random stream (hence the synapses for a seed) of the single-draw sampler, and the
projection keeps the connector's arrays without copies."""

from __future__ import annotations

import tracemalloc

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.connectors import _util, fixed_probability
from connector_helpers import check_csr, make_ctx

# Measured before the sampler drew by blocks (one draw of all the gaps): for each seed, the
# synapses of pop[:1500] -> pop (2,000 neurons, p = 0.1, Uniform(0, 1) weights): nnz, the sum
# of the pre ranks, the sum of row_ptr, the sum of the weights and the next draw of the
# network's generator (the stream consumed by the connector is the same).
EXPECTED = {
    1: (301399, 225770737, 301489263, 150773.411885, 0.12485356589420304),
    7: (300281, 225176793, 300376780, 149957.891215, 0.2849732459899842),
    42: (300452, 225251590, 300108986, 150033.586677, 0.42730266368316405),
}
N = ann.Neuron(equations="r = 0")


@pytest.mark.parametrize("seed", sorted(EXPECTED))
@pytest.mark.parametrize("block", [1000, 65_536])
def test_fixed_probability_by_blocks_gives_the_synapses_of_a_single_draw(monkeypatch, seed, block):
    monkeypatch.setattr(_util, "BERNOULLI_BLOCK", block)
    net = ann.Network(seed=seed)
    pop = net.create(2000, N)
    proj = net.connect(pop[:1500], pop, "exc")
    proj.fixed_probability(probability=0.1, weights=ann.Uniform(0.0, 1.0))
    csr = proj.connectivity.csr
    check_csr(csr)
    nnz, pre_sum, ptr_sum, w_sum, next_draw = EXPECTED[seed]
    assert csr.nnz == nnz
    assert int(np.asarray(csr.pre_ranks, np.int64).sum()) == pre_sum
    assert int(np.asarray(csr.row_ptr).sum()) == ptr_sum
    assert float(np.sum(proj.connectivity.weights)) == pytest.approx(w_sum, abs=1e-5)
    assert net.default_rng.random() == next_draw


def test_bernoulli_blocks_consume_the_generator_as_one_draw():
    total, p = 10**6, 0.05
    ref = np.random.default_rng(3)
    gaps = ref.geometric(p, int(total * p + 6 * np.sqrt(total * p) + 16))
    expected = np.cumsum(gaps) - 1
    expected = expected[expected < total]
    rng = np.random.default_rng(3)
    blocks = list(_util.bernoulli_blocks(rng, p, total, block=777))
    assert max(b.size for b in blocks) <= 777
    np.testing.assert_array_equal(np.concatenate(blocks), expected)
    assert rng.random() == ref.random()


def test_fixed_probability_writes_int32_ranks_in_bounded_memory(monkeypatch):
    """About 2 million synapses: the peak is the final int32 array (4 bytes per synapse) plus
    one block; sampling all the gaps at once peaked at 41 bytes per synapse."""
    monkeypatch.setattr(_util, "BERNOULLI_BLOCK", 1 << 16)
    ctx = make_ctx(2000, 2000, same=True, seed=5)
    tracemalloc.start()
    try:
        conn = fixed_probability(ctx, 0.5, weights=1.0)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    nnz = conn.csr.nnz
    assert 1_990_000 < nnz < 2_010_000
    assert conn.csr.pre_ranks.dtype == np.int32
    assert not np.any(
        np.repeat(conn.csr.post_ranks, np.diff(conn.csr.row_ptr)) == conn.csr.pre_ranks
    )
    assert peak < 6.0 * nnz


def test_projection_keeps_the_connectors_weights_without_copies():
    net = ann.Network(seed=1)
    pop = net.create(300, N)
    proj = net.connect(pop, pop, "exc")
    proj.fixed_probability(probability=0.2, weights=ann.Uniform(0.0, 1.0))
    weights = proj.connectivity.weights
    assert proj._values["w"] is weights
    proj._snapshot()
    assert proj._initial["w"] is weights
    assert proj._compiled_synapses[2]["w"] is weights


def test_gaussian_keeps_final_types_per_block(monkeypatch):
    """40x40 -> 40x40: the same synapses and weights as the distances computed at once, in at
    most 24 bytes per synapse (int32 rank + float weight, blocks freed as they are copied)."""
    from ANNarchy.connectors import gaussian, spatial

    monkeypatch.setattr(spatial, "_BLOCK", 1 << 14)
    ctx = make_ctx(1600, 1600, pre_geo=(40, 40), post_geo=(40, 40))
    tracemalloc.start()
    try:
        conn = gaussian(ctx, 2.0, 0.15)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    xy = np.stack(np.unravel_index(np.arange(1600), (40, 40)), axis=1) / 39.0
    d2 = ((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2)
    w = 2.0 * np.exp(-0.5 * d2 / 0.15**2)
    rows, cols = np.nonzero(np.abs(w) > 0.02)
    check_csr(conn.csr)
    assert conn.csr.nnz == rows.size
    np.testing.assert_array_equal(conn.csr.pre_ranks, cols)
    np.testing.assert_allclose(conn.weights, w[rows, cols], rtol=1e-12)
    assert conn.csr.pre_ranks.dtype == np.int32
    assert peak < 24 * rows.size


def test_from_sparse_on_ascending_views_uses_the_matrix_as_stored():
    """The post-major copy of the matrix is the CSR: no (post, pre) pairs to sort (76 bytes per
    synapse at the peak before, now the copy and the result: 24 to 25)."""
    import scipy.sparse as sp
    from ANNarchy.connectors import from_sparse

    w = sp.random(400, 500, density=0.2, format="csr", random_state=2)
    ctx = make_ctx(1000, 1000, pre_ranks=np.arange(100, 500), post_ranks=np.arange(500, 1000))
    tracemalloc.start()
    try:
        conn = from_sparse(ctx, w)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    check_csr(conn.csr)
    dense = np.zeros((1000, 1000))
    rows = np.repeat(conn.csr.post_ranks, np.diff(conn.csr.row_ptr))
    dense[rows, conn.csr.pre_ranks] = conn.weights
    expected = np.zeros((1000, 1000))
    expected[500:, 100:500] = w.toarray().T
    np.testing.assert_array_equal(dense, expected)
    assert conn.csr.nnz == w.nnz == 40_000
    assert peak < 30 * w.nnz
