"""The pre-synaptic index of a CSR (synapses grouped by pre rank, CSR order within a rank),
built by blocks with numpy or by a backend's native builder."""

from __future__ import annotations

import numpy as np
import pytest
from ANNarchy.core.network_ir import CSR
from annarchy_codegen import connectivity


def random_csr(seed: int, npre: int, npost: int, nnz: int) -> CSR:
    rng = np.random.default_rng(seed)
    cells = np.unique(rng.integers(0, npre * npost, nnz))
    rows, pre = np.divmod(cells, npre)
    post_ranks, counts = np.unique(rows, return_counts=True)
    row_ptr = np.concatenate(([0], np.cumsum(counts)))
    return CSR(
        post_ranks=post_ranks.astype(np.int32), row_ptr=row_ptr, pre_ranks=pre.astype(np.int32)
    )


def expected_index(csr: CSR, npre: int):
    order = np.argsort(csr.pre_ranks, kind="stable")
    rows = np.repeat(csr.post_ranks, np.diff(csr.row_ptr))
    counts = np.bincount(csr.pre_ranks, minlength=npre)
    return np.concatenate(([0], np.cumsum(counts))), order, rows[order]


@pytest.mark.parametrize("npre", [1, 7, 1000, 70_000])
def test_numpy_pre_index_by_blocks_is_the_stable_sort(monkeypatch, npre):
    monkeypatch.setattr(connectivity, "PRE_INDEX_BLOCK", 1234)
    csr = random_csr(npre, npre, 300, 40_000)
    pre_ptr, pre_syn, pre_post = connectivity.pre_index(csr, npre)
    ptr, order, post = expected_index(csr, npre)
    np.testing.assert_array_equal(pre_ptr, ptr)
    np.testing.assert_array_equal(pre_syn, order)
    np.testing.assert_array_equal(pre_post, post)
    assert pre_syn.dtype == np.int32 and pre_post.dtype == np.int32 and pre_ptr.dtype == np.int64


def test_native_builder_is_used_and_numpy_is_the_fallback():
    csr = random_csr(0, 50, 40, 500)
    calls = []

    def native(pre, row_ptr, post, npre, pre_ptr, pre_syn, pre_post):
        calls.append(npre)
        pre_ptr[:] = 7
        return True

    assert connectivity.pre_index(csr, 50, native=native)[0][0] == 7
    ptr, order, post = expected_index(csr, 50)
    _, pre_syn, pre_post = connectivity.pre_index(csr, 50, native=lambda *args: False)
    np.testing.assert_array_equal(pre_syn, order)
    assert calls == [50]
    assert connectivity.pre_index(csr, 50, with_post=False)[2] is None


def test_pre_rank_outside_the_population_is_refused():
    csr = random_csr(1, 50, 40, 500)
    with pytest.raises(ValueError, match="outside"):
        connectivity.pre_index(csr, 10)


def test_synapse_indices_are_int32_below_two_billion_synapses():
    assert connectivity.index_dtype(2**31 - 1) == np.int32
    assert connectivity.index_dtype(2**31) == np.int64
