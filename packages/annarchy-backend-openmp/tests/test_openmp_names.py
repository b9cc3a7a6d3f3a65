"""User names never change the meaning of the generated code (issue 10, item 3).

Names of populations, projections and models reach the C++ only inside sanitised comments;
user functions, constants and method temporaries only behind prefixes.
"""

from __future__ import annotations

import dataclasses
import os
import re

import numpy as np
import pytest
from annarchy_openmp import OpenMPBackend
from annarchy_parser import parse_function
from irtools import (
    compile_network,
    csr_from_matrix,
    network,
    parse_neuron,
    parse_synapse,
    population,
    projection,
)

MARKER = "/tmp/annarchy-i10-names-marker"
HOSTILE = (
    'p */ #include <cstdlib>\nstatic int e = std::system("touch ' + MARKER + '"); /*'
    "\n#define r 0\n// {{ 7*7 }} {% raw %} \\\n ??/ \x00 é漢"
)
DANGEROUS = ("#include <cstdlib>", "std::system(", "#define r", "{{", "{%", "??/", "\x00", "\\\n")


def _strip_comments(source: str) -> str:
    return re.sub(r"//[^\n]*", "", re.sub(r"/\*.*?\*/", "", source, flags=re.S))


def _named_network(name: str):
    """A rate population fed by a learning projection, and a spiking one, all called ``name``."""
    neuron = parse_neuron(
        name,
        parameters={"tau": 10.0},
        equations=["tau*dv/dt + v = sum(exc) + 1", "r = v"],
    )
    spiking = parse_neuron(
        name,
        parameters={"tau": 5.0},
        equations="tau*dv/dt = -v + g_exc + 2",
        spike="v > 1.0",
        reset="v = 0.0",
    )
    synapse = parse_synapse(name, parameters={"eta": 0.1}, equations="dw/dt = eta * pre.r")
    csr, _ = csr_from_matrix(np.full((2, 2), 0.5))
    proj = dataclasses.replace(projection(0, 0, 0, "exc", synapse, csr), name=name)
    pops = [population(0, 2, neuron, name=name), population(1, 2, spiking, name=name)]
    return network(pops, [proj])


def test_hostile_names_only_reach_sanitised_comments(cache_dir, tmp_path):
    backend = OpenMPBackend()
    hostile = backend.generate(_named_network(HOSTILE))
    plain = backend.generate(_named_network("plain"))
    assert hostile.keys() == plain.keys()
    for filename, source in hostile.items():
        assert source.isascii(), filename
        for fragment in DANGEROUS:
            assert fragment not in source, (filename, fragment)
        # the names change comments only: without comments the files are identical
        assert _strip_comments(source) == _strip_comments(plain[filename])
        assert source.count("/*") == source.count("*/") == plain[filename].count("*/")


def test_every_kernel_comment_is_sanitised():
    """Each ``comment=`` of a kernel is a literal or goes through ``c_comment``."""
    import ast
    from pathlib import Path

    import annarchy_openmp

    checked = 0
    for path in Path(annarchy_openmp.__file__).parent.glob("*.py"):
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


def test_hostile_names_compile_and_run(cache_dir, tmp_path):
    rt = compile_network(_named_network(HOSTILE), tmp_path)
    rt.set("proj0", "w", 0.5)
    rt.run(1)
    assert not os.path.exists(MARKER)
    # v(1) = v + (1 + sum - v) / tau with v = 0, sum = 0: 0.1 (sum is read before the update)
    np.testing.assert_allclose(rt.get("pop0", "v"), [0.1, 0.1])


C_NAMES = {  # function -> (definition, call, value at the call)
    "int": ("int(x) = x + 1", "int(2.0)", 3.0),
    "rand": ("rand() = 4", "rand()", 4.0),
    "NAN": ("NAN(x) = 2*x", "NAN(2.0)", 4.0),
    "j0": ("j0(x) = 3*x", "j0(2.0)", 6.0),
    "signbit": ("signbit(x) = 4*x", "signbit(-2.0)", -8.0),
    "printf": ("printf(x) = 5*x", "printf(2.0)", 10.0),
    "main": ("main(x, y) = x - y", "main(2.0, 7.0)", -5.0),
    "ann_pos": ("ann_pos(x) = x", "ann_pos(-2.0)", -2.0),
}


def test_user_functions_named_like_c_names(cache_dir):
    functions = tuple(parse_function(d) for d, _, _ in C_NAMES.values())
    equations = [f"{name}_v = {call}" for name, (_, call, _) in C_NAMES.items()]
    neuron = parse_neuron("CNames", equations=[*equations, "r = 0"], global_functions=functions)
    rt = compile_network(network([population(0, 1, neuron)], functions=functions), cache_dir)
    rt.run(1)
    for name, (_, _, expected) in C_NAMES.items():
        assert rt.get("pop0", f"{name}_v")[0] == expected, name


@pytest.mark.parametrize("method", ["midpoint", "explicit", "rk4"])
def test_method_temporaries_do_not_collide_with_user_names(cache_dir, method):
    neuron = parse_neuron(
        "KV",
        equations=[
            f"dv/dt = -v + k_v : init=1.0, {method}",
            f"dk_v/dt = -2*k_v : init=0.5, {method}",
            f"dd_v/dt = -d_v : init=0.25, {method}",
            "r = v",
        ],
    )
    rt = compile_network(network([population(0, 1, neuron)], dt=0.1), cache_dir)
    rt.run(1)
    v, k, d = (rt.get("pop0", name)[0] for name in ("v", "k_v", "d_v"))
    if method == "midpoint":
        # k1 = (-0.5, -1, -0.25); at the midpoint (0.975, 0.45, 0.2375): (-0.525, -0.9, -0.2375)
        expected = (1.0 - 0.0525, 0.5 - 0.09, 0.25 - 0.02375)
    elif method == "explicit":
        expected = (1.0 - 0.05, 0.5 - 0.1, 0.25 - 0.025)
    else:  # rk4 of a linear system: the 4th-order Taylor polynomial of exp(A dt)
        h = 0.1
        a = np.array([[-1.0, 1.0, 0.0], [0.0, -2.0, 0.0], [0.0, 0.0, -1.0]])
        step = sum(np.linalg.matrix_power(a * h, n) / f for n, f in enumerate((1, 1, 2, 6, 24)))
        expected = tuple(step @ np.array([1.0, 0.5, 0.25]))
    assert (v, k, d) == pytest.approx(expected, rel=1e-12)
