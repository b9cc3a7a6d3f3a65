"""The public helpers of ``ANNarchy.plugin`` that build a connector's result."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy import plugins
from ANNarchy.plugin import (
    ConnectContext,
    ConnectorError,
    connectivity_from_pairs,
    csr_from_pairs,
    empty_csr,
    hookimpl,
    in_csr_order,
    register_plugin,
    synapse_values,
)


def _ctx(seed=1):
    return ConnectContext(
        pre_ranks=np.arange(4),
        post_ranks=np.arange(3),
        pre_geometry=(4,),
        post_geometry=(3,),
        same_population=False,
        rng=np.random.default_rng(seed),
        dt=0.5,
        name="p",
    )


def test_csr_from_pairs_sorts_rows_and_columns():
    csr, order = csr_from_pairs(pre=[3, 0, 1, 2], post=[2, 2, 0, 0])
    assert csr.post_ranks.tolist() == [0, 2]
    assert csr.row_ptr.tolist() == [0, 2, 4]
    assert csr.pre_ranks.tolist() == [1, 2, 0, 3]
    assert order.tolist() == [2, 3, 1, 0]
    assert in_csr_order(np.array([10.0, 20.0, 30.0, 40.0]), order).tolist() == [30, 40, 20, 10]
    assert in_csr_order(5.0, order) == 5.0
    _, same = csr_from_pairs(pre=[0, 1], post=[0, 0])
    assert same is None


def test_csr_from_pairs_errors_name_projection_and_connector():
    with pytest.raises(ConnectorError, match=r"Projection 'p'.ring\(\): the synapse from pre"):
        csr_from_pairs([1, 1], [0, 0], ctx=_ctx(), connector="ring")
    with pytest.raises(ConnectorError, match="2 pre-synaptic ranks for 1 post ranks"):
        csr_from_pairs([1, 2], [0])
    assert empty_csr().nnz == 0 and empty_csr().row_ptr.tolist() == [0]


def test_synapse_values_samples_in_csr_order():
    values = synapse_values(_ctx(7), ann.Uniform(0.0, 1.0), 5)
    expected = np.random.default_rng(7).uniform(0.0, 1.0, 5)
    np.testing.assert_array_equal(values, expected)
    assert synapse_values(_ctx(), 2, 5) == 2.0
    with pytest.raises(ConnectorError, match="delays must be >= 0 ms, got -1.0"):
        synapse_values(_ctx(), -1.0, 3, what="delays", connector="ring")


def test_connectivity_from_pairs_reorders_per_pair_values():
    conn = connectivity_from_pairs(
        _ctx(), [3, 0, 1], [2, 2, 0], weights=[1.0, 2.0, 3.0], delays=1.5, connector="ring"
    )
    assert conn.csr.pre_ranks.tolist() == [1, 0, 3]
    assert conn.weights.tolist() == [3.0, 2.0, 1.0]
    assert conn.delays == 1.5 and conn.connector == "ring"
    with pytest.raises(ConnectorError, match="2 weights for 3 synapses"):
        connectivity_from_pairs(_ctx(), [3, 0, 1], [2, 2, 0], weights=[1.0, 2.0])
    with pytest.raises(ConnectorError, match="finite"):
        connectivity_from_pairs(_ctx(), [0], [0], weights=[np.nan])


def ring(ctx, weights=1.0):
    """Each post neuron i receives from pre neurons i and i+1 (modulo the pre size)."""
    post = np.repeat(ctx.post_ranks, 2)
    pre = (post + np.tile([1, 0], ctx.post_ranks.size)) % ctx.pre_ranks.size
    return connectivity_from_pairs(ctx, pre, post, weights, connector="ring")


class RingPlugin:
    @hookimpl
    def register_connectors(self, register):
        register.add("test_ring", ring)


def test_a_plugin_connector_built_with_the_helpers(fake_backend, rate_neuron):
    plugin = RingPlugin()
    register_plugin(plugin, name="ring-plugin")
    try:
        net = ann.Network(seed=3)
        pre, post = net.create(4, rate_neuron), net.create(4, rate_neuron)
        proj = net.connect(pre, post, "exc")
        proj.test_ring(weights=ann.Uniform(0.0, 1.0))
        assert proj.nb_synapses == 8
        assert [d.pre_ranks for d in proj.dendrites] == [[0, 1], [1, 2], [2, 3], [0, 3]]
        assert np.all((np.concatenate(proj.w) >= 0.0) & (np.concatenate(proj.w) < 1.0))
    finally:
        plugins.manager().unregister(plugin)
        plugins.refresh()
