"""What a connector returns is checked at the boundary: a plugin connector that breaks the CSR
contract raises ConnectorError naming it (before, out-of-range ranks reached the generated code)."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy import plugins
from ANNarchy.connectors import Connectivity, ConnectorError
from ANNarchy.connectors.patterns import all_to_all
from ANNarchy.connectors.validate import distribution_of
from ANNarchy.core.network_ir import CSR
from ANNarchy.hookspecs import hookimpl

# A valid result for 4 pre and 3 post neurons; each case below breaks one thing.
GOOD = dict(post=[0, 2], ptr=[0, 2, 3], pre=[1, 3, 0], weights=None, delays=0.0)


def _array(values, dtype):
    return values if isinstance(values, np.ndarray) else np.asarray(values, dtype)


def _make(post, ptr, pre, weights, delays, multapses=False):
    csr = CSR(
        post_ranks=_array(post, np.int32),
        row_ptr=_array(ptr, np.int64),
        pre_ranks=_array(pre, np.int32),
    )
    w = np.arange(1.0, len(pre) + 1) if weights is None else weights
    return Connectivity(csr=csr, weights=w, delays=delays, multapses=multapses)


class Faulty:
    """Registers ``faulty(**case)``: returns the CSR described by its arguments."""

    @hookimpl
    def register_connectors(self, register):
        register.add("faulty", lambda ctx, **case: _make(**{**GOOD, **case}))


@pytest.fixture
def proj(rate_neuron):
    plugin = Faulty()
    plugins.register_plugin(plugin, name="faulty-plugin")
    net = ann.Network()
    pre, post = net.create(4, rate_neuron, name="A"), net.create(3, rate_neuron, name="B")
    yield net.connect(pre, post, "exc", name="P")
    plugins.manager().unregister(plugin)
    plugins.refresh()


def test_valid_result_is_kept(proj):
    proj.faulty(post=np.array([0, 2], np.int64), pre=np.array([1, 3, 0], np.uint16))
    assert proj.post_ranks == [0, 2] and proj.pre_ranks == [[1, 3], [0]]
    assert proj.w == [[1.0, 2.0], [3.0]]
    csr = proj.connectivity.csr
    assert csr.post_ranks.dtype == np.int32 and csr.pre_ranks.dtype == np.int32


@pytest.mark.parametrize(
    "case, problem",
    [
        (dict(pre=[1, 3, 1_000_000]), "pre_ranks holds 1000000, outside the pre-synaptic"),
        (dict(pre=[1, -1, 0]), "pre_ranks holds -1"),
        (dict(post=[0, 3]), "post_ranks holds 3, outside the post-synaptic population of 3"),
        (dict(post=[2, 0]), "post_ranks must be strictly ascending"),
        (dict(post=[1, 1]), "post_ranks must be strictly ascending"),
        (dict(pre=[3, 1, 0]), "pre-synaptic rank 1 comes after a larger one (unsorted row)"),
        (dict(pre=[1, 1, 0]), "pre-synaptic rank 1 comes twice"),
        (dict(ptr=[1, 2, 3]), "row_ptr must start at 0, not 1"),
        (dict(ptr=[0, 2, 5]), "row_ptr ends at 5 but pre_ranks holds 3 synapses"),
        (dict(ptr=[0, 3]), "row_ptr has 2 entries for 2 rows"),
        (dict(ptr=[0, 0, 3]), "row 0 is empty"),
        (dict(post=[0, 1, 2], ptr=[0, 2, 1, 3]), "row 1 decreases"),
        (dict(weights=np.ones(2)), "2 weights for 3 synapses"),
        (dict(weights=[1.0, 2.0, 3.0]), "weights must be a number or a 1-D numpy array"),
        (dict(weights=np.array([1.0, np.nan, 0.0])), "weights must be finite"),
        (dict(delays=np.array([1.0, -2.0, 0.0])), "delays must be >= 0 ms, got -2.0"),
        (dict(delays=np.ones(4)), "4 delays for 3 synapses"),
        (dict(pre=np.array([1.0, 3.0, 0.0])), "pre_ranks has dtype float64"),
        (dict(pre=[[1, 3, 0]]), "pre_ranks has shape (1, 3)"),
    ],
)
def test_invalid_result_names_the_connector(proj, case, problem):
    with pytest.raises(ConnectorError) as err:
        proj.faulty(**case)
    message = str(err.value)
    assert "Projection 'P': the connector 'faulty'" in message
    assert problem in message
    assert proj.connectivity is None  # nothing was kept


def test_weights_per_dendrite_are_not_broadcast(proj):
    # Two weights for two rows and three synapses: the core's value setter would repeat them
    # over each dendrite; a connector must give one per synapse.
    with pytest.raises(ConnectorError, match="2 weights for 3 synapses"):
        proj.faulty(weights=np.array([1.0, 2.0]))


def test_multapses_on_request(proj):
    with pytest.raises(ConnectorError, match="give Connectivity\\(multapses=True\\)"):
        proj.faulty(pre=[3, 3, 0])
    proj.faulty(pre=[3, 3, 0], multapses=True)
    assert proj.pre_ranks == [[3, 3], [0]]
    with pytest.raises(ConnectorError, match="rank 2 comes after a larger one"):
        proj.faulty(pre=[3, 2, 0], multapses=True)


def test_ranks_outside_the_view(rate_neuron):
    plugin = Faulty()
    plugins.register_plugin(plugin, name="faulty-plugin")
    try:
        net = ann.Network()
        pre, post = net.create(4, rate_neuron), net.create(3, rate_neuron)
        proj = net.connect(pre[0:2], post, "exc", name="V")
        with pytest.raises(ConnectorError, match="pre_ranks holds 3, not in the pre-synaptic view"):
            proj.faulty()
        proj.faulty(pre=[0, 1, 1])
        assert proj.pre_ranks == [[0, 1], [1]]
    finally:
        plugins.manager().unregister(plugin)
        plugins.refresh()


def test_not_a_connectivity(proj):
    class Wrong:
        @hookimpl
        def register_connectors(self, register):
            register.add("wrong", lambda ctx: {"post_ranks": []})

    plugin = Wrong()
    plugins.register_plugin(plugin, name="wrong-plugin")
    try:
        with pytest.raises(ConnectorError, match="connector 'wrong'.*a dict, not a Connectivity"):
            proj.wrong()
    finally:
        plugins.manager().unregister(plugin)


def test_distribution_named():
    assert distribution_of(all_to_all) == "annarchy-core"
    assert distribution_of(_make) is None  # a test module belongs to no distribution
