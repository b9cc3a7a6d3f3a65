"""The neuron loops compile to vector code (g++'s own report), refractory neurons included."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from ANNarchy.core.backend import BuildOptions
from annarchy_openmp import OpenMPBackend
from annarchy_openmp.build import compiler_command
from irtools import network, parse_neuron, population

COBA = parse_neuron(
    "Coba",
    parameters={"El": -60.0, "Vt": -50.0, "tau": 20.0, "tau_exc": 5.0, "Erev_exc": 0.0},
    equations=[
        "tau * dv/dt = (El - v) + g_exc * (Erev_exc - v) : init=-60.0",
        "tau_exc * dg_exc/dt = - g_exc",
    ],
    spike="v > Vt",
    reset="v = El",
    refractory=5.0,
)


@pytest.mark.skipif(shutil.which("g++") is None, reason="needs g++")
def test_the_update_of_refractory_neurons_is_vectorised(tmp_path):
    source = OpenMPBackend().generate(network([population(0, 100, COBA)], []))["network.cpp"]
    # the refractory period keeps v by a select, not a branch
    assert "if (!_refractory)" not in source
    assert "L_v[i] = (_refractory) ? L_v[i] : (L_v[i] + (" in source
    (tmp_path / "network.cpp").write_text(source)
    compiler, flags = compiler_command(BuildOptions(directory=tmp_path, compiler_flags="-O3"))
    report = subprocess.run(
        [compiler, *flags, "-fopt-info-vec-optimized", "network.cpp", "-o", "lib.so"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    lines = source.splitlines()
    loops = [n + 1 for n, line in enumerate(lines) if "const bool _refractory" in line]
    assert len(loops) == 2  # one thread, and a thread of a team
    vectorised = {
        int(m) for m in re.findall(r"network\.cpp:(\d+):\d+: optimized: loop vectorized", report)
    }
    assert all(line - 1 in vectorised for line in loops), report
