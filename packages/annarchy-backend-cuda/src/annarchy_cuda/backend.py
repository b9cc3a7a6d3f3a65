"""The CUDA backend: kernels generated per network, compiled with NVRTC, run through CuPy."""

from __future__ import annotations

import functools
import json
from importlib import metadata

from ANNarchy.errors import PluginError
from ANNarchy.plugin import BuildOptions, BuildResult, NetworkIR

from .build import build_image
from .codegen import MANIFEST_NAME, generate_sources
from .device import compute_capability, device_count


def backend_version() -> str:
    try:
        return metadata.version("annarchy-backend-cuda")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "0+unknown"


def target_arch(capability: str, supported: tuple[int, ...]) -> str:
    """'sm_XX' (a cubin) when NVRTC knows the GPU's architecture; for a GPU newer than NVRTC,
    PTX of the newest architecture NVRTC knows (the driver compiles it at load)."""
    cc = int(capability)
    if not supported or cc in supported:
        return f"sm_{cc}"
    older = [a for a in supported if a <= cc]
    if not older:
        raise PluginError(
            f"This NVRTC cannot compile for the GPU's architecture sm_{cc} "
            f"(oldest supported: sm_{min(supported)})."
        )
    return f"compute_{max(older)}"


class CudaBackend:
    """Code generator, builder and loader of the ``cuda`` backend (see ``Backend``)."""

    name = "cuda"
    #: the build arguments of ``compile()`` it honours (``ANNarchy.core.build_inputs``); NVRTC
    #: builds one device image with no host code, so ``add_sources``/``extra_libs`` cannot apply
    build_features = frozenset({"debug_build"})

    def __init__(self) -> None:
        self.version = backend_version()

    def available(self) -> tuple[bool, str]:
        """(True, '') when CuPy imports and sees at least one GPU."""
        count, reason = device_count()
        if count == 0:
            return False, reason
        return True, ""

    def generate(self, net: NetworkIR) -> dict[str, str]:
        """``{filename: source}``: pure, identical for an unchanged network structure."""
        return generate_sources(net, self.version)

    def build(self, sources: dict[str, str], options: BuildOptions) -> BuildResult:
        """Compile with NVRTC into the content-addressed cache under ``options.directory``."""
        from .nvrtc import DEBUG_OPTIONS, compile_source, nvrtc_module, nvrtc_version

        device = int(json.loads(sources[MANIFEST_NAME]).get("device", 0))
        supported = tuple(int(a) for a in nvrtc_module().getSupportedArchs())
        arch = target_arch(compute_capability(device), supported)
        toolchain = "nvrtc-{}.{}".format(*nvrtc_version())
        extra = DEBUG_OPTIONS if options.debug_build else ()
        if extra:  # a debug image is a cache entry of its own
            toolchain += " " + " ".join(extra)
        compile_fn = functools.partial(compile_source, extra=extra)
        return build_image(sources, options, arch, self.version, compile_fn, toolchain)

    def load(self, build: BuildResult, net: NetworkIR):
        """Load the image on the GPU and allocate the network's state there."""
        from .layout import build_plan
        from .runtime import CudaRuntime

        manifest = json.loads((build.library.parent / MANIFEST_NAME).read_text())
        return CudaRuntime(build.library, manifest, build_plan(net), net, key=build.key)
