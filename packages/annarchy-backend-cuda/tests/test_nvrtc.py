"""The generated CUDA compiles with NVRTC (no GPU needed: NVRTC only compiles).

Runs where CuPy and the NVRTC library are installed (``pip install
'annarchy-backend-cuda[cuda12]'``, the nox session ``cuda``); skips otherwise.
"""

from __future__ import annotations

import dataclasses

import pytest
from ANNarchy.errors import CompilationError
from annarchy_cuda import CudaBackend
from annarchy_cuda.codegen import SOURCE_NAME
from scenario_irs import scenario_ir, scenario_names


def _nvrtc():
    pytest.importorskip("cupy", reason="CuPy is not installed")
    from annarchy_cuda import nvrtc

    try:
        nvrtc.nvrtc_version()
    except Exception as exc:  # the NVRTC shared library is missing
        pytest.skip(f"NVRTC cannot be loaded: {exc}")
    return nvrtc


NAMES = [n for n in scenario_names() if n != "record"]


@pytest.mark.parametrize("precision", ["double", "float"])
@pytest.mark.parametrize("name", NAMES)
def test_scenario_compiles(name, precision):
    nvrtc = _nvrtc()
    ir = scenario_ir(name)
    ir = dataclasses.replace(ir, options={**ir.options, "precision": precision})
    source = CudaBackend().generate(ir)[SOURCE_NAME]
    cubin = nvrtc.compile_source(source, "sm_80")
    assert cubin[:4] == b"\x7fELF"  # a cubin is an ELF image


def test_axonal_network_compiles():
    from scenario_irs import axon_ir

    nvrtc = _nvrtc()
    source = CudaBackend().generate(axon_ir())[SOURCE_NAME]
    assert nvrtc.compile_source(source, "sm_90")[:4] == b"\x7fELF"


def test_ptx_for_a_virtual_architecture():
    nvrtc = _nvrtc()
    source = CudaBackend().generate(scenario_ir("lif_single"))[SOURCE_NAME]
    ptx = nvrtc.compile_source(source, "compute_80").decode()
    assert ".visible .entry update_pop0(" in ptx
    assert ".visible .entry ann_record_spikes(" in ptx


def test_compiler_errors_are_reported():
    nvrtc = _nvrtc()
    with pytest.raises(CompilationError, match="NVRTC could not compile") as info:
        nvrtc.compile_source('extern "C" __global__ void k() { undefined_name = 1; }', "sm_80")
    assert "undefined_name" in str(info.value)


def test_self_projection_declares_no_restrict_aliases():
    import re

    from feature_irs import self_stdp_ir

    source = CudaBackend().generate(self_stdp_ir())[SOURCE_NAME]
    declared = re.compile(r"(\w+)\* (__restrict__ )?(\w+) = \(\w+\*\)S\[(\d+)\];")
    both_sides = 0
    for body in source.split("\n}\n"):
        slots: dict[str, list[tuple[str, bool]]] = {}
        for _ctype, restrict, name, slot in declared.findall(body):
            slots.setdefault(slot, []).append((name, bool(restrict)))
        for names in slots.values():
            assert len(names) == 1 or not any(r for _, r in names), names
        if any({n for n, _ in names} >= {"Pre_v", "Post_v"} for names in slots.values()):
            both_sides += 1
    assert both_sides >= 1  # pre_spike names pre.v and post.v: declared without restrict
    assert _nvrtc().compile_source(source, "sm_80")[:4] == b"\x7fELF"
