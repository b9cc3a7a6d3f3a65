"""Compile generated sources into a content-addressed cache.

The library of a network lives at ``<directory>/<key>/libannarchy.so`` where ``key`` is the
sha256 of the sources, the compiler, the flags and the backend version. A build compiles into a
private temporary folder and renames it into place (atomic), so concurrent processes building the
same key never see a half-written library; the first rename wins and the others reuse it.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from ANNarchy.core.backend import BuildOptions, BuildResult
from ANNarchy.errors import CompilationError

from .codegen import ABI_VERSION

LIBRARY_NAME = "libannarchy.so"
#: (-freciprocal-math was tried: 10 % faster on COBA, but vectorised and scalar iterations then
#: round differently, so results depended on the number of threads)
DEFAULT_FLAGS = "-O3 -march=native"
REQUIRED_FLAGS = ("-std=c++17", "-fopenmp", "-shared", "-fPIC", "-pipe")


def compiler_command(options: BuildOptions) -> tuple[str, list[str]]:
    """(compiler, flags): ``compiler_flags`` replace the optimisation flags only."""
    compiler = options.compiler or os.environ.get("CXX") or "g++"
    flags = shlex.split(options.compiler_flags if options.compiler_flags else DEFAULT_FLAGS)
    return compiler, flags + [f for f in REQUIRED_FLAGS if f not in flags]


def cache_key(sources: dict[str, str], compiler: str, flags: list[str], version: str) -> str:
    digest = hashlib.sha256()
    for part in (version, str(ABI_VERSION), compiler, " ".join(flags)):
        digest.update(part.encode())
        digest.update(b"\0")
    for name in sorted(sources):
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(sources[name].encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _remove(path: Path) -> None:
    """Remove a cache entry: rename it away first, so readers never see it half deleted."""
    if not path.exists():
        return
    trash = Path(tempfile.mkdtemp(prefix=".trash-", dir=path.parent))
    try:
        os.replace(path, trash / path.name)
    except OSError:
        pass
    shutil.rmtree(trash, ignore_errors=True)


def _compile(workdir: Path, sources: dict[str, str], compiler: str, flags: list[str]) -> str:
    """Compile in ``workdir``; returns the compiler's error output ('' on success)."""
    for name, text in sources.items():
        (workdir / name).write_text(text)
    units = [n for n in sorted(sources) if n.endswith(".cpp")]
    command = [compiler, *flags, *units, "-o", LIBRARY_NAME]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, check=False, cwd=workdir)
    except FileNotFoundError:
        return f"The C++ compiler '{compiler}' was not found; install g++ or pass compiler=..."
    if proc.returncode != 0:
        return f"$ {' '.join(command)}\n{proc.stderr.strip()}"
    return ""


def build_library(sources: dict[str, str], options: BuildOptions, version: str) -> BuildResult:
    """Compile ``sources`` unless the cache already holds them; see the module docstring."""
    compiler, flags = compiler_command(options)
    key = cache_key(sources, compiler, flags, version)
    root = Path(options.directory)
    final = root / key
    library = final / LIBRARY_NAME
    if options.clean:
        _remove(final)
    elif library.exists():
        return BuildResult(library=library, key=key, cached=True)
    root.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=f".build-{key[:12]}-", dir=root))
    errors = _compile(workdir, sources, compiler, flags)
    if errors:
        failed = root / f"failed-{key[:16]}"
        _remove(failed)
        os.replace(workdir, failed)
        files = ", ".join(str(failed / n) for n in sorted(sources))
        raise CompilationError(
            f"Compiling the generated code failed. Generated file: {files}\n{errors}"
        )
    try:
        os.rename(workdir, final)
    except OSError:  # another process won the race: its library is identical
        shutil.rmtree(workdir, ignore_errors=True)
        if not library.exists():
            raise
    return BuildResult(library=library, key=key, cached=False)
