"""annarchy_codegen: the backend-neutral helpers of code-generating backends (no backend here)."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from ANNarchy.errors import CompilationError, InvalidConfiguration
from annarchy_codegen.build_cache import cached_build, content_key
from annarchy_codegen.random_draws import draw_call
from annarchy_codegen.recording import Recorder, RecorderBook, array_capacity
from annarchy_parser.ir import RandomDraw


def test_content_key_is_the_sha256_of_parts_then_named_sources():
    expected = hashlib.sha256(b"v1\0gcc\0a.cpp\0int x;\0b.h\0\0").hexdigest()
    assert content_key(("v1", "gcc"), {"b.h": "", "a.cpp": "int x;"}) == expected


def test_cached_build_reuses_the_entry_and_keeps_failures(tmp_path):
    calls = []

    def make(folder):
        calls.append(folder)
        (folder / "lib.so").write_text("binary")
        return ""

    args = (tmp_path, "k" * 64, {"net.cpp": "src"}, "lib.so")
    path, cached = cached_build(*args, False, make, str)
    assert (cached, path.read_text(), (path.parent / "net.cpp").read_text()) == (
        False,
        "binary",
        "src",
    )
    again, cached = cached_build(*args, False, make, str)
    assert (again, cached, len(calls)) == (path, True, 1)
    with pytest.raises(CompilationError, match=r"failed-k{16}: boom"):
        cached_build(
            tmp_path,
            "k" * 63 + "x",
            {"net.cpp": "bad"},
            "lib.so",
            False,
            lambda folder: "boom",
            lambda failed, errors: f"{failed.name}: {errors}",
        )
    assert (tmp_path / ("failed-" + "k" * 16) / "net.cpp").read_text() == "bad"


class _Printer:
    def expr(self, e):
        return str(e)


def test_draw_call_bounds_casts_and_errors():
    normal = RandomDraw("_rand_0", "Normal", (0.0, 1.0, None, 2.0), "local")
    assert draw_call(normal, 3, "i", _Printer()) == (
        "ann_bound(ann_normal(seed, step, 3u, i, 0.0, 1.0), -INFINITY, 2.0)"
    )
    gamma = RandomDraw("_rand_1", "Gamma", (2.0,), "global")
    assert draw_call(gamma, 0, "0", _Printer(), argument=lambda a: f"(double)({a})") == (
        "ann_gamma(seed, step, 0u, 0, (double)(2.0), 1.0)"
    )
    with pytest.raises(InvalidConfiguration, match="Unknown random distribution 'Cauchy'"):
        draw_call(RandomDraw("_rand_2", "Cauchy", (0.0,), "local"), 0, "i", _Printer())


class _Channel:
    def __init__(self, name, data, gather=None):
        self.name, self.data, self.gather = name, data, gather

    def take(self):
        return self.data


def test_recorder_book_ids_periods_and_gathered_fetch():
    book = RecorderBook()
    first = book.add(Recorder("pop0", [_Channel("r", np.arange(6.0).reshape(2, 3), [2, 0])], 2, 1))
    second = book.add(Recorder("pop1", [], 1, 0))
    assert (first, second) == (0, 1)
    np.testing.assert_array_equal(book.fetch(first)["r"], [[2.0, 0.0], [5.0, 3.0]])
    assert [book.get(first).due(s) for s in range(5)] == [False, True, False, True, False]
    book.remove(first)
    with pytest.raises(InvalidConfiguration, match="No recorder with id 0"):
        book.fetch(first)
    with pytest.raises(InvalidConfiguration, match="period must be >= 1 step, not 0"):
        book.add(Recorder("pop0", [], 0, 0))
    assert (
        array_capacity(800, 8000, 4096),
        array_capacity(0, 10, 3),
        array_capacity(99, 10, 5),
    ) == (
        10,
        3,
        1,
    )
