"""Compile generated sources into a content-addressed cache.

A network's image lives at ``<directory>/<key>/network.cubin`` (``.ptx`` for a virtual
architecture) next to its sources and launch manifest, where ``key`` is the sha256 of the
sources, the architecture, the NVRTC version and the backend version. An unchanged network is
never compiled again, in this process or another (CuPy's own kernel cache is not used). A build
compiles into a private temporary folder and renames it into place (atomic), so concurrent
processes never see a half-written entry.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from ANNarchy.core.backend import BuildOptions, BuildResult
from ANNarchy.errors import CompilationError

from .codegen import ABI_VERSION, MANIFEST_NAME, SOURCE_NAME


def image_name(arch: str) -> str:
    return "network.cubin" if arch.startswith("sm_") else "network.ptx"


def cache_key(sources: dict[str, str], arch: str, toolchain: str, version: str) -> str:
    digest = hashlib.sha256()
    for part in (version, str(ABI_VERSION), arch, toolchain):
        digest.update(part.encode())
        digest.update(b"\0")
    for name in sorted(sources):
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(sources[name].encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _remove(path: Path) -> None:
    if not path.exists():
        return
    trash = Path(tempfile.mkdtemp(prefix=".trash-", dir=path.parent))
    try:
        os.replace(path, trash / path.name)
    except OSError:
        pass
    shutil.rmtree(trash, ignore_errors=True)


def build_image(
    sources: dict[str, str], options: BuildOptions, arch: str, version: str, compile_fn, toolchain
) -> BuildResult:
    """Compile ``sources[SOURCE_NAME]`` with ``compile_fn(source, arch) -> bytes`` unless the
    cache holds it. ``BuildResult.library`` is the image; the manifest lies next to it."""
    key = cache_key(sources, arch, toolchain, version)
    root = Path(options.directory)
    final = root / key
    image = final / image_name(arch)
    if options.clean:
        _remove(final)
    elif image.exists() and (final / MANIFEST_NAME).exists():
        return BuildResult(library=image, key=key, cached=True)
    root.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=f".build-{key[:12]}-", dir=root))
    for name, text in sources.items():
        (workdir / name).write_text(text)
    try:
        data = compile_fn(sources[SOURCE_NAME], arch)
    except CompilationError as exc:
        failed = root / f"failed-{key[:16]}"
        _remove(failed)
        os.replace(workdir, failed)
        raise CompilationError(f"{exc}\nGenerated file: {failed / SOURCE_NAME}") from None
    (workdir / image_name(arch)).write_bytes(data)
    try:
        os.rename(workdir, final)
    except OSError:  # another process won the race: its image is identical
        shutil.rmtree(workdir, ignore_errors=True)
        if not image.exists():
            raise
    return BuildResult(library=image, key=key, cached=False)
