"""Lowering a network to the NetworkIR handed to backends."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.core.lowering import lower


def build(rate_neuron):
    net = ann.Network(dt=0.5, seed=2)
    a = net.create((2, 3), rate_neuron, name="a")
    b = net.create(4, rate_neuron, name="b")
    net.constant("k", 1.5)
    p0 = net.connect(a, b, "exc").fixed_number_pre(2, weights=0.5, delays=2.0)
    p1 = net.connect(b, b, ["exc", "inh"], storage_format="csr").all_to_all(
        ann.Uniform(0.0, 1.0), delays=ann.DiscreteUniform(1, 3)
    )
    return net, p0, p1


def test_sizes_targets_and_csr(rate_neuron):
    net, p0, p1 = build(rate_neuron)
    ir = lower(net)
    assert ir.dt == 0.5 and ir.seed == 2 and ir.num_threads == 1
    assert [(p.id, p.name, p.size, p.geometry) for p in ir.populations] == [
        (0, "a", 6, (2, 3)),
        (1, "b", 4, (4,)),
    ]
    assert [p.owner for p in ir.populations] == ["pop0", "pop1"]
    pr0, pr1 = ir.projections
    assert (pr0.pre, pr0.post, pr0.target) == (0, 1, "exc")
    assert pr1.target == ("exc", "inh") and pr1.storage_format == "csr"
    assert pr0.storage_format == "auto" and pr0.storage_order == "post_to_pre"
    csr = pr0.connectivity
    assert csr.n_rows == 4 and csr.nnz == 8
    assert np.diff(csr.row_ptr).tolist() == [2, 2, 2, 2]
    assert pr1.connectivity.nnz == 12  # 4 x 4 without self-connections
    assert ir.constants == {"k": 1.5}


def test_delays_in_steps_and_max_delay(rate_neuron):
    net, p0, p1 = build(rate_neuron)
    ir = lower(net)
    pr0, pr1 = ir.projections
    assert pr0.uniform_delay == 4 and pr0.connectivity.delays is None
    assert pr1.uniform_delay == -1
    delays = pr1.connectivity.delays
    assert delays.dtype == np.int32 and delays.shape == (12,)
    assert set(delays.tolist()) <= {2, 4, 6} and len(set(delays.tolist())) > 1
    assert ir.populations[0].max_delay == 4
    assert ir.populations[1].max_delay == int(delays.max())


def test_single_weight_makes_w_global(rate_neuron):
    net, p0, p1 = build(rate_neuron)
    pr0, pr1 = lower(net).projections
    assert pr0.synapse.attribute("w").locality == "global"
    assert pr1.synapse.attribute("w").locality == "local"


def test_unconnected_projection_refused(rate_neuron):
    net = ann.Network()
    a = net.create(2, rate_neuron)
    net.connect(a, a, "exc", name="lonely")
    with pytest.raises(ann.InvalidConfiguration, match="'lonely' has not been connected"):
        lower(net)


def test_settings_reach_the_parser(rate_neuron, monkeypatch):
    seen = []
    import annarchy_parser

    real = annarchy_parser.parse_neuron

    def spy(**kwargs):
        seen.append((kwargs["constants"], kwargs["default_method"]))
        return real(**kwargs)

    monkeypatch.setattr(annarchy_parser, "parse_neuron", spy)
    ann.Constant("g0", 1.0)
    net = ann.Network()
    net.config(method="rk4")
    net.create(2, rate_neuron)
    lower(net)
    lower(net)
    assert seen == [(("g0",), "rk4")]  # parsed once at create, cached for both lowerings
