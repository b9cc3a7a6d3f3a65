"""annarchy_codegen.build_cache / cache_entry: checksum records, healing, leftovers (no compiler)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time

import pytest
from ANNarchy.errors import BuildCacheWarning
from annarchy_codegen import cache_entry
from annarchy_codegen.build_cache import cached_build
from annarchy_codegen.cache_entry import entry_problem, remove_leftovers

KEY = "ab" * 32
OTHER = "cd" * 32


class Maker:
    """A build that writes ``payload`` as the product and counts its calls."""

    def __init__(self, payload=b"\x7fELF library"):
        self.payload, self.calls = payload, 0

    def __call__(self, folder):
        self.calls += 1
        (folder / "lib.so").write_bytes(self.payload)
        return ""


def build(root, make, key=KEY, clean=False):
    return cached_build(root, key, {"net.cpp": "src"}, "lib.so", clean, make, str)


def test_the_entry_records_key_size_and_sha256(tmp_path):
    path, cached = build(tmp_path, Maker())
    record = json.loads((path.parent / "entry.json").read_text())
    assert record == {
        "format": 1,
        "key": KEY,
        "files": {
            "lib.so": {
                "size": 12,
                "sha256": hashlib.sha256(b"\x7fELF library").hexdigest(),
            }
        },
    }
    assert entry_problem(path.parent, KEY, ("lib.so",)) is None
    assert entry_problem(tmp_path / OTHER, OTHER, ("lib.so",)) == ""  # absent: no problem text


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda e: os.truncate(e / "lib.so", 4), "lib.so does not match its recorded checksum"),
        (lambda e: (e / "lib.so").write_bytes(b""), "does not match its recorded checksum"),
        (lambda e: (e / "lib.so").write_bytes(b"\x7fELF librarz"), "does not match"),
        (lambda e: (e / "lib.so").unlink(), "lib.so cannot be read"),
        (lambda e: (e / "entry.json").unlink(), "entry.json is missing or unreadable"),
        (lambda e: (e / "entry.json").write_text("{not json"), "missing or unreadable"),
        (
            lambda e: (e / "entry.json").write_text(
                (e / "entry.json").read_text().replace(KEY, OTHER)
            ),
            "records another build key",
        ),
    ],
    ids=["truncated", "emptied", "one-byte", "deleted", "no-record", "bad-record", "other-key"],
)
def test_a_damaged_entry_is_rebuilt_with_a_warning(tmp_path, damage, problem):
    make = Maker()
    path, _ = build(tmp_path, make)
    damage(path.parent)
    with pytest.warns(BuildCacheWarning, match=problem + r".*It is removed and rebuilt"):
        again, cached = build(tmp_path, make)
    assert (again, cached, make.calls) == (path, False, 2)
    assert again.read_bytes() == b"\x7fELF library"
    assert entry_problem(path.parent, KEY, ("lib.so",)) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == [KEY]  # no trash or build folder


def test_a_damaged_entry_in_the_way_of_the_rename_is_replaced(tmp_path):
    """Another process left a damaged entry while this one compiled: it is replaced."""

    def make(folder):
        (folder / "lib.so").write_bytes(b"good")
        (tmp_path / KEY).mkdir()
        (tmp_path / KEY / "lib.so").write_bytes(b"bad")
        return ""

    path, cached = build(tmp_path, make)
    assert (cached, path.read_bytes()) == (False, b"good")
    assert entry_problem(path.parent, KEY, ("lib.so",)) is None


def test_a_sound_entry_installed_first_by_another_builder_is_used(tmp_path):
    def make(folder):
        build(tmp_path, Maker(b"first"))  # the other builder wins the race
        (folder / "lib.so").write_bytes(b"second")
        return ""

    path, cached = build(tmp_path, make)
    assert (cached, path.read_bytes()) == (False, b"first")
    assert sorted(p.name for p in tmp_path.iterdir()) == [KEY]


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_leftovers_of_dead_or_stale_builders_are_removed(tmp_path):
    host, old = cache_entry.host_tag(), time.time() - cache_entry.STALE_SECONDS - 60
    names = {
        f".build-{KEY[:12]}-{_dead_pid()}-{host}-x1": True,  # killed builder on this host
        f".trash-{_dead_pid()}-{host}-x2": True,
        f".build-{KEY[:12]}-{os.getpid()}-{host}-x3": False,  # a live builder
        f".build-{KEY[:12]}-{_dead_pid()}-00000000-x4": False,  # another host, recent
        f".build-{KEY[:12]}-1-00000000-x5": True,  # another host, stale
        f".build-{KEY[:12]}-legacy": True,  # no owner in the name, stale
        ".build-recent": False,  # no owner in the name, recent
    }
    for name in names:
        (tmp_path / name).mkdir()
        (tmp_path / name / "network.cpp").write_text("src")
    for name in (f".build-{KEY[:12]}-1-00000000-x5", f".build-{KEY[:12]}-legacy"):
        os.utime(tmp_path / name, (old, old))
    (tmp_path / KEY).mkdir()
    removed = {p.name for p in remove_leftovers(tmp_path)}
    assert removed == {name for name, gone in names.items() if gone}
    kept = {p.name for p in tmp_path.iterdir()}
    assert kept == {KEY} | {name for name, gone in names.items() if not gone}


def test_a_build_folder_names_its_owner(tmp_path):
    seen = []
    build(tmp_path, lambda folder: seen.append(folder.name) or Maker()(folder))
    assert seen[0].startswith(f".build-{KEY[:12]}-{os.getpid()}-{cache_entry.host_tag()}-")


def test_discarding_a_damaged_entry_spares_a_sound_one_installed_meanwhile(tmp_path):
    """A process judged the entry damaged, another installed a sound one before the removal:
    the sound one stays (its readers would otherwise find nothing)."""
    from annarchy_codegen.build_cache import _discard_damaged

    path, _ = build(tmp_path, Maker())
    _discard_damaged(path.parent, KEY, ("lib.so",))
    assert path.read_bytes() == b"\x7fELF library"
    os.truncate(path, 3)
    _discard_damaged(path.parent, KEY, ("lib.so",))
    assert sorted(p.name for p in tmp_path.iterdir()) == []
