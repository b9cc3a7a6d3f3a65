"""The build folder given to ``compile(directory=...)``: checked and created before any backend
writes into it, and the warning stack level that points at the user's call. Backend-neutral, so
it lives in core; the build cache of code-generating backends (``annarchy_codegen``) uses it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ANNarchy.errors import InvalidConfiguration

#: room for ``/<key>/`` and the longest file name the cache writes below the folder
_ENTRY_ROOM = 160
_NAME_MAX = 255
_PATH_MAX = 4096


def user_stacklevel() -> int:
    """The ``stacklevel`` for ``warnings.warn`` called by the caller of this function that
    names the first frame outside the library (the user's ``compile()`` call)."""
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_globals.get("__name__", "").startswith(
        ("ANNarchy.", "annarchy_")
    ):
        frame, level = frame.f_back, level + 1
    return level


def check_directory(directory) -> Path:
    """The cache folder ``directory`` as a Path, created if missing; a clear error when it is not
    a usable folder (wrong type, NUL byte, too long, a file, cannot be created)."""
    if isinstance(directory, bytes):
        directory = os.fsdecode(directory)
    if not isinstance(directory, (str, os.PathLike)):
        raise InvalidConfiguration(
            f"compile(directory=...) must be a folder path (str or pathlib.Path), "
            f"not {type(directory).__name__}."
        )
    text = os.fspath(directory)
    text = os.fsdecode(text) if isinstance(text, bytes) else text
    if not text.strip():
        raise InvalidConfiguration("compile(directory=...) is empty; give a folder path.")
    if "\0" in text:
        raise InvalidConfiguration(
            f"compile(directory={text!r}) contains a NUL byte; give a plain folder path."
        )
    _check_length(text)
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise InvalidConfiguration(
            f"compile(directory='{text}') names an existing file, not a folder; "
            "give the path of a folder (it is created if missing)."
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidConfiguration(
            f"compile(directory='{text}'): the folder cannot be created "
            f"({exc.strerror or exc}); choose a writable folder."
        ) from None
    return path


def _check_length(text: str) -> None:
    full = os.path.abspath(text)
    try:
        encoded = os.fsencode(full)
    except UnicodeError:
        raise InvalidConfiguration(
            f"compile(directory={text!r}) cannot be encoded as a file name."
        ) from None
    longest = max((len(part) for part in encoded.split(b"/")), default=0)
    if longest > _NAME_MAX:
        raise InvalidConfiguration(
            f"compile(directory=...): a component of the path is {longest} bytes long, over "
            f"the {_NAME_MAX} bytes a file name may have; choose a shorter path."
        )
    if len(encoded) + _ENTRY_ROOM > _PATH_MAX:
        raise InvalidConfiguration(
            f"compile(directory=...): the path is {len(encoded)} bytes long; the build cache "
            f"needs paths under {_PATH_MAX - _ENTRY_ROOM} bytes; choose a shorter path."
        )
