"""Build of the native helpers (pybind11, optional); the rest of the configuration is in
pyproject.toml."""

from pybind11.setup_helpers import Pybind11Extension
from setuptools import setup

setup(
    ext_modules=[
        Pybind11Extension(
            "annarchy_openmp.native._connectivity",
            ["src/annarchy_openmp/native/connectivity.cpp"],
            cxx_std=17,
            extra_compile_args=["-O3"],
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
