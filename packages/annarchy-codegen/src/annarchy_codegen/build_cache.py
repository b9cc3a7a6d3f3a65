"""A content-addressed build cache: ``<directory>/<key>/`` holds the sources and the product.

``key`` is the sha256 of everything the product depends on. A build writes into a private
temporary folder and renames it into place (atomic), so concurrent processes building the same
key never see a half-written entry; the first rename wins and the others reuse it. A failed
build is kept in ``<directory>/failed-<key[:16]>/`` for inspection.

An entry is used only when its checksum record (``cache_entry``) matches the files: a damaged
entry (truncated, emptied, overwritten or deleted product, missing record) is rebuilt with a
``BuildCacheWarning``; folders left by killed builds are removed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path

from ANNarchy.errors import BuildCacheWarning, CompilationError
from ANNarchy.plugin import user_stacklevel

from .cache_entry import (
    entry_problem,
    owner_tag,
    remove_leftovers,
    unwritable,
    write_metadata,
)


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


def file_parts(items: Iterable[str]) -> list[str]:
    """Key parts of user build inputs (``BuildOptions.add_sources``/``extra_libs``): each item,
    followed by the sha256 of its content when it names a file (a changed file rebuilds)."""
    parts = []
    for item in items:
        parts.append(item)
        path = Path(item)
        if path.is_absolute() and path.is_file():
            parts.append(hashlib.sha256(path.read_bytes()).hexdigest())
    return parts


def remove_entry(path: Path, keep: Callable[[Path], bool] | None = None) -> None:
    """Remove a cache entry: rename it away first, so readers never see it half deleted.

    When ``keep(moved_folder)`` is true (a sound entry that another process installed after
    this one was judged damaged), the folder is put back instead.
    """
    if not os.path.lexists(path):
        return
    try:
        trash = Path(tempfile.mkdtemp(prefix=f".trash-{owner_tag()}-", dir=path.parent))
    except OSError:
        return
    try:
        os.replace(path, trash / path.name)
        if keep is not None and keep(trash / path.name):
            os.rename(trash / path.name, path)
    except OSError:
        pass
    shutil.rmtree(trash, ignore_errors=True)


def _discard_damaged(final: Path, key: str, checked: tuple[str, ...]) -> None:
    remove_entry(final, keep=lambda moved: entry_problem(moved, key, checked) is None)


def warn_damaged(entry: Path, problem: str) -> None:
    """Warn that the cache entry ``entry`` is rebuilt because of ``problem``."""
    warnings.warn(
        f"The build cache entry {entry} is damaged: {problem}. It is removed and rebuilt.",
        BuildCacheWarning,
        stacklevel=user_stacklevel(),
    )


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

    Unless a sound entry exists (or ``clean`` asks to rebuild), the sources are written into a
    temporary folder, ``make(folder)`` builds the product there and returns '' (or the error
    text), the checksums of the product and of the ``required`` files are recorded, and the
    folder is renamed to the entry. On failure the folder becomes ``failed-<key[:16]>`` and
    ``CompilationError(failure(failed_folder, errors))`` is raised. A damaged entry is removed
    and rebuilt with a ``BuildCacheWarning``.
    """
    root = Path(directory)
    final = root / key
    checked = (product, *required)
    remove_leftovers(root)
    if clean:
        remove_entry(final)
    else:
        problem = entry_problem(final, key, checked)
        if problem is None:
            return final / product, True
        if problem:
            warn_damaged(final, problem)
            _discard_damaged(final, key, checked)
    workdir = _new_workdir(root, key, sources)
    errors = make(workdir)
    if errors:
        failed = root / f"failed-{key[:16]}"
        remove_entry(failed)
        os.replace(workdir, failed)
        raise CompilationError(failure(failed, errors))
    write_metadata(workdir, key, checked)
    _install(workdir, final, key, checked)
    return final / product, False


def _new_workdir(root: Path, key: str, sources: dict[str, str]) -> Path:
    """A private build folder in ``root`` holding the sources."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        workdir = Path(tempfile.mkdtemp(prefix=f".build-{key[:12]}-{owner_tag()}-", dir=root))
    except OSError as exc:
        raise unwritable(root, exc) from None
    try:
        for name, text in sources.items():
            (workdir / name).write_text(text)
    except OSError as exc:
        shutil.rmtree(workdir, ignore_errors=True)
        raise unwritable(root, exc) from None
    return workdir


def _install(workdir: Path, final: Path, key: str, checked: tuple[str, ...]) -> None:
    """Rename the finished ``workdir`` to ``final``; when another process installed a sound
    entry first, use it; when a damaged one is in the way, replace it."""
    for _ in range(3):
        try:
            os.rename(workdir, final)
            return
        except OSError:
            problem = entry_problem(final, key, checked)
            if problem is None:  # another process won the race: its product is identical
                shutil.rmtree(workdir, ignore_errors=True)
                return
            if problem:
                _discard_damaged(final, key, checked)
    shutil.rmtree(workdir, ignore_errors=True)
    raise CompilationError(
        f"The build could not be installed as {final} (something keeps writing there); "
        "remove that folder or use another compile(directory=...)."
    )
