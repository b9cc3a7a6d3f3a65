"""Integrity of build-cache entries, leftovers of killed builds, and the cache folder itself.

Each entry ``<directory>/<key>/`` holds ``entry.json``: its key and the size and sha256 of the
product (and of the files the loader needs). It is written into the private build folder before
that folder is renamed into place, so it appears atomically with the entry. ``entry_problem``
checks it before anything is loaded. Build and trash folders are named
``.build-<key[:12]>-<pid>-<host>-*`` and ``.trash-<pid>-<host>-*`` so that a later process can
tell a folder left by a killed process from one that a live builder still uses.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import time
from pathlib import Path

from ANNarchy.errors import InvalidConfiguration

METADATA_NAME = "entry.json"
METADATA_FORMAT = 1
#: a leftover whose owner cannot be checked (another host, older name) is removed after this
STALE_SECONDS = 30 * 60
#: even with a live owner (a reused pid), a build folder this old is abandoned
ABANDONED_SECONDS = 24 * 3600
_LEFTOVER = re.compile(r"^\.(?:build|trash)-(?:[0-9a-f]{12}-)?(\d+)-([0-9a-f]{8})-")


def host_tag() -> str:
    """8 hex digits naming this host (a pid only means something on its own host)."""
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


def owner_tag() -> str:
    """``<pid>-<host>``, put in the names of build and trash folders."""
    return f"{os.getpid()}-{host_tag()}"


def file_digest(path: Path) -> tuple[int, str]:
    """(size, sha256 hex) of the file at ``path``."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def write_metadata(folder: Path, key: str, names) -> None:
    """Record ``key`` and the size and checksum of the files ``names`` in ``folder``."""
    files = {}
    for name in names:
        size, sha = file_digest(folder / name)
        files[name] = {"size": size, "sha256": sha}
    record = {"format": METADATA_FORMAT, "key": key, "files": files}
    (folder / METADATA_NAME).write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")


def _read_metadata(entry: Path) -> dict | None:
    try:
        record = json.loads((entry / METADATA_NAME).read_text())
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    ok = isinstance(record, dict) and isinstance(record.get("files"), dict)
    return record if ok and record.get("format") == METADATA_FORMAT else None


def entry_problem(entry: Path, key: str, names) -> str | None:
    """Why the cache entry ``entry`` cannot be used for ``key`` (None when it can; '' when it
    does not exist). ``names`` are the files the loader needs, all checksummed."""
    if not os.path.lexists(entry):
        return ""
    if not entry.is_dir():
        return "it is not a folder"
    record = _read_metadata(entry)
    if record is None:
        return f"its checksum record {METADATA_NAME} is missing or unreadable"
    if record.get("key") != key:
        return f"{METADATA_NAME} records another build key"
    for name in names:
        expected = record["files"].get(name)
        if not isinstance(expected, dict):
            return f"{METADATA_NAME} has no checksum of {name}"
        try:
            size, sha = file_digest(entry / name)
        except OSError as exc:
            return f"{name} cannot be read ({exc.strerror or exc})"
        if size != expected.get("size") or sha != expected.get("sha256"):
            return f"{name} does not match its recorded checksum: truncated or overwritten"
    return None


def _owner_is_dead(pid: int, host: str) -> bool:
    """Whether the process ``pid`` of this host has ended (a zombie counts as ended)."""
    if host != host_tag():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, owned by someone else
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] == ["Z"]


def is_leftover(path: Path, now: float) -> bool:
    """Whether the build or trash folder ``path`` was left by a process that cannot finish it."""
    try:
        age = now - path.lstat().st_mtime
    except OSError:
        return False
    match = _LEFTOVER.match(path.name)
    if match is None:
        return age > STALE_SECONDS
    if _owner_is_dead(int(match.group(1)), match.group(2)):
        return True
    own_host = match.group(2) == host_tag()
    return age > (ABANDONED_SECONDS if own_host else STALE_SECONDS)


def remove_leftovers(root: Path) -> list[Path]:
    """Remove the ``.build-*`` and ``.trash-*`` folders of killed builds; returns them."""
    try:
        names = [n for n in os.listdir(root) if n.startswith((".build-", ".trash-"))]
    except OSError:
        return []
    now = time.time()
    removed = []
    for name in names:
        path = root / name
        if is_leftover(path, now):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def unwritable(root: Path, exc: OSError) -> InvalidConfiguration:
    """The error for a cache folder in which a build cannot be written."""
    return InvalidConfiguration(
        f"The build cache folder '{root}' is not writable ({exc.strerror or exc}); "
        "pass compile(directory=...) a writable folder."
    )
