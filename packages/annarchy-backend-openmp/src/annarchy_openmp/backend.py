"""The OpenMP backend: plain C++ generated per network, compiled once, run through ctypes."""

from __future__ import annotations

import shutil
from importlib import metadata

from ANNarchy.plugin import BuildOptions, BuildResult, NetworkIR

from .build import build_library, compiler_command, export_build, import_build
from .codegen import generate_sources
from .layout import build_plan
from .runtime import OpenMPRuntime


def backend_version() -> str:
    try:
        return metadata.version("annarchy-backend-openmp")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "0+unknown"


class OpenMPBackend:
    """Code generator, builder and loader of the ``openmp`` backend (see ``Backend``)."""

    name = "openmp"
    #: the build arguments of ``compile()`` it honours (``ANNarchy.core.build_inputs``)
    build_features = frozenset({"add_sources", "extra_libs", "debug_build", "profile_enabled"})

    def __init__(self) -> None:
        self.version = backend_version()

    def available(self) -> tuple[bool, str]:
        """(True, '') when a C++ compiler is found."""
        compiler, _ = compiler_command(BuildOptions(directory="."))
        if shutil.which(compiler) is None:
            return False, f"no C++ compiler '{compiler}' on PATH (install g++ or set CXX)"
        return True, ""

    def generate(self, net: NetworkIR) -> dict[str, str]:
        """``{filename: source}``: pure, and identical for an unchanged network structure."""
        return generate_sources(net, self.version)

    def build(self, sources: dict[str, str], options: BuildOptions) -> BuildResult:
        """Compile into the content-addressed cache under ``options.directory``."""
        return build_library(sources, options, self.version)

    def export_build(self, build: BuildResult, options: BuildOptions) -> dict:
        """The build as plain data that travels with a job (``annarchy_codegen.shipping``)."""
        return export_build(build, options, self.name)

    def import_build(
        self, shipment: dict, sources: dict[str, str], options: BuildOptions
    ) -> BuildResult | None:
        """Install a shipped build of ``sources`` into the cache under ``options.directory``;
        None when it was built from other sources or for another platform (then build)."""
        return import_build(shipment, sources, options, self.name)

    def load(self, build: BuildResult, net: NetworkIR) -> OpenMPRuntime:
        """Open the library and allocate the network's state (sizes and data come from ``net``)."""
        return OpenMPRuntime(build.library, build_plan(net), net, key=build.key)
