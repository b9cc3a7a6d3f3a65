"""Compile generated sources into a content-addressed cache (``annarchy_codegen.build_cache``).

The library of a network lives at ``<directory>/<key>/libannarchy.so`` where ``key`` is the
sha256 of the sources, the compiler, the flags and the backend version. A build compiles into a
private temporary folder and renames it into place (atomic), so concurrent processes building the
same key never see a half-written library; the first rename wins and the others reuse it. The
entry records the library's checksum, and the library reports its key (``cache``): a damaged or
foreign library is rebuilt instead of loaded.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from ANNarchy.errors import BrokenBuildError
from ANNarchy.plugin import BuildOptions, BuildResult
from annarchy_codegen.build_cache import cached_build, content_key, file_parts
from annarchy_codegen.shipping import (
    carries_sources,
    export_entry,
    install_entry,
    same_platform,
    shipment_problem,
)

from .cache import with_build_key
from .codegen import ABI_VERSION

LIBRARY_NAME = "libannarchy.so"
#: (-freciprocal-math was tried: 10 % faster on COBA, but vectorised and scalar iterations then
#: round differently, so results depended on the number of threads)
DEFAULT_FLAGS = "-O3 -march=native"
#: added to any flags that do not ask for -ftrapping-math: it changes no result (no
#: value-changing transformation; the generated code never unmasks floating-point exceptions),
#: but without it g++ does not vectorise a loop where a statement keeps its value by a select
#: (the variables of refractory neurons), as it may not evaluate the arithmetic of both sides
NO_TRAPS = "-fno-trapping-math"
REQUIRED_FLAGS = ("-std=c++17", "-fopenmp", "-shared", "-fPIC", "-pipe")
#: what ``ANNARCHY_SANITIZE=1`` adds (the host Python then needs the ASan runtime preloaded:
#: ``LD_PRELOAD=$(g++ -print-file-name=libasan.so)``, see the ``sanitize`` nox session)
#: what ``compile(debug_build=True)`` adds after the other flags (the last ``-O`` wins): no
#: optimisation, debug information, and the bounds and precondition checks of libstdc++
DEBUG_FLAGS = ("-O0", "-g", "-D_GLIBCXX_ASSERTIONS")
SANITIZE_FLAGS = (
    "-fsanitize=address,undefined",
    "-fno-omit-frame-pointer",
    "-fno-sanitize-recover=undefined",
)


def compiler_command(options: BuildOptions) -> tuple[str, list[str]]:
    """(compiler, flags): ``compiler_flags`` replace the optimisation flags only."""
    compiler = options.compiler or os.environ.get("CXX") or "g++"
    flags = shlex.split(options.compiler_flags if options.compiler_flags else DEFAULT_FLAGS)
    flags += [f for f in REQUIRED_FLAGS if f not in flags]
    if "-ftrapping-math" not in flags and NO_TRAPS not in flags:
        flags.append(NO_TRAPS)
    if options.debug_build:
        flags += DEBUG_FLAGS
    return compiler, flags + extra_flags()


def extra_flags() -> list[str]:
    """Flags added to every build from the environment (they are part of the cache key, so a
    sanitized and a normal build never share an entry): ``ANNARCHY_SANITIZE=1`` adds
    `SANITIZE_FLAGS`, ``ANNARCHY_EXTRA_FLAGS`` any compiler/linker flags (shell syntax)."""
    flags = []
    if os.environ.get("ANNARCHY_SANITIZE", "").strip() not in ("", "0"):
        flags += SANITIZE_FLAGS
    return flags + shlex.split(os.environ.get("ANNARCHY_EXTRA_FLAGS", ""))


def compiler_env() -> dict[str, str]:
    """The environment of the compiler: without a sanitizer runtime preloaded into this process
    (``LD_PRELOAD``, see `extra_flags`), which would only slow the compiler down."""
    env = dict(os.environ)
    preload = env.get("LD_PRELOAD", "").replace(":", " ").split()
    preload = [p for p in preload if "san" not in Path(p).name]
    if preload:
        env["LD_PRELOAD"] = " ".join(preload)
    else:
        env.pop("LD_PRELOAD", None)
    return env


def cache_key(
    sources: dict[str, str],
    compiler: str,
    flags: list[str],
    version: str,
    options: BuildOptions | None = None,
) -> str:
    """The build key: the sources, compiler, flags and versions, and the user's added sources
    and libraries (with the content of each file they name)."""
    parts = [version, str(ABI_VERSION), compiler, " ".join(flags)]
    if options is not None and (options.add_sources or options.extra_libs):
        parts += ["add_sources", *file_parts(options.add_sources)]
        parts += ["extra_libs", *file_parts(options.extra_libs)]
    return content_key(parts, sources)


def _compile(
    workdir: Path,
    sources: dict[str, str],
    compiler: str,
    flags: list[str],
    options: BuildOptions | None = None,
) -> str:
    """Compile in ``workdir`` (the sources are there) with the user's added sources (from
    where they are, so that their own ``#include "..."`` work) and libraries (after the units,
    as the linker wants them); returns the compiler's error output ('' on success)."""
    units = [n for n in sorted(sources) if n.endswith(".cpp")]
    added = list(options.add_sources) if options is not None else []
    libs = list(options.extra_libs) if options is not None else []
    command = [compiler, *flags, *units, *added, "-o", LIBRARY_NAME, *libs]
    try:
        proc = subprocess.run(
            command, capture_output=True, text=True, check=False, cwd=workdir, env=compiler_env()
        )
    except FileNotFoundError:
        return f"The C++ compiler '{compiler}' was not found; install g++ or pass compiler=..."
    if proc.returncode != 0:
        return f"$ {' '.join(command)}\n{proc.stderr.strip()}"
    return ""


def build_library(sources: dict[str, str], options: BuildOptions, version: str) -> BuildResult:
    """Compile ``sources`` unless the cache already holds them; see the module docstring."""
    compiler, flags = compiler_command(options)
    key = cache_key(sources, compiler, flags, version, options)
    sources = with_build_key(sources, key)  # the library reports its key (checked at load)

    def failure(failed: Path, errors: str) -> str:
        files = ", ".join(str(failed / n) for n in sorted(sources))
        added = "".join(f"\nAdded source (add_sources): {p}" for p in options.add_sources)
        return f"Compiling the generated code failed. Generated file: {files}{added}\n{errors}"

    library, cached = cached_build(
        options.directory,
        key,
        sources,
        LIBRARY_NAME,
        options.clean,
        lambda workdir: _compile(workdir, sources, compiler, flags, options),
        failure,
    )
    return BuildResult(library=library, key=key, cached=cached)


def export_build(build: BuildResult, options: BuildOptions, backend: str) -> dict:
    """The shipment (``annarchy_codegen.shipping``) of ``build``, made with ``options``."""
    _, flags = compiler_command(options)
    return export_entry(Path(build.library).parent, build.key, backend, LIBRARY_NAME, flags)


def import_build(
    shipment: dict, sources: dict[str, str], options: BuildOptions, backend: str
) -> BuildResult | None:
    """The shipped build of ``sources`` installed into the cache under ``options.directory``.

    None when the shipment is for another backend, was built from other sources (the copy has
    another structure) or for another platform: the caller then builds ``sources`` itself.
    A malformed shipment raises ``BrokenBuildError``.
    """
    problem = shipment_problem(shipment)
    if problem is not None:
        raise BrokenBuildError(f"The build sent with this job is unusable: {problem}.")
    if shipment["backend"] != backend or shipment["product"] != LIBRARY_NAME:
        return None
    if not carries_sources(shipment, with_build_key(sources, shipment["key"])):
        return None
    if not same_platform(shipment):
        return None
    library = install_entry(options.directory, shipment)
    return BuildResult(library=library, key=shipment["key"], cached=True)
