"""The build arguments of ``compile()`` beyond compiler and flags: checked once, here.

``add_sources`` (C++ files compiled and linked into the network's library), ``extra_libs``
(libraries and linker flags), ``debug_build`` and ``profile_enabled`` reach the backend through
`BuildOptions`. A backend names the ones it honours in its
``build_features`` attribute; asking a backend for one it does not list raises
``BackendCapabilityError`` instead of silently building without it.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from ..errors import BackendCapabilityError, InvalidConfiguration

#: suffixes of the files ``add_sources`` accepts (each compiled by the C++ compiler)
SOURCE_SUFFIXES = (".cpp", ".cc", ".cxx", ".c")
#: suffixes of the library files ``extra_libs`` accepts as paths
LIBRARY_SUFFIXES = (".so", ".a")
#: the build arguments, as ``compile()`` names them, with their "not asked" value
BUILD_FEATURES = {
    "add_sources": (),
    "extra_libs": (),
    "debug_build": False,
    "profile_enabled": False,
}


def _items(argument: str, value) -> list[str]:
    """The items of a string (shell syntax, space-separated) or of a list of strings."""
    if value is None:
        return []
    if isinstance(value, (str, Path)):
        try:
            return shlex.split(str(value))
        except ValueError as exc:
            raise InvalidConfiguration(
                f"compile(): {argument}={value!r} is malformed ({exc})."
            ) from None
    if isinstance(value, (list, tuple)):
        items = []
        for item in value:
            if not isinstance(item, (str, Path)):
                raise InvalidConfiguration(
                    f"compile(): {argument} holds {item!r}; give file names or flags as strings."
                )
            items.append(str(item))
        return [item for item in items if item.strip()]
    raise InvalidConfiguration(
        f"compile(): {argument} must be a string or a list of strings, not {type(value).__name__}."
    )


def check_sources(add_sources) -> tuple[str, ...]:
    """The absolute paths of the files of ``add_sources``; each must exist and be C/C++."""
    paths = []
    for item in _items("add_sources", add_sources):
        path = Path(item).expanduser()
        if path.suffix.lower() not in SOURCE_SUFFIXES:
            raise InvalidConfiguration(
                f"compile(): add_sources item '{item}' is not a C++ source file (expected one "
                f"of {', '.join(SOURCE_SUFFIXES)}); pass libraries with extra_libs."
            )
        if not path.is_file():
            raise InvalidConfiguration(
                f"compile(): add_sources item '{item}' does not exist (looked for {path.resolve()})."
            )
        paths.append(str(path.resolve()))
    return tuple(paths)


def check_libs(extra_libs) -> tuple[str, ...]:
    """The items of ``extra_libs``: ``-lname``, ``-Lpath`` or an existing ``.so``/``.a`` file
    (made absolute)."""
    libs = []
    for item in _items("extra_libs", extra_libs):
        if item.startswith(("-l", "-L")) and len(item) > 2:
            libs.append(item)
            continue
        path = Path(item).expanduser()
        is_library = path.suffix in LIBRARY_SUFFIXES or ".so." in path.name
        if is_library and path.is_file():
            libs.append(str(path.resolve()))
            continue
        what = "does not exist" if is_library else "is not -lname, -Lpath or a .so/.a file"
        raise InvalidConfiguration(f"compile(): extra_libs item '{item}' {what}.")
    return tuple(libs)


def build_arguments(add_sources="", extra_libs="", debug_build=False, profile_enabled=False):
    """The checked build arguments, as keyword arguments of ``BuildOptions``."""
    return {
        "add_sources": check_sources(add_sources),
        "extra_libs": check_libs(extra_libs),
        "debug_build": bool(debug_build),
        "profile_enabled": bool(profile_enabled),
    }


def check_backend(backend, paradigm: str, arguments: dict) -> None:
    """Raise ``BackendCapabilityError`` for an asked build argument that ``backend`` does not
    list in its ``build_features``."""
    honoured = set(getattr(backend, "build_features", ()))
    for name, unset in BUILD_FEATURES.items():
        if arguments.get(name, unset) != unset and name not in honoured:
            raise BackendCapabilityError(
                f"compile(): the '{paradigm}' backend does not support {name}=...; leave it "
                "out or choose a backend that does (the openmp backend supports all of "
                f"{', '.join(BUILD_FEATURES)})."
            )
