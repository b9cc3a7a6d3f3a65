"""The native (pybind11) helpers of the backend: the pre-synaptic index by a counting sort, and
the connectivity arrays of a compiled network without per-synapse copies."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest
from annarchy_openmp import native

pytestmark = pytest.mark.skipif(native.pre_index32 is None, reason="native helpers not built")


@pytest.mark.parametrize("threads", [0, 1, 2, 3])
def test_native_pre_index_is_the_stable_sort_by_pre_rank(threads):
    # threads share the scatter by ranges of pre-synaptic ranks holding equal numbers of
    # synapses (0: one thread below a million synapses, as here); a rank holding 1,000 of the
    # ~50,000 synapses stays whole in one range
    rng = np.random.default_rng(0)
    npre, rows = 70_000, 500
    counts = rng.integers(0, 200, rows)
    row_ptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    pre = rng.integers(0, npre, int(row_ptr[-1])).astype(np.int32)
    pre[:1000] = 5  # a rank with many synapses: a range of its own
    post = np.sort(rng.choice(10_000, rows, replace=False)).astype(np.int32)
    for dtype in (np.int32, np.int64):
        pre_ptr = np.empty(npre + 1, np.int64)
        pre_syn = np.empty(pre.size, dtype)
        pre_post = np.empty(pre.size, np.int32)
        assert native.pre_index(pre, row_ptr, post, npre, pre_ptr, pre_syn, pre_post, threads)
        order = np.argsort(pre, kind="stable")
        np.testing.assert_array_equal(pre_syn, order)
        np.testing.assert_array_equal(pre_post, np.repeat(post, counts)[order])
        np.testing.assert_array_equal(pre_ptr[1:], np.cumsum(np.bincount(pre, minlength=npre)))


def test_native_pre_index_on_more_threads_than_ranks():
    pre = np.array([1, 0, 1, 1], np.int32)
    row_ptr = np.array([0, 2, 4], np.int64)
    post = np.array([3, 7], np.int32)
    out = (np.empty(3, np.int64), np.empty(4, np.int32), np.empty(4, np.int32))
    assert native.pre_index(pre, row_ptr, post, 2, *out, threads=5)
    np.testing.assert_array_equal(out[0], [0, 1, 4])
    np.testing.assert_array_equal(out[1], [1, 0, 2, 3])
    np.testing.assert_array_equal(out[2], [3, 3, 7, 7])


def test_native_pre_index_refuses_a_rank_outside_the_population():
    pre = np.array([0, 5], np.int32)
    row_ptr = np.array([0, 2], np.int64)
    post = np.array([0], np.int32)
    out = np.empty(5, np.int64), np.empty(2, np.int32), np.empty(2, np.int32)
    with pytest.raises(ValueError, match="outside"):
        native.pre_index(pre, row_ptr, post, 4, *out)


def test_compiled_spiking_projection_holds_16_bytes_per_synapse(tmp_path):
    """pre_ranks (the connector's own array), pre_syn, syn_row and pre_post: int32 each (the
    synapse index was int64); one shared weight allocates no per-synapse array."""
    neuron = ann.Neuron(equations="dv/dt = -v", spike="v > 1", reset="v = 0")
    net = ann.Network(seed=2)
    pop = net.create(400, neuron)
    proj = net.connect(pop, pop, "exc")
    proj.fixed_probability(probability=0.1, weights=0.5)
    net.compile(directory=str(tmp_path), silent=True)
    arrays = {
        name: a for (owner, name), a in net._runtime._state.arrays.items() if owner == proj.owner
    }
    nnz = proj.nb_synapses
    per_synapse = {name: a for name, a in arrays.items() if a.size == nnz}
    assert sorted(per_synapse) == ["pre_post", "pre_ranks", "pre_syn", "syn_row"]
    assert sum(a.nbytes for a in per_synapse.values()) == 16 * nnz
    assert arrays["pre_ranks"] is proj.connectivity.csr.pre_ranks or np.shares_memory(
        arrays["pre_ranks"], proj.connectivity.csr.pre_ranks
    )
    pre = np.asarray(proj.connectivity.csr.pre_ranks)
    np.testing.assert_array_equal(arrays["pre_syn"], np.argsort(pre, kind="stable"))


def test_connector_weights_are_shared_until_written(tmp_path):
    """One copy of the per-synapse weights of a non-plastic projection (connector, projection,
    the values kept for reset() and the library's array); a write copies it first."""
    pre_neuron = ann.Neuron(equations="r = 1.0")
    post_neuron = ann.Neuron(equations="r = sum(exc)")
    net = ann.Network(seed=3)
    pre, post = net.create(30, pre_neuron), net.create(20, post_neuron)
    proj = net.connect(pre, post, "exc")
    proj.fixed_probability(probability=0.5, weights=ann.Uniform(0.0, 1.0))
    net.compile(directory=str(tmp_path), silent=True)
    weights = proj.connectivity.weights
    runtime = net._runtime
    assert runtime._state.arrays[(proj.owner, "w")] is weights
    assert runtime._initial[(proj.owner, "w")] is weights
    rows = np.repeat(proj.connectivity.csr.post_ranks, np.diff(proj.connectivity.csr.row_ptr))
    sums = np.bincount(rows, weights=weights, minlength=20)
    net.step()
    net.step()  # the sums of a step read the rates of the step before
    np.testing.assert_allclose(post.r, sums)
    proj.w = 2.0  # written: the library gets a copy, the initial values stay
    assert runtime._state.arrays[(proj.owner, "w")] is not weights
    net.step()
    np.testing.assert_allclose(post.r, 2.0 * np.bincount(rows, minlength=20))
    np.testing.assert_array_equal(proj._initial["w"], weights)
    net.reset(synapses=True)
    net.step()
    net.step()
    np.testing.assert_allclose(post.r, sums)
    np.testing.assert_allclose(np.concatenate(proj.w), weights)


def test_native_pre_index_declines_outputs_it_would_have_to_convert():
    pre, row_ptr, post = (
        np.array([1, 0], np.int32),
        np.array([0, 2], np.int64),
        np.zeros(1, np.int32),
    )
    wrong_ptr = np.zeros(3, np.int32)  # int64 expected
    assert not native.pre_index(
        pre, row_ptr, post, 2, wrong_ptr, np.empty(2, np.int32), np.empty(2, np.int32)
    )
    assert not wrong_ptr.any()
