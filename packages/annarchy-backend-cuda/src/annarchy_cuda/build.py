"""Compile generated sources into a content-addressed cache.

A network's image lives at ``<directory>/<key>/network.cubin`` (``.ptx`` for a virtual
architecture) next to its sources and launch manifest, where ``key`` is the sha256 of the
sources, the architecture, the NVRTC version and the backend version. An unchanged network is
never compiled again, in this process or another (CuPy's own kernel cache is not used). A build
compiles into a private temporary folder and renames it into place (atomic), so concurrent
processes never see a half-written entry. The entry records the checksums of the image and the
manifest (a damaged entry is rebuilt), and the image holds an empty kernel named after its key,
which the loader looks up (an image built from other sources is refused and rebuilt).
"""

from __future__ import annotations

from ANNarchy.errors import CompilationError
from ANNarchy.plugin import BuildOptions, BuildResult
from annarchy_codegen.build_cache import cached_build, content_key

from .codegen import ABI_VERSION, MANIFEST_NAME, SOURCE_NAME


def image_name(arch: str) -> str:
    return "network.cubin" if arch.startswith("sm_") else "network.ptx"


KEY_KERNEL_PREFIX = "ann_build_key_"


def key_kernel_name(key: str) -> str:
    """The empty kernel whose presence in an image proves that it was built for ``key``."""
    if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
        raise ValueError(f"a build key is a sha256 hex digest, not {key!r}")
    return KEY_KERNEL_PREFIX + key


def with_build_key(sources: dict[str, str], key: str) -> dict[str, str]:
    """``sources`` whose CUDA unit ends with the key kernel of ``key``."""
    kernel = f'\nextern "C" __global__ void {key_kernel_name(key)}(void) {{}}\n'
    return {**sources, SOURCE_NAME: sources[SOURCE_NAME] + kernel}


def cache_key(sources: dict[str, str], arch: str, toolchain: str, version: str) -> str:
    return content_key((version, str(ABI_VERSION), arch, toolchain), sources)


def build_image(
    sources: dict[str, str], options: BuildOptions, arch: str, version: str, compile_fn, toolchain
) -> BuildResult:
    """Compile ``sources[SOURCE_NAME]`` with ``compile_fn(source, arch) -> bytes`` unless the
    cache holds it. ``BuildResult.library`` is the image; the manifest lies next to it."""
    key = cache_key(sources, arch, toolchain, version)
    sources = with_build_key(sources, key)  # the loader checks the image's key

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
