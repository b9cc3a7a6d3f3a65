"""The C/CUDA printers."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import sympy as sp
from annarchy_parser import ParserError, parse_neuron
from annarchy_parser.functions import clip, ite, modulo, neg, pos, power
from annarchy_parser.ir import Assign, Bound
from annarchy_parser.printers import C_HELPERS, CUDA_HELPERS, CPrinter, UnmappedSymbolError
from parser_testutils import run

x, y = sp.symbols("x y")
MAP = {"x": "x[i]", "y": "y", "pre.r": "pre_r[j]", "dt": "dt"}


@pytest.mark.parametrize(
    "expr, double, single",
    [
        (x / 2, "0.5*x[i]", "0.5f*x[i]"),
        (x / 3, "0.3333333333333333*x[i]", "0.3333333333333333f*x[i]"),
        (x**2, "pow(x[i], 2.0)", "powf(x[i], 2.0f)"),
        (sp.exp(-x), "exp(-x[i])", "expf(-x[i])"),
        (sp.Float(0.1) * x + 3, "0.1*x[i] + 3.0", "0.1f*x[i] + 3.0f"),
        (sp.Float(1e-5), "1e-05", "1e-05f"),
        (sp.pi, "3.141592653589793", "3.141592653589793f"),
        (sp.Abs(x), "fabs(x[i])", "fabsf(x[i])"),
        (sp.Max(x, y), "fmax(x[i], y)", "fmaxf(x[i], y)"),
        (pos(x) + neg(y), "ann_neg(y) + ann_pos(x[i])", "ann_neg(y) + ann_pos(x[i])"),
        (clip(x, 0, 1), "ann_clip(x[i], 0.0, 1.0)", "ann_clip(x[i], 0.0f, 1.0f)"),
        (modulo(x, 10), "ann_modulo(x[i], 10.0)", "ann_modulo(x[i], 10.0f)"),
        (power(x, 3), "ann_power(x[i], 3.0)", "ann_power(x[i], 3.0f)"),
        (
            sp.Symbol("pre.r") * sp.Function("sigmoid")(x),
            "pre_r[j]*ann_fn_sigmoid(x[i])",
            "pre_r[j]*ann_fn_sigmoid(x[i])",
        ),
        (1 / x, "1.0/x[i]", "1.0f/x[i]"),
        (sp.true, "true", "true"),
    ],
)
def test_expressions(expr, double, single):
    assert CPrinter(MAP).expr(expr) == double
    assert CPrinter(MAP, float_type="float").expr(expr) == single


def test_ite_is_a_ternary():
    text = CPrinter(MAP).expr(ite(sp.And(x > 1, sp.Not(y < 2)), 1, sp.Float(0.5)))
    assert text == "((y >= 2.0 && x[i] > 1.0) ? (1.0) : (0.5))"


def test_float_literals_are_exact():
    value = 0.1 + 0.2
    assert float(CPrinter(MAP).expr(sp.Float(value))) == value


def test_statements():
    stmts = [
        Assign("_x", -x / sp.Symbol("dt"), temp=True),
        Assign("x", sp.Symbol("dt") * sp.Symbol("_x"), "+="),
        Assign("_n", x, temp=True, ctype="int"),
        Assign("y", sp.Symbol("_n"), "-="),
        Bound("x", sp.Integer(0), sp.Float(1.5)),
        Bound("y", None, sp.Symbol("x")),
    ]
    assert CPrinter(MAP).statements(stmts) == [
        "double _x = -x[i]/dt;",
        "x[i] += _x*dt;",
        "int _n = x[i];",
        "y -= _n;",
        "if (x[i] < 0.0) x[i] = 0.0;",
        "if (x[i] > 1.5) x[i] = 1.5;",
        "if (y > x[i]) y = x[i];",
    ]
    assert CPrinter(MAP, "float").statements(stmts[:1]) == ["float _x = -x[i]/dt;"]
    # the same statements, keeping their targets where `hold` is true, without a branch
    assert CPrinter(MAP).statements_unless(stmts, "hold") == [
        "double _x = -x[i]/dt;",
        "x[i] = (hold) ? x[i] : (x[i] + (_x*dt));",
        "int _n = x[i];",
        "y = (hold) ? y : (y - (_n));",
        "x[i] = (!(hold) && x[i] < 0.0) ? (0.0) : x[i];",
        "x[i] = (!(hold) && x[i] > 1.5) ? (1.5) : x[i];",
        "y = (!(hold) && y > x[i]) ? (x[i]) : y;",
    ]
    assign = [Assign("x", sp.Symbol("y"))]
    assert CPrinter(MAP).statements_unless(assign, "hold") == ["x[i] = (hold) ? x[i] : (y);"]


def test_unmapped_symbol_raises():
    with pytest.raises(UnmappedSymbolError, match="'z'") as exc:
        CPrinter(MAP).expr(x + sp.Symbol("z"))
    assert isinstance(exc.value, ParserError) and isinstance(exc.value, KeyError)
    with pytest.raises(KeyError):
        CPrinter(MAP).statements([Assign("z", x)])


def test_float_type_is_checked():
    with pytest.raises(ValueError, match="float_type"):
        CPrinter(MAP, "half")


def test_helpers_define_every_printed_helper():
    for name in ("ann_pos", "ann_neg", "ann_clip", "ann_modulo", "ann_power"):
        assert f"double {name}(" in C_HELPERS and f"float {name}(" in C_HELPERS
        assert f"{name}(" in CUDA_HELPERS
    assert "__device__" in CUDA_HELPERS and "__device__" not in C_HELPERS


@pytest.mark.skipif(shutil.which("g++") is None, reason="needs a C++ compiler")
def test_printed_code_compiles_and_matches_the_ir(tmp_path):
    """Print a neuron's updates, compile them with g++, compare with the IR evaluator."""
    ir = parse_neuron(
        "Check",
        {"tau": 10.0, "I": 1.5},
        [
            "tau * dv/dt = I - v + pos(u) * clip(v, -1, 1)",
            "tau * du/dt = v - u^2",
            "n = modulo(7, 3) + power(v, 2)",
            "r = if v > 0.1 and not (u < 0): v else: -u",
            "q = ite(r > 0, 1, 0) + round(v * 10) / 3 + fabs(u) + sqrt(2)",
        ],
        default_method="rk4",
    )
    names = ["v", "u", "n", "r", "q", "tau", "I", "dt"]
    lines = CPrinter({n: n for n in names}).statements(ir.updates.local)
    body = "\n    ".join(lines)
    source = f"""{C_HELPERS}
#include <cstdio>
int main() {{
    double v = 0.3, u = -0.2, n = 0.0, r = 0.0, q = 0.0, tau = 10.0, I = 1.5, dt = 0.5;
    for (int step = 0; step < 3; step++) {{
    {body}
    }}
    std::printf("%.17g %.17g %.17g %.17g %.17g\\n", v, u, n, r, q);
    return 0;
}}
"""
    (tmp_path / "check.cpp").write_text(source)
    exe = tmp_path / "check"
    subprocess.run(["g++", "-O0", "-o", str(exe), str(tmp_path / "check.cpp")], check=True)
    printed = [
        float(s)
        for s in subprocess.run(
            [str(exe)], capture_output=True, text=True, check=True
        ).stdout.split()
    ]
    state = {"v": 0.3, "u": -0.2, "n": 0.0, "r": 0.0, "q": 0.0, "tau": 10.0, "I": 1.5, "dt": 0.5}
    for _ in range(3):
        run(ir.updates.local, state)
    assert printed == pytest.approx([state[k] for k in ("v", "u", "n", "r", "q")], abs=1e-12)
