"""``c_comment``: user text made safe for a generated C/C++/CUDA comment (issue 10, item 3)."""

from __future__ import annotations

import pytest
from annarchy_codegen.names import COMMENT_LIMIT, c_comment

HOSTILE = [
    'p */ #include <cstdlib>\nstatic int e = std::system("touch /tmp/x") /*',
    "a // b \\\n c",
    "??/ ??= trigraphs",
    "{{ 7*7 }} {% raw %} {# c #}",
    "nul \x00 byte, tab\t, cr\r, ff\f, vt\v",
    "é漢字 \u2028 \u202e",
    "/" * 10 + "*" * 10,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_c_comment_keeps_only_a_safe_subset(text):
    safe = c_comment(text)
    assert safe.isascii() and safe.isprintable()
    assert set(safe) <= set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _.,:()'-"
    )
    for fragment in ("*/", "/*", "//", "\\", "??", "{{", "{%", "#", "::", "\n", "\x00"):
        assert fragment not in safe


def test_c_comment_examples():
    assert c_comment("pop0 (Exc, Izhikevich)") == "pop0 (Exc, Izhikevich)"
    assert c_comment("p */ #include <x>") == "p __ _include _x_"
    assert c_comment("std::system") == "std:_system"
    assert c_comment(None) == "None"


def test_c_comment_is_cut():
    assert len(c_comment("x" * 1000)) == COMMENT_LIMIT
    assert c_comment("x" * 1000).endswith("...")
    assert c_comment("ab", limit=2) == "ab"
