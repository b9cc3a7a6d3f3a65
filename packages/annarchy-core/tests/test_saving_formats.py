"""The file formats of save(): bit-exact round trips of typed arrays, and clear errors."""

from __future__ import annotations

import numpy as np
import pytest
from ANNarchy.core.saving_formats import (
    FORMAT_TAG,
    StateFileError,
    StateMismatchError,
    fetch,
    file_format,
    read_file,
    write_file,
)

ARRAYS = {
    "p0__v": np.array([0.1, -2.5e-300, np.pi, 1e308]),
    "p0__n": np.array([3, -7, 2**40], dtype=np.int64),
    "p0__flag": np.array([True, False, True]),
    "p0__g": np.array(0.30000000000000004),
    "c0__empty": np.zeros(0),
}
META = {"format": FORMAT_TAG, "version": 1, "kind": "network", "names": ["A b", "é"]}


@pytest.mark.parametrize("ext", ["npz", "mat", "h5", "hdf5", "data", "txt", "pkl", "txt.gz"])
def test_round_trip(tmp_path, ext):
    path = tmp_path / "sub" / f"state.{ext}"
    write_file(path, META, ARRAYS)
    meta, arrays = read_file(path)
    assert meta == META
    for key, value in ARRAYS.items():
        got = fetch(arrays, key, value.shape, value.dtype, key)
        assert got.dtype == value.dtype and np.array_equal(got, value), key


def test_formats_by_extension():
    assert [file_format(f"a.{e}") for e in ("npz", "MAT", "h5", "hdf5", "x.gz", "data")] == [
        "npz",
        "mat",
        "h5",
        "h5",
        "gz",
        "pickle",
    ]
    with pytest.raises(StateFileError, match="Cannot tell the format of 'a.csv'"):
        file_format("a.csv")


def test_foreign_and_newer_files(tmp_path):
    np.savez(tmp_path / "plain.npz", x=np.zeros(3))
    with pytest.raises(StateFileError, match="not written by ANNarchy 5"):
        read_file(tmp_path / "plain.npz")
    write_file(tmp_path / "new.npz", {**META, "version": 99}, {})
    with pytest.raises(StateFileError, match="format version 99"):
        read_file(tmp_path / "new.npz")
    (tmp_path / "bad.h5").write_bytes(b"\x89HDF\r\n garbage")
    with pytest.raises(StateFileError, match="truncated, corrupt"):
        read_file(tmp_path / "bad.h5")


def test_fetch_checks_sizes_and_kinds():
    arrays = {"a": np.arange(6.0), "s": np.array(["x"])}
    assert fetch(arrays, "a", (2, 3), np.float64, "A").shape == (2, 3)
    with pytest.raises(StateMismatchError, match="holds 6 values, the network needs 5"):
        fetch(arrays, "a", (5,), np.float64, "A")
    with pytest.raises(StateMismatchError, match="not numbers"):
        fetch(arrays, "s", (1,), np.float64, "S")
    with pytest.raises(StateMismatchError, match="no values for it"):
        fetch(arrays, "b", (1,), np.float64, "B")
