"""Build of the native helpers (pybind11, optional); the rest of the configuration is in
pyproject.toml."""

import sys

from pybind11.setup_helpers import Pybind11Extension
from setuptools import setup

#: the pre-synaptic index shares its scatter among threads where the compiler has OpenMP
#: (GCC on Linux, as the generated code); elsewhere it runs on one thread
OPENMP = ["-fopenmp"] if sys.platform.startswith("linux") else []

setup(
    ext_modules=[
        Pybind11Extension(
            "annarchy_openmp.native._connectivity",
            ["src/annarchy_openmp/native/connectivity.cpp"],
            cxx_std=17,
            extra_compile_args=["-O3", *OPENMP],
            extra_link_args=OPENMP,
            # without Python's headers (python3-dev) the install goes on without it: the
            # connectivity helpers then use their numpy versions (slower for large networks)
            optional=True,
        ),
        Pybind11Extension(
            "annarchy_openmp.native._readback",
            ["src/annarchy_openmp/native/readback.cpp"],
            cxx_std=17,
            extra_compile_args=["-O3"],
            optional=True,  # without it, the core groups spikes with numpy
        ),
    ],
)
