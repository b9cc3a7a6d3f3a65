"""The CUDA code of the equation language as scripts write it compiles with NVRTC: targets
named by Python keywords, numeric spike conditions, ``pre.sum``/``post.sum`` in synapses."""

from __future__ import annotations

import ANNarchy as ann
import pytest
from ANNarchy.core.lowering import lower
from annarchy_cuda import CudaBackend
from annarchy_cuda.codegen import SOURCE_NAME


def _nvrtc():
    pytest.importorskip("cupy", reason="CuPy is not installed")
    from annarchy_cuda import nvrtc

    try:
        nvrtc.nvrtc_version()
    except Exception as exc:  # the NVRTC shared library is missing
        pytest.skip(f"NVRTC cannot be loaded: {exc}")
    return nvrtc


def test_keyword_targets_sums_and_numeric_spikes_compile():
    nvrtc = _nvrtc()
    net = ann.Network(dt=1.0)
    inp = net.create(geometry=2, neuron=ann.Neuron(equations="r = t + 1.0"))
    mid = net.create(geometry=2, neuron=ann.Neuron(equations="r = sum(in) + sum(exc)"))
    out = net.create(geometry=2, neuron=ann.Neuron(equations="r = sum(exc)"))
    spiking = ann.Neuron(equations="v = modulo(t, 3)\ndg_in/dt = -g_in", spike="v", reset="")
    spk = net.create(geometry=2, neuron=spiking)
    net.connect(inp, mid, target="in").all_to_all(1.0)
    net.connect(inp, mid, target="exc").all_to_all(1.0)
    syn = ann.Synapse(equations="x = pre.sum(in) + post.sum(exc)\ndw/dt = pre.sum(exc)")
    net.connect(mid, out, target="exc", synapse=syn).all_to_all(1.0)
    net.connect(mid, mid, target="exc", synapse=syn).all_to_all(1.0)  # PreS/PostS alias
    net.connect(spk, spk, target="in").all_to_all(1.0)
    source = CudaBackend().generate(lower(net))[SOURCE_NAME]
    assert "L_x[k] = PostS_exc[post] + PreS_in[j];" in source
    assert "(L_v[i] != 0.0)" in source
    assert nvrtc.compile_source(source, "sm_80")[:4] == b"\x7fELF"
