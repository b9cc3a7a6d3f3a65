"""Build of the native helpers (pybind11); the rest of the configuration is in pyproject.toml."""

from pybind11.setup_helpers import Pybind11Extension
from setuptools import setup

setup(
    ext_modules=[
        Pybind11Extension(
            "annarchy_openmp.native._connectivity",
            ["src/annarchy_openmp/native/connectivity.cpp"],
            cxx_std=17,
            extra_compile_args=["-O3"],
        )
    ],
)
