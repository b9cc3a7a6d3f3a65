"""Compile CUDA source with NVRTC (through CuPy's bindings): no GPU is needed to compile.

``compile_source(source, arch)`` returns the compiled image: a cubin for a real architecture
(``'sm_90'``), PTX for a virtual one (``'compute_80'``). Errors are ``CompilationError`` with
NVRTC's log.
"""

from __future__ import annotations

from ANNarchy.errors import CompilationError

from .device import import_cupy

#: options of every compilation (the architecture is added)
BASE_OPTIONS = ("--std=c++17", "--diag-suppress=177")
#: what ``compile(debug_build=True)`` adds: device debug information (no optimisation)
DEBUG_OPTIONS = ("--device-debug",)


def nvrtc_module():
    """CuPy's NVRTC bindings (``cupy_backends.cuda.libs.nvrtc``)."""
    import_cupy()
    from cupy_backends.cuda.libs import nvrtc

    return nvrtc


def nvrtc_version() -> tuple[int, int]:
    return tuple(nvrtc_module().getVersion())


def compile_source(
    source: str, arch: str, name: str = "network.cu", extra: tuple[str, ...] = ()
) -> bytes:
    """Compile ``source`` for ``arch`` ('sm_XX': cubin, 'compute_XX': PTX)."""
    nvrtc = nvrtc_module()
    options = [*BASE_OPTIONS, f"-arch={arch}", *extra]
    program = nvrtc.createProgram(source, name, (), ())
    try:
        try:
            nvrtc.compileProgram(program, options)
        except nvrtc.NVRTCError as exc:
            log = nvrtc.getProgramLog(program)
            raise CompilationError(
                f"NVRTC could not compile the generated CUDA code ({exc}).\n{log.strip()}"
            ) from None
        if arch.startswith("sm_"):
            return bytes(nvrtc.getCUBIN(program))
        ptx = nvrtc.getPTX(program)
        return ptx.encode() if isinstance(ptx, str) else bytes(ptx)
    finally:
        nvrtc.destroyProgram(program)
