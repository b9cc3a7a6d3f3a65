"""The build key inside the library: the loader refuses a library built from other sources.

The key is the sha256 of the generated sources (and compiler, flags, versions), so it cannot be
part of the sources it digests: ``with_build_key`` appends ``ann_build_key()`` to the main unit
after the key is computed. Only the hex digest is written into the code, never user text.
"""

from __future__ import annotations

import ctypes
import re
from pathlib import Path

from ANNarchy.errors import BrokenBuildError

from .codegen import SOURCE_NAME

_HEX_KEY = re.compile(r"^[0-9a-f]{64}$")


def with_build_key(sources: dict[str, str], key: str) -> dict[str, str]:
    """``sources`` whose main unit ends with ``ann_build_key()`` returning ``key``."""
    if not _HEX_KEY.match(key):
        raise ValueError(f"a build key is a sha256 hex digest, not {key!r}")
    function = f'\nextern "C" const char *ann_build_key(void) {{ return "{key}"; }}\n'
    return {**sources, SOURCE_NAME: sources[SOURCE_NAME] + function}


def close_library(lib: ctypes.CDLL) -> None:
    """Unload ``lib`` so that a rebuilt library at the same path is opened afresh."""
    import _ctypes

    try:
        _ctypes.dlclose(lib._handle)
    except (AttributeError, OSError):
        pass


def check_build_key(lib: ctypes.CDLL, path: Path, key: str) -> None:
    """Raise ``BrokenBuildError`` (after unloading ``lib``) unless it reports ``key``."""
    try:
        function = lib.ann_build_key
    except AttributeError:
        found = None
    else:
        function.restype = ctypes.c_char_p
        found = function()
    if found != key.encode():
        close_library(lib)
        what = "reports no build key" if found is None else "reports another build key"
        raise BrokenBuildError(
            f"The library {path} {what}: it was not built from this network's code."
        )


def open_checked(path: Path) -> ctypes.CDLL:
    """``ctypes.CDLL(path)``; a file that is not a loadable library raises ``BrokenBuildError``."""
    try:
        return ctypes.CDLL(str(path))
    except OSError as exc:
        raise BrokenBuildError(f"The library {path} cannot be loaded ({exc}).") from None
