"""Build-cache entries that travel with a job to another process or machine.

``export_entry`` packs a sound cache entry (``build_cache``) into a *shipment*: a dict of plain
values (str, int and bytes only, so that it crosses any executor's transport and unpickles
without running code) holding the build key, the platform the product was built for and the
bytes of every file of the entry: the product, the checksum record ``entry.json`` and the
sources. ``install_entry`` writes a shipment into the local cache the way a build does: into a
private folder, checked against the shipped checksum record (``cache_entry.entry_problem``), then
renamed into place atomically. A worker holding a shipment for its platform therefore loads the
library without a compiler and without a shared folder.

A product built on another platform (machine, operating system, C library, Python ABI and, for
``-march=native`` builds, the CPU's instruction set) is never installed: the caller rebuilds from
the sources instead.
"""

from __future__ import annotations

import hashlib
import os
import platform
import re
import shutil
import sys
import sysconfig
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ANNarchy.errors import BrokenBuildError

from .build_cache import _install
from .cache_entry import METADATA_NAME, entry_problem, owner_tag, remove_leftovers, unwritable

SHIPMENT_FORMAT = 1
#: names of files a shipment may carry: plain names, no folder, no leading dot
_FILE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.+-]{0,127}$")
_HEX_KEY = re.compile(r"^[0-9a-f]{64}$")


def cpu_signature() -> str:
    """16 hex digits naming the CPU's instruction-set extensions (what ``-march=native``
    compiles for): the flags of ``/proc/cpuinfo`` on Linux, else the processor's name."""
    features = ""
    try:
        with open("/proc/cpuinfo") as stream:
            for line in stream:
                if line.startswith(("flags", "Features")):
                    features = " ".join(sorted(line.partition(":")[2].split()))
                    break
    except OSError:
        pass
    text = features or f"{platform.machine()} {platform.processor()}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def platform_tag(flags: Iterable[str] = ()) -> dict[str, str]:
    """What a compiled product depends on besides its sources: machine, operating system,
    C library, Python ABI tag, and the CPU signature when ``flags`` target the building CPU
    (``-march=native``, ``-mcpu=native``, ``-mtune=native``)."""
    tag = {
        "machine": platform.machine(),
        "system": platform.system(),
        "libc": " ".join(platform.libc_ver()).strip(),
        "abi": str(sysconfig.get_config_var("SOABI") or sys.implementation.cache_tag),
    }
    if any(f.endswith("=native") for f in flags):
        tag["cpu"] = cpu_signature()
    return tag


def export_entry(entry: Path, key: str, backend: str, product: str, flags) -> dict:
    """The shipment of the sound cache entry ``entry`` (see the module docstring).

    Raises ``BrokenBuildError`` when the entry fails its checksum record.
    """
    problem = entry_problem(entry, key, (product,))
    if problem:
        raise BrokenBuildError(f"The build cache entry {entry} cannot be shipped: {problem}.")
    files = {}
    for path in sorted(entry.iterdir()):
        if path.is_file() and _FILE_NAME.match(path.name):
            files[path.name] = path.read_bytes()
    return {
        "format": SHIPMENT_FORMAT,
        "backend": str(backend),
        "key": key,
        "product": product,
        "platform": platform_tag(flags),
        "files": files,
    }


def shipment_problem(shipment) -> str | None:
    """Why ``shipment`` is not a well-formed shipment (None when it is): every value is
    checked to be plain data and every file name a plain name."""
    if not isinstance(shipment, dict) or shipment.get("format") != SHIPMENT_FORMAT:
        return "it is not a shipment of this version"
    key, files, product = shipment.get("key"), shipment.get("files"), shipment.get("product")
    if not isinstance(key, str) or not _HEX_KEY.match(key):
        return "its build key is not a sha256 hex digest"
    if not isinstance(shipment.get("backend"), str):
        return "it names no backend"
    tag = shipment.get("platform")
    if not isinstance(tag, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in tag.items()
    ):
        return "its platform tag is not a dict of strings"
    if not isinstance(files, dict) or not all(
        isinstance(n, str) and _FILE_NAME.match(n) and isinstance(b, bytes)
        for n, b in files.items()
    ):
        return "its files are not plain names with bytes"
    if product not in files or METADATA_NAME not in files:
        return f"it lacks the product or {METADATA_NAME}"
    return None


def same_platform(shipment: dict) -> bool:
    """Whether the product of ``shipment`` was built for this platform."""
    tag = shipment["platform"]
    return tag == platform_tag(["-march=native"] if "cpu" in tag else [])


def carries_sources(shipment: dict, keyed_sources: dict[str, str]) -> bool:
    """Whether ``shipment`` was built from exactly ``keyed_sources`` (with the build key)."""
    files = shipment["files"]
    return all(files.get(name) == text.encode() for name, text in keyed_sources.items())


def install_entry(directory, shipment: dict) -> Path:
    """Install ``shipment`` as ``<directory>/<key>/`` (unless a sound entry is there already);
    the path of its product.

    The files are written into a private folder, checked against the shipped checksum record
    and renamed into place, so that concurrent workers never see a half-written entry. Raises
    ``BrokenBuildError`` when the shipment is malformed (``shipment_problem``) or the shipped
    bytes do not match their record (damaged in transit).
    """
    malformed = shipment_problem(shipment)
    if malformed is not None:
        raise BrokenBuildError(f"The shipped build cannot be installed: {malformed}.")
    root = Path(directory)
    key, product = shipment["key"], shipment["product"]
    final = root / key
    if entry_problem(final, key, (product,)) is None:
        return final / product
    remove_leftovers(root)
    try:
        root.mkdir(parents=True, exist_ok=True)
        workdir = Path(tempfile.mkdtemp(prefix=f".build-{key[:12]}-{owner_tag()}-", dir=root))
    except OSError as exc:
        raise unwritable(root, exc) from None
    try:
        for name, data in shipment["files"].items():
            (workdir / name).write_bytes(data)
        os.chmod(workdir / product, 0o755)
    except OSError as exc:
        shutil.rmtree(workdir, ignore_errors=True)
        raise unwritable(root, exc) from None
    problem = entry_problem(workdir, key, (product,))
    if problem is not None:
        shutil.rmtree(workdir, ignore_errors=True)
        raise BrokenBuildError(
            f"The shipped build {key[:16]} cannot be installed: {problem or 'it is empty'}."
        )
    _install(workdir, final, key, (product,))
    return final / product
