"""Files of saved state: one flat ``{key: ndarray}`` dictionary plus a JSON description.

Every format stores the same two things: ``meta`` (a JSON-able dict describing what was saved)
and ``arrays`` (numpy arrays under plain keys such as ``pop0__v``). The format is chosen by the
file extension:

- ``.npz``: ``numpy.savez_compressed`` (no pickle needed to read it back),
- ``.mat``: ``scipy.io.savemat`` with compression (MATLAB 5),
- ``.h5`` / ``.hdf5``: HDF5 through h5py, gzip-compressed datasets,
- ``.gz``: a gzip-compressed pickle; ``.data``, ``.txt``, ``.pkl``, ``.pickle``: a pickle.
"""

from __future__ import annotations

import gzip
import json
import os
import pickle
import zipfile
from pathlib import Path

import numpy as np

from ..errors import ANNarchyException
from .safe_pickle import UnsafePickleError, load_npz, load_pickle

#: the value of ``meta["format"]`` in every file written by ``save()``
FORMAT_TAG = "ANNarchy5-state"
FORMAT_VERSION = 1
META_KEY = "annarchy_meta"
PICKLE_EXTENSIONS = (".data", ".txt", ".pkl", ".pickle")
KNOWN_EXTENSIONS = (".npz", ".mat", ".h5", ".hdf5", ".gz", *PICKLE_EXTENSIONS)


class StateFileError(ANNarchyException):
    """A state/connectivity file that cannot be written or read (format, truncation, content)."""


class StateMismatchError(StateFileError):
    """A file whose content does not fit the network it is loaded into (names, sizes, ...)."""


def file_format(filename) -> str:
    """The format of ``filename`` from its extension: 'npz', 'mat', 'h5', 'gz' or 'pickle'."""
    name = os.fspath(filename).lower()
    for ext, fmt in ((".npz", "npz"), (".mat", "mat"), (".h5", "h5"), (".hdf5", "h5")):
        if name.endswith(ext):
            return fmt
    if name.endswith(".gz"):
        return "gz"
    if name.endswith(PICKLE_EXTENSIONS):
        return "pickle"
    raise StateFileError(
        f"Cannot tell the format of '{filename}' from its extension; use one of "
        f"{', '.join(KNOWN_EXTENSIONS)} (.npz is recommended)."
    )


# ---------------------------------------------------------------------------------- writing
def write_file(filename, meta: dict, arrays: dict[str, np.ndarray]) -> None:
    """Write ``meta`` and ``arrays`` to ``filename`` in the format of its extension.

    Parameters
    ----------
    filename : str or path
        Destination; missing parent folders are created.
    meta : dict
        JSON-able description.
    arrays : dict of str to ndarray
        Keys are identifiers (letters, digits, underscores).
    """
    fmt = file_format(filename)
    path = Path(filename)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(meta)
    writer = {"npz": _write_npz, "mat": _write_mat, "h5": _write_h5}.get(fmt, _write_pickle)
    writer(path, fmt, text, arrays)


def _write_npz(path: Path, fmt: str, text: str, arrays: dict) -> None:
    with open(path, "wb") as f:
        np.savez_compressed(f, **{META_KEY: np.array(text)}, **arrays)


def _write_mat(path: Path, fmt: str, text: str, arrays: dict) -> None:
    from scipy.io import savemat

    data = {META_KEY: text}
    for key, value in arrays.items():
        value = np.asarray(value)
        data[key] = value.astype(np.uint8) if value.dtype == np.bool_ else value
    savemat(path, data, do_compression=True, oned_as="row")


def _write_h5(path: Path, fmt: str, text: str, arrays: dict) -> None:
    import h5py

    with h5py.File(path, "w") as f:
        f.attrs[META_KEY] = text
        for key, value in arrays.items():
            value = np.asarray(value)
            if value.ndim and value.size:
                f.create_dataset(key, data=value, compression="gzip")
            else:
                f.create_dataset(key, data=value)


def _write_pickle(path: Path, fmt: str, text: str, arrays: dict) -> None:
    opener = gzip.open if fmt == "gz" else open
    with opener(path, "wb") as f:
        pickle.dump({META_KEY: text, "arrays": dict(arrays)}, f, protocol=4)


# ---------------------------------------------------------------------------------- reading
def read_file(filename, pickle_encoding=None) -> tuple[dict, dict[str, np.ndarray]]:
    """Read a file written by `write_file`.

    Returns
    -------
    (meta, arrays)
        Arrays of ``.mat`` files come back 2D; callers reshape them to the expected shapes.

    Raises
    ------
    StateFileError
        Unknown extension, missing, truncated or foreign file.
    """
    fmt = file_format(filename)
    path = Path(filename)
    if not path.is_file():
        raise StateFileError(f"The file '{filename}' does not exist.")
    reader = {"npz": _read_npz, "mat": _read_mat, "h5": _read_h5}.get(fmt, _read_pickle)
    try:
        text, arrays = reader(path, fmt, pickle_encoding)
    except StateFileError:
        raise
    except (
        OSError,
        EOFError,
        ValueError,
        KeyError,
        TypeError,
        LookupError,
        zipfile.BadZipFile,
    ) as err:
        raise _unreadable(filename, fmt, err) from None
    except UnsafePickleError as err:
        raise StateFileError(
            f"Refusing to read '{filename}': {err}. It was not written by ANNarchy's save(); "
            "only open files from sources you trust with pickle-based tools."
        ) from None
    except pickle.UnpicklingError as err:
        raise _unreadable(filename, fmt, err) from None
    if text is None:  # a file of ANNarchy 4 / the reference: converted by the loaders
        return {"format": FORMAT_TAG, "kind": "legacy", "legacy": arrays}, {}
    return _parse_meta(filename, text), arrays


def _unreadable(filename, fmt: str, err: Exception) -> StateFileError:
    return StateFileError(
        f"Cannot read '{filename}' as a {fmt} file written by ANNarchy's save(): it is "
        f"truncated, corrupt or of another kind ({type(err).__name__}: {err})."
    )


def _parse_meta(filename, text) -> dict:
    try:
        meta = json.loads(str(text))
    except (TypeError, ValueError):
        meta = None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_TAG:
        raise StateFileError(
            f"'{filename}' was not written by ANNarchy 5's save()/save_connectivity() "
            "(its description is missing or unreadable)."
        )
    if meta.get("version", 0) > FORMAT_VERSION:
        raise StateFileError(
            f"'{filename}' uses format version {meta.get('version')}; this ANNarchy reads "
            f"version {FORMAT_VERSION} or older: upgrade ANNarchy."
        )
    return meta


def _missing_meta(path: Path) -> StateFileError:
    return StateFileError(
        f"'{path}' was not written by ANNarchy 5's save()/save_connectivity() (no "
        f"'{META_KEY}' entry)."
    )


def _read_npz(path: Path, fmt: str, encoding) -> tuple[str, dict]:
    data = load_npz(path, encoding)
    if META_KEY not in data:
        legacy = {k: v.item() if not v.ndim else v for k, v in data.items()}
        if not is_legacy(legacy):
            raise _missing_meta(path)
        return None, legacy
    text = data.pop(META_KEY)
    return str(text), data


def _read_mat(path: Path, fmt: str, encoding) -> tuple[str, dict]:
    from scipy.io import loadmat

    data = loadmat(path, squeeze_me=False, chars_as_strings=True)
    if META_KEY not in data:
        raise _missing_meta(path)
    text = np.asarray(data[META_KEY]).ravel()
    arrays = {k: np.asarray(v) for k, v in data.items() if not k.startswith("__")}
    del arrays[META_KEY]
    return str(text[0]) if text.size else "", arrays


def _read_h5(path: Path, fmt: str, encoding) -> tuple[str, dict]:
    import h5py

    with h5py.File(path, "r") as f:
        if META_KEY not in f.attrs:
            raise _missing_meta(path)
        text = f.attrs[META_KEY]
        arrays = {key: np.asarray(f[key][()]) for key in f.keys()}
    return text.decode() if isinstance(text, bytes) else str(text), arrays


def _read_pickle(path: Path, fmt: str, encoding) -> tuple[str, dict]:
    opener = gzip.open if fmt == "gz" else open
    with opener(path, "rb") as f:
        data = load_pickle(f, encoding)
    if isinstance(data, dict) and META_KEY not in data and is_legacy(data):
        return None, data
    if not isinstance(data, dict) or META_KEY not in data:
        raise _missing_meta(path)
    arrays = data.get("arrays")
    if not isinstance(arrays, dict):
        raise _missing_meta(path)
    return data[META_KEY], {str(k): np.asarray(v) for k, v in arrays.items()}


def is_legacy(data: dict) -> bool:
    """Whether ``data`` is a state saved by the reference (a network, population or projection)."""
    if "obj_names" in data and "time_step" in data:
        return True
    return {"name", "attributes"} <= set(data) and ("size" in data or "pre_ranks" in data)


def fetch(arrays: dict, key: str, shape: tuple[int, ...], dtype, where: str) -> np.ndarray:
    """``arrays[key]`` checked to hold ``prod(shape)`` numbers and returned with ``shape``/``dtype``.

    Raises
    ------
    StateMismatchError
        The entry is missing, has another number of values or is not numeric.
    """
    if key not in arrays:
        raise StateMismatchError(f"{where}: the file has no values for it (entry '{key}').")
    value = np.asarray(arrays[key])
    expected = int(np.prod(shape, dtype=np.int64))
    if value.size != expected:
        raise StateMismatchError(
            f"{where}: the file holds {value.size} values, the network needs {expected} "
            f"(shape {shape})."
        )
    if value.dtype.kind not in "biuf":
        raise StateMismatchError(f"{where}: the file holds {value.dtype} data, not numbers.")
    return value.reshape(shape).astype(dtype, copy=True)
