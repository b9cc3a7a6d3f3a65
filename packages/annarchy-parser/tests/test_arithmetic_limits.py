"""Arithmetic that cannot kill the process: modulo by 0, large powers, long and deeply nested
expressions (a ParserError beyond the parser's limits, never a RecursionError)."""

from __future__ import annotations

import math
import shutil
import subprocess
import time

import pytest
import sympy as sp
from annarchy_parser import ParserError, parse_neuron
from annarchy_parser.functions import modulo, pos, power
from annarchy_parser.lexer import split_sum
from annarchy_parser.printers import C_HELPERS, CUDA_HELPERS

A = sp.Symbol("a")


def rhs(expr: str) -> sp.Basic:
    return parse_neuron("E", {"a": 1.0, "b": 2.0}, f"r = {expr}").updates.local[0].expr


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a - -b*c + (d + e)", [(1, "a"), (1, "b*c"), (1, "(d + e)")]),
        ("x**-2 + 1", [(1, "x**-2"), (1, "1")]),
        ("- - -x", [(-1, "x")]),
        ("a * -b - c", [(1, "a * -b"), (-1, "c")]),
        ("2e-3 - f(x, y)", [(1, "2e-3"), (-1, "f(x, y)")]),
        ("pre.r - post.r", [(1, "pre.r"), (-1, "post.r")]),
        ("a < b + c", None),  # a comparison binds looser than '+'
        ("x if c else y - 1", None),
        ("a and b", None),
        ("a +", None),
        ("a - (b", None),
    ],
)
def test_split_sum(text, expected):
    assert split_sum(text) == expected


def test_ten_thousand_terms_parse_as_one_flat_sum():
    expr = rhs(" + ".join(f"pos(a - {k})" for k in range(1, 10_001)))
    assert expr.func is sp.Add and len(expr.args) == 10_000
    assert {term.args[0] for term in expr.args} == {A - k for k in range(1, 10_001)}
    assert all(isinstance(term, pos) for term in expr.args)


def test_long_chains_inside_a_term_are_flattened():
    assert rhs(" + ".join(["a"] * 900) + " - b") == 900 * A - sp.Symbol("b")
    assert rhs("b * (" + " - ".join(["a"] * 600) + ")") == -598 * A * sp.Symbol("b")
    assert rhs("*".join(["a"] * 500)) == A**500


@pytest.mark.parametrize("signs, sign", [(3000, 1), (3001, -1), (19_999, -1)])
def test_long_runs_of_unary_minus(signs, sign):
    assert rhs("-" * signs + "a") == sign * A
    assert rhs("b * " + "-" * (signs % 600) + "a") == (-1) ** (signs % 600) * A * sp.Symbol("b")


@pytest.mark.parametrize(
    "text, message",
    [
        (" + ".join(["a"] * 100_000), "too long"),
        ("-" * 100_000 + "a", "too long"),
        ("-" * 30_000 + "a", "signs in a row"),
        ("b + " + " + ".join(["a"] * 25_000), "sum has 25001 terms"),
        ("pos(" * 1000 + "a" + ")" * 1000, "nests 1000 brackets"),
        ("(" * 3000 + "-a" + ")" * 3000, "nests 3000 brackets"),
        ("*".join(["a"] * 3000), "too deeply nested"),
        ("**".join(["a"] * 500), "too deeply nested"),
        ("b * " + "-" * 5000 + "a", "too deeply nested"),
        ("a if a > 0 else " * 1000 + "a", "too deeply nested"),
    ],
)
def test_beyond_the_limits_a_parser_error_quickly(text, message):
    tic = time.perf_counter()
    with pytest.raises(ParserError, match=message) as info:
        rhs(text)
    assert time.perf_counter() - tic < 20.0
    assert len(str(info.value)) < 500  # the message quotes the start of the line only


def test_modulo_by_zero_is_nan_not_a_trap():
    assert modulo(7, 3) == 1 and modulo(-7, 3) == -1 and modulo(7.9, -3.2) == 1
    assert modulo(5, 0) is sp.nan and modulo(5, 0.5) is sp.nan and modulo(sp.oo, 3) is sp.nan
    assert isinstance(modulo(sp.Symbol("t"), 0), modulo)  # computed (NaN) at run time
    with pytest.raises(ParserError, match="undefined"):
        rhs("modulo(5, 0)")
    with pytest.raises(ParserError, match="undefined"):
        rhs("5 % 0")


def test_power_of_numbers():
    assert power(2, 3) == 8 and power(2, 0) == 1 and power(3, 8) == 6561
    assert float(power(2, 0.5)) == math.sqrt(2.0)
    assert float(power(2, -1)) == 0.5
    assert float(power(1.000000001, 1e10)) == math.pow(1.000000001, 1e10)
    assert isinstance(power(A, 1e10), power)
    with pytest.raises(ParserError, match="infinite"):
        rhs("power(2, 1e10)")  # never computed as an exact 10-billion-digit integer


def test_cuda_helpers_have_the_same_semantics():
    body = C_HELPERS[C_HELPERS.index("ANN_QUALIFIER double ann_pos") :]
    assert body in CUDA_HELPERS


HELPER_CHECK = r"""
#include <cstdio>
int main() {
    volatile double zero = 0.0, x = 1.000000001, y = 1.1;
    volatile int izero = 0, seven = 7, three = 3;
    volatile float fx = 1.5f;
    std::printf("%.17g %.17g %.17g %.17g %.17g %.17g\n", ann_modulo(7.0, zero),
        ann_modulo(7.9, -3.2), ann_modulo(-7.0, 3.0), (double)ann_modulo(7.5f, 0.0f),
        ann_modulo(seven, izero), ann_modulo(seven, three));
    std::printf("%.17g %.17g %.17g %.17g %.17g %.17g %.17g\n", ann_power(x, 1e10),
        ann_power(y, 3.0), ann_power(y, 8.0), ann_power(y, 0.0), ann_power(y, -2.0),
        ann_power(y, 2.5), (double)ann_power(fx, 3.0f));
    std::printf("%.17g %.17g\n", ann_power(three, seven), ann_modulo(seven, 2.0));
    return 0;
}
"""


@pytest.mark.skipif(shutil.which("g++") is None, reason="needs a C++ compiler")
def test_helpers_compiled_never_trap(tmp_path):
    (tmp_path / "check.cpp").write_text(C_HELPERS + HELPER_CHECK)
    exe = tmp_path / "check"
    build = subprocess.run(
        ["g++", "-O2", "-Wall", "-Wextra", "-o", str(exe), str(tmp_path / "check.cpp")],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0 and not build.stderr, build.stderr
    run = subprocess.run([str(exe)], capture_output=True, text=True, timeout=10)
    assert run.returncode == 0  # no SIGFPE
    mod, pw, ints = (line.split() for line in run.stdout.splitlines())
    assert [float(v) for v in mod][1:3] == [1.0, -1.0] and float(mod[5]) == 1.0
    assert all(math.isnan(float(mod[k])) for k in (0, 3, 4))
    y = 1.1
    assert float(pw[0]) == math.pow(1.000000001, 1e10)
    assert float(pw[1]) == 1.0 * y * y * y  # the old repeated multiplication, bit for bit
    assert float(pw[2]) == 1.0 * y * y * y * y * y * y * y * y
    assert float(pw[3]) == 1.0
    assert float(pw[4]) == math.pow(y, -2.0) and float(pw[5]) == math.pow(y, 2.5)
    assert float(pw[6]) == 3.375
    assert [float(v) for v in ints] == [2187.0, 1.0]
