"""Reading pickles without running code from them.

``pickle.load`` calls whatever callable a file names, so a crafted ``.data``/``.gz`` file could
run any code. `load_pickle` only rebuilds what saved states hold: containers, numbers,
strings and numpy arrays (with their dtypes and scalars). Any other global the file names is
refused with a `StateFileError` before it is looked up.
"""

from __future__ import annotations

import pickle

import numpy as np

#: the only globals a saved state may name: what numpy needs to rebuild arrays, dtypes and
#: scalars (numpy 1.x modules are ``numpy.core``, numpy 2.x ``numpy._core``)
ALLOWED_GLOBALS = frozenset(
    (module, name)
    for core in ("numpy.core", "numpy._core")
    for module, name in (
        (f"{core}.multiarray", "_reconstruct"),
        (f"{core}.multiarray", "scalar"),
        (f"{core}.numeric", "_frombuffer"),
    )
) | {("numpy", "ndarray"), ("numpy", "dtype")}


class UnsafePickleError(pickle.UnpicklingError):
    """The pickle names a global that a saved state never holds."""


class _RestrictedUnpickler(pickle.Unpickler):
    """An unpickler that resolves only `ALLOWED_GLOBALS`."""

    def find_class(self, module: str, name: str):
        if (module, name) not in ALLOWED_GLOBALS:
            raise UnsafePickleError(
                f"it names '{module}.{name}', which is not part of a saved state (only "
                "containers, numbers, strings and numpy arrays are read)"
            )
        return super().find_class(module, name)

    def persistent_load(self, pid):
        raise UnsafePickleError("it holds persistent references, which saved states never do")


def load_pickle(handle, encoding: str | None = None):
    """Read one pickle from the binary file ``handle``, refusing anything but plain data.

    Parameters
    ----------
    handle : binary file
        Open file positioned at the pickle.
    encoding : str, optional
        How strings of Python 2 pickles are decoded (``'ASCII'`` by default).

    Raises
    ------
    UnsafePickleError
        The pickle names a callable or class that is not allowed.
    pickle.UnpicklingError, EOFError, ValueError, TypeError
        The data is truncated or corrupt.
    """
    unpickler = _RestrictedUnpickler(handle, encoding=encoding or "ASCII")
    return unpickler.load()


def load_npz(path, encoding: str | None = None) -> dict:
    """The arrays of a ``.npz`` file, object arrays read with `load_pickle`.

    ``numpy.load(allow_pickle=True)`` would unpickle object arrays without restriction; here
    the header of each member is read by numpy and object data by the restricted unpickler.
    """
    import zipfile

    from numpy.lib import format as npy

    out = {}
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            key = member[:-4] if member.endswith(".npy") else member
            with archive.open(member) as handle:
                dtype = _member_dtype(npy, handle)
            with archive.open(member) as handle:
                if not dtype.hasobject:
                    out[key] = npy.read_array(handle, allow_pickle=False)
                    continue
                _member_dtype(npy, handle)
                value = load_pickle(handle, encoding)
                out[key] = value if isinstance(value, np.ndarray) else np.asarray(value)
    return out


def _member_dtype(npy, handle) -> np.dtype:
    """The dtype in the header of an ``.npy`` stream, which is left after the header."""
    version = npy.read_magic(handle)
    reader = npy.read_array_header_1_0 if version == (1, 0) else npy.read_array_header_2_0
    return reader(handle)[2]
