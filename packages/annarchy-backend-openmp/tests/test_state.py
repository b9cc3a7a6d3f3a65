"""The pre-synaptic index of spiking projections: a stable sort by pre-synaptic rank."""

from __future__ import annotations

import numpy as np
import pytest
from annarchy_openmp.state import pre_order


@pytest.mark.parametrize("npre", [1, 7, 65536, 65537, 300000])
def test_pre_order_is_the_stable_sort_by_pre_rank(npre):
    rng = np.random.default_rng(npre)
    pre = rng.integers(0, npre, 50000).astype(np.int32)
    order = pre_order(pre, npre)
    np.testing.assert_array_equal(order, np.argsort(pre, kind="stable"))
    assert np.all(np.diff(pre[order]) >= 0)
