"""ANNarchy.core.build_folder: the folder given to compile(directory=...) is checked and created."""

from __future__ import annotations

import os

import pytest
from ANNarchy.core.build_folder import check_directory
from ANNarchy.errors import InvalidConfiguration


@pytest.mark.parametrize(
    ("directory", "message"),
    [
        ("a\0b", "contains a NUL byte"),
        ("x" * 256, "over the 255 bytes"),
        ("/".join(["d" * 250] * 17), "choose a shorter path"),
        ("   ", "is empty"),
        (3.5, "must be a folder path"),
    ],
)
def test_check_directory_errors(directory, message):
    with pytest.raises(InvalidConfiguration, match=message):
        check_directory(directory)


def test_check_directory_creates_the_folder(tmp_path):
    assert check_directory(os.fsencode(tmp_path / "a" / "b")) == tmp_path / "a" / "b"
    assert (tmp_path / "a" / "b").is_dir()
    (tmp_path / "file").write_text("x")
    with pytest.raises(InvalidConfiguration, match="names an existing file"):
        check_directory(tmp_path / "file")
