"""User names never change the meaning of the generated CUDA (issue 10, item 3); compiled with
NVRTC where it is installed (no GPU needed)."""

from __future__ import annotations

import dataclasses
import re

import pytest
from annarchy_cuda import CudaBackend
from annarchy_cuda.codegen import SOURCE_NAME
from annarchy_parser import parse_function, parse_neuron
from scenario_irs import scenario_ir, scenario_names

HOSTILE = (
    'p */ #include <cstdlib>\nstatic int e = std::system("touch /tmp/m"); /*'
    "\n#define r 0\n// {{ 7*7 }} {% raw %} \\\n ??/ \x00 é漢"
)
DANGEROUS = ("#include <cstdlib>", "std::system", "#define r", "{{", "{%", "??/", "\x00", "\\\n")


def _strip_comments(source: str) -> str:
    return re.sub(r"//[^\n]*", "", re.sub(r"/\*.*?\*/", "", source, flags=re.S))


def _renamed(ir, name: str):
    pops = tuple(
        dataclasses.replace(p, name=name, neuron=dataclasses.replace(p.neuron, name=name))
        for p in ir.populations
    )
    projs = tuple(
        dataclasses.replace(p, name=name, synapse=dataclasses.replace(p.synapse, name=name))
        for p in ir.projections
    )
    return dataclasses.replace(ir, populations=pops, projections=projs)


def _nvrtc():
    pytest.importorskip("cupy", reason="CuPy is not installed")
    from annarchy_cuda import nvrtc

    try:
        nvrtc.nvrtc_version()
    except Exception as exc:  # the NVRTC shared library is missing
        pytest.skip(f"NVRTC cannot be loaded: {exc}")
    return nvrtc


@pytest.mark.parametrize("scenario", [n for n in scenario_names() if n != "record"])
def test_hostile_names_only_reach_sanitised_comments(scenario):
    ir = scenario_ir(scenario)
    hostile = CudaBackend().generate(_renamed(ir, HOSTILE))[SOURCE_NAME]
    plain = CudaBackend().generate(_renamed(ir, "plain"))[SOURCE_NAME]
    assert hostile.isascii()
    for fragment in DANGEROUS:
        assert fragment not in hostile, fragment
    assert _strip_comments(hostile) == _strip_comments(plain)
    assert hostile.count("/*") == hostile.count("*/") == plain.count("*/")
    if scenario in ("hebb_rate", "stdp", "global_ops"):
        assert _nvrtc().compile_source(hostile, "sm_80")[:4] == b"\x7fELF"


def test_every_kernel_comment_is_sanitised():
    """Each ``comment=`` of a kernel is a literal or goes through ``c_comment``."""
    import ast
    from pathlib import Path

    import annarchy_cuda

    checked = 0
    for path in Path(annarchy_cuda.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.keyword) and node.arg == "comment":
                value = node.value
                literal = isinstance(value, ast.Constant) and isinstance(value.value, str)
                sanitised = isinstance(value, ast.Call) and getattr(value.func, "id", "") == (
                    "c_comment"
                )
                assert literal or sanitised, f"{path.name}:{node.value.lineno}"
                checked += 1
    assert checked >= 10


def test_user_functions_named_like_c_names_compile():
    names = ("int", "rand", "NAN", "j0", "signbit", "printf", "main", "ann_pos")
    functions = tuple(parse_function(f"{n}(x) = 2*x") for n in names)
    neuron = parse_neuron(
        "CNames",
        equations=[f"{n}_v = {n}(1.0)" for n in names] + ["r = 0"],
        global_functions=functions,
    )
    ir = scenario_ir("hebb_rate")
    pop = dataclasses.replace(ir.populations[0], neuron=neuron)
    ir = dataclasses.replace(ir, populations=(pop,), projections=(), functions=functions)
    source = CudaBackend().generate(ir)[SOURCE_NAME]
    assert all(f"ann_fn_{n}(" in source for n in names)
    assert _nvrtc().compile_source(source, "sm_80")[:4] == b"\x7fELF"
