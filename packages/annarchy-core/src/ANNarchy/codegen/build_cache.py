"""A content-addressed build cache: ``<directory>/<key>/`` holds the sources and the product.

``key`` is the sha256 of everything the product depends on. A build writes into a private
temporary folder and renames it into place (atomic), so concurrent processes building the same
key never see a half-written entry; the first rename wins and the others reuse it. A failed
build is kept in ``<directory>/failed-<key[:16]>/`` for inspection.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from ANNarchy.errors import CompilationError


def content_key(parts: Iterable[str], sources: dict[str, str]) -> str:
    """sha256 (hex) of ``parts`` (versions, compiler, flags...) and of the named sources."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode())
        digest.update(b"\0")
    for name in sorted(sources):
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(sources[name].encode())
        digest.update(b"\0")
    return digest.hexdigest()


def remove_entry(path: Path) -> None:
    """Remove a cache entry: rename it away first, so readers never see it half deleted."""
    if not path.exists():
        return
    trash = Path(tempfile.mkdtemp(prefix=".trash-", dir=path.parent))
    try:
        os.replace(path, trash / path.name)
    except OSError:
        pass
    shutil.rmtree(trash, ignore_errors=True)


def cached_build(
    directory,
    key: str,
    sources: dict[str, str],
    product: str,
    clean: bool,
    make: Callable[[Path], str],
    failure: Callable[[Path, str], str],
    required: Iterable[str] = (),
) -> tuple[Path, bool]:
    """The path of ``<directory>/<key>/<product>`` and whether it was cached.

    Unless the entry exists (or ``clean`` asks to rebuild), the sources are written into a
    temporary folder, ``make(folder)`` builds the product there and returns '' (or the error
    text), and the folder is renamed to the entry. On failure the folder becomes
    ``failed-<key[:16]>`` and ``CompilationError(failure(failed_folder, errors))`` is raised.
    An entry counts as cached when the product and the ``required`` files are there.
    """
    root = Path(directory)
    final = root / key
    target = final / product
    if clean:
        remove_entry(final)
    elif target.exists() and all((final / n).exists() for n in required):
        return target, True
    root.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=f".build-{key[:12]}-", dir=root))
    for name, text in sources.items():
        (workdir / name).write_text(text)
    errors = make(workdir)
    if errors:
        failed = root / f"failed-{key[:16]}"
        remove_entry(failed)
        os.replace(workdir, failed)
        raise CompilationError(failure(failed, errors))
    try:
        os.rename(workdir, final)
    except OSError:  # another process won the race: its product is identical
        shutil.rmtree(workdir, ignore_errors=True)
        if not target.exists():
            raise
    return target, False
