"""Copy and Transpose against numpy (the reference 5.0.4.1 fails to compile both)."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.extensions.convolution import Convolution, Copy, Transpose
from annarchy_convolution import ConvolutionError

W = np.arange(21).reshape(3, 7) * 0.1 - 1.0
RATES = np.linspace(-1, 2, 7)


def _input(net, size):
    return net.create(geometry=size, neuron=ann.Neuron(parameters="r = 0.0"))


def _output(net, size, eq="r = sum(exc)"):
    return net.create(geometry=size, neuron=ann.Neuron(equations=eq))


def test_transpose_and_copy_of_a_dense_projection(cache_dir):
    net = ann.Network()
    inp, out = _input(net, 7), _output(net, 3)
    same, biggest = _output(net, 3), _output(net, 3)
    ff = net.connect(inp, out, "exc").from_matrix(W)
    back = net.connect(Transpose(ff, "inh"))
    assert back.transpose() is back
    copy = net.connect(Copy(inp, same, "exc"))
    assert copy.copy(ff) is copy
    net.connect(Copy(inp, biggest, "exc", operation="max")).copy(ff)
    ff.w = (2 * W).tolist()  # seen by the copies at compile()
    net.compile(directory=cache_dir, silent=True)
    inp.r = RATES
    net.simulate(2)
    forward = 2 * W @ RATES
    np.testing.assert_allclose(out.r, forward, atol=1e-13)
    np.testing.assert_allclose(same.r, forward, atol=1e-13)
    np.testing.assert_array_equal(biggest.r, (2 * W * RATES).max(axis=1))
    np.testing.assert_allclose(inp.sum("inh"), (2 * W).T @ forward, atol=1e-12)
    assert back.pre is out and back.post is inp and back.nb_synapses == 21
    assert back.post_ranks == list(range(7)) and back.pre_ranks[0] == [0, 1, 2]


def test_sparse_copy_shares_the_connectivity_and_delays(cache_dir):
    net = ann.Network(seed=3)
    inp, out, other = _input(net, 7), _output(net, 3), _output(net, 3)
    ff = net.connect(inp, out, "exc")
    ff.fixed_probability(0.5, weights=ann.Uniform(0.0, 1.0), delays=2.0)
    copy = net.connect(Copy(inp, other, "exc")).copy(ff)
    back = net.connect(Transpose(ff, "inh"))
    assert copy.pre_ranks == ff.pre_ranks and copy.post_ranks == ff.post_ranks
    assert copy.w == ff.w and copy.delay == ff.delay == 2.0
    net.compile(directory=cache_dir, silent=True)
    inp.r = RATES
    net.simulate(8)  # two delays of 2 steps: values reach inp.sum("inh") after 5 steps
    matrix = ff.connectivity_matrix()
    np.testing.assert_allclose(other.r, matrix @ RATES, atol=1e-13)
    np.testing.assert_allclose(other.r, out.r, atol=0)
    np.testing.assert_allclose(inp.sum("inh"), matrix.T @ out.r, atol=1e-12)
    assert sorted(back.post_ranks) == sorted(set(np.concatenate(ff.pre_ranks).tolist()))


def test_copy_errors():
    net = ann.Network()
    inp, out, small = _input(net, 7), _output(net, 3), _output(net, 2)
    ff = net.connect(inp, out, "exc")
    with pytest.raises(ConvolutionError, match="no synapses yet"):
        Copy(inp, out, "exc").copy(ff)
    ff.all_to_all(1.0)
    with pytest.raises(ConvolutionError, match=r"geometry \(2,\).*\(3,\)"):
        Copy(inp, small, "exc").copy(ff)
    conv = net.connect(Convolution(_input(net, (3, 3)), _output(net, (3, 3)), "exc"))
    conv.connect_filter(np.ones((3, 3)))
    with pytest.raises(ConvolutionError, match="only a regular Projection"):
        Transpose(conv, "inh")
    with pytest.raises(ConvolutionError, match="only a regular Projection"):
        Copy(inp, out, "exc").copy("proj0")


def test_copy_of_a_spiking_projection_as_the_specification_example(cache_dir):
    net = ann.Network(seed=1)
    pop1, pop2, pop3 = (net.create(100, ann.Izhikevich) for _ in range(3))
    proj = ann.Projection(pop1, pop2, "exc")
    proj.fixed_probability(0.2, 2.0)
    Copy(pop1, pop3, "exc").copy(proj)
    pop1.i_offset = 10.0
    m2, m3 = net.monitor(pop2, "spike"), net.monitor(pop3, "spike")
    net.compile(directory=cache_dir, silent=True)
    net.simulate(100)
    spikes2, spikes3 = m2.get("spike"), m3.get("spike")
    assert sum(map(len, spikes2.values())) > 0
    assert spikes2 == spikes3
