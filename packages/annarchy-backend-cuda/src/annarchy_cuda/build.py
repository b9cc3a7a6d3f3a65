"""Compile generated sources into a content-addressed cache.

A network's image lives at ``<directory>/<key>/network.cubin`` (``.ptx`` for a virtual
architecture) next to its sources and launch manifest, where ``key`` is the sha256 of the
sources, the architecture, the NVRTC version and the backend version. An unchanged network is
never compiled again, in this process or another (CuPy's own kernel cache is not used). A build
compiles into a private temporary folder and renames it into place (atomic), so concurrent
processes never see a half-written entry.
"""

from __future__ import annotations

from ANNarchy.codegen.build_cache import cached_build, content_key
from ANNarchy.core.backend import BuildOptions, BuildResult
from ANNarchy.errors import CompilationError

from .codegen import ABI_VERSION, MANIFEST_NAME, SOURCE_NAME


def image_name(arch: str) -> str:
    return "network.cubin" if arch.startswith("sm_") else "network.ptx"


def cache_key(sources: dict[str, str], arch: str, toolchain: str, version: str) -> str:
    return content_key((version, str(ABI_VERSION), arch, toolchain), sources)


def build_image(
    sources: dict[str, str], options: BuildOptions, arch: str, version: str, compile_fn, toolchain
) -> BuildResult:
    """Compile ``sources[SOURCE_NAME]`` with ``compile_fn(source, arch) -> bytes`` unless the
    cache holds it. ``BuildResult.library`` is the image; the manifest lies next to it."""
    key = cache_key(sources, arch, toolchain, version)

    def make(workdir) -> str:
        try:
            data = compile_fn(sources[SOURCE_NAME], arch)
        except CompilationError as exc:
            return str(exc) or "NVRTC failed without a log."
        (workdir / image_name(arch)).write_bytes(data)
        return ""

    image, cached = cached_build(
        options.directory,
        key,
        sources,
        image_name(arch),
        options.clean,
        make,
        lambda failed, errors: f"{errors}\nGenerated file: {failed / SOURCE_NAME}",
        required=(MANIFEST_NAME,),
    )
    return BuildResult(library=image, key=key, cached=cached)
