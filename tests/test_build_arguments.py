"""compile(add_sources=..., extra_libs=..., debug_build=...) of the openmp backend: the added
code is linked into the network's library, bad items are clear errors, a changed source
rebuilds, a debug build gives the optimised build's numbers from a cache entry of its own."""

from __future__ import annotations

import ctypes
import re

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.core.build_inputs import check_backend
from ANNarchy.errors import BackendCapabilityError, CompilationError, InvalidConfiguration

LEAKY = ann.Neuron(parameters="tau = 10.0", equations="tau * dr/dt + r = sum(exc) + 1.0")


def small_network() -> ann.Network:
    net = ann.Network(dt=0.5)
    net.config(paradigm="openmp")
    pre = net.create(4, LEAKY)
    post = net.create(3, LEAKY)
    proj = net.connect(pre, post, "exc")
    proj.from_matrix(np.arange(12.0).reshape(3, 4) / 10.0)
    return net


def triple(net) -> float:
    function = net._runtime._lib.ann_user_scale
    function.restype, function.argtypes = ctypes.c_double, [ctypes.c_double]
    return function(2.0)


def write_source(folder, factor: float) -> None:
    (folder / "scale.h").write_text(f"#define FACTOR {factor}\n")
    (folder / "scale.cpp").write_text(
        '#include "scale.h"\n#include <cmath>\n'
        'extern "C" double ann_user_scale(double x) { return FACTOR * std::sqrt(x * x); }\n'
    )


def builds(folder) -> int:
    return sum(1 for p in folder.iterdir() if p.is_dir() and not p.name.startswith("failed"))


def test_added_source_is_linked_and_a_changed_source_rebuilds(tmp_path):
    write_source(tmp_path, 3.0)
    net = small_network()
    net.compile(
        directory=tmp_path / "build",
        add_sources="scale.cpp",
        extra_libs="-lm -L/usr/lib",
        silent=True,
    )
    assert triple(net) == 6.0
    write_source(tmp_path, 4.0)  # the header is found next to the source
    again = small_network()
    again.compile(
        directory=tmp_path / "build", add_sources=["scale.cpp"], extra_libs=["-lm"], silent=True
    )
    assert triple(again) == 4.0 * 2.0 and triple(net) == 6.0
    assert builds(tmp_path / "build") == 2
    plain = small_network()
    plain.compile(directory=tmp_path / "build", silent=True)
    assert builds(tmp_path / "build") == 3  # the added source is part of the key
    with pytest.raises(AttributeError):
        triple(plain)


def write_library(folder, factor: float) -> None:
    """libfactor.so defines lib_factor(); wrapper.cpp (an added source) calls it."""
    import subprocess

    (folder / "factor.cpp").write_text(
        f'extern "C" double lib_factor(void) {{ return {factor}; }}\n'
    )
    subprocess.run(
        ["g++", "-shared", "-fPIC", str(folder / "factor.cpp"), "-o", str(folder / "libfactor.so")],
        check=True,
    )
    (folder / "wrapper.cpp").write_text(
        'extern "C" double lib_factor(void);\n'
        'extern "C" double ann_user_scale(double x) { return lib_factor() * x; }\n'
    )


def test_a_shared_library_file_is_linked(tmp_path):
    write_library(tmp_path, 5.0)
    net = small_network()
    net.compile(
        directory=tmp_path / "build",
        add_sources="wrapper.cpp",
        extra_libs=str(tmp_path / "libfactor.so"),
        silent=True,
    )
    assert triple(net) == 10.0  # the library's function, through the added source
    write_library(tmp_path, 7.0)  # a changed library file is a new build
    again = small_network()
    again.compile(
        directory=tmp_path / "build",
        add_sources="wrapper.cpp",
        extra_libs=[tmp_path / "libfactor.so"],
        silent=True,
    )
    assert builds(tmp_path / "build") == 2


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"add_sources": "missing.cpp"}, "add_sources item 'missing.cpp' does not exist"),
        ({"add_sources": "scale.h"}, "add_sources item 'scale.h' is not a C++ source file"),
        ({"add_sources": 3}, "add_sources must be a string or a list of strings, not int"),
        ({"extra_libs": "-lm opencv"}, "extra_libs item 'opencv' is not -lname, -Lpath"),
        ({"extra_libs": ["libnothere.so"]}, "extra_libs item 'libnothere.so' does not exist"),
        ({"extra_libs": [None]}, "extra_libs holds None"),
    ],
)
def test_bad_items_are_clear_errors(tmp_path, arguments, message):
    write_source(tmp_path, 1.0)
    net = small_network()
    with pytest.raises(InvalidConfiguration, match=re.escape(message)):
        net.compile(directory=tmp_path / "build", silent=True, **arguments)
    assert not net.compiled and not (tmp_path / "build").exists()


def test_an_error_in_an_added_source_is_a_compilation_error(tmp_path):
    (tmp_path / "broken.cc").write_text('extern "C" double broken(void) { return undefined_x; }\n')
    net = small_network()
    with pytest.raises(CompilationError, match=r"(?s)add_sources.*broken\.cc.*undefined_x"):
        net.compile(directory=tmp_path / "build", add_sources="broken.cc", silent=True)


def test_debug_build_gives_the_same_numbers_from_its_own_entry(tmp_path):
    results = []
    for debug in (False, True):
        net = small_network()
        m = net.monitor(net.get_populations()[1], "r")
        net.compile(directory=tmp_path / "build", debug_build=debug, silent=True)
        net.simulate(10.0)
        results.append(m.get("r"))
    np.testing.assert_array_equal(results[0], results[1])
    assert results[1].shape == (20, 3) and results[1][-1, 2] > 1.0
    entries = [p for p in (tmp_path / "build").iterdir() if p.is_dir()]
    assert len(entries) == 2
    debug_info = [b".debug_info" in (p / "libannarchy.so").read_bytes() for p in entries]
    assert sorted(debug_info) == [False, True]


class _NoBuildFeatures:
    name = "plain"


def test_a_backend_without_a_build_feature_refuses_it():
    check_backend(_NoBuildFeatures(), "plain", {"add_sources": (), "debug_build": False})
    for name, value in [
        ("add_sources", ("/x.cpp",)),
        ("extra_libs", ("-lm",)),
        ("debug_build", True),
        ("profile_enabled", True),
    ]:
        with pytest.raises(
            BackendCapabilityError, match=f"'plain' backend does not support {name}"
        ):
            check_backend(_NoBuildFeatures(), "plain", {name: value})


class Scaled(ann.Network):
    def __init__(self, tau=10.0):
        self.pop = self.create(3, LEAKY)
        self.pop.tau = tau


def test_top_level_compile_and_copy_keep_the_build_arguments(tmp_path):
    import warnings

    write_source(tmp_path, 3.0)
    net = Scaled()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ann.compile(
            directory=str(tmp_path / "build"),
            silent=True,
            net_id=net.id,
            add_sources="scale.cpp",
            profile_enabled=True,
        )
    assert triple(net) == 6.0
    copy = net.copy(tau=5.0)  # the same build: the added source and the profiling
    assert triple(copy) == 6.0 and builds(tmp_path / "build") == 1
    copy.simulate(2.0)
    assert set(copy.profile()) == {"sums", "recording", "neuron update pop0"}
