"""Names the user chooses: ASCII identifiers, used in C only behind prefixes (issue 10, item 3)."""

from __future__ import annotations

import pytest
import sympy as sp
from annarchy_parser import ParserError, parse_function, parse_neuron, parse_synapse
from annarchy_parser.functions import c_function_name, is_user_name
from annarchy_parser.methods import temp_name
from annarchy_parser.printers import CPrinter
from parser_testutils import run

HOSTILE = ["a */ b", "x\n#include <cstdlib>", "é", "a\x00", "{{ x }}", "_x", "1a", "a b", ""]


@pytest.mark.parametrize("name", ["v", "g_exc", "in", "if", "int", "K_a", "x1_"])
def test_user_names(name):
    assert is_user_name(name)


@pytest.mark.parametrize("name", [*HOSTILE, None, 3])
def test_not_user_names(name):
    assert not is_user_name(name)


@pytest.mark.parametrize("name", ["é", "_f", "a\u0301"])
def test_function_names_must_be_ascii(name):
    with pytest.raises(ParserError, match="ASCII letters, digits and '_'"):
        parse_function(f"{name}(x) = x")


def test_function_argument_names_must_be_ascii():
    with pytest.raises(ParserError, match="ASCII letters"):
        parse_function("f(é) = é")


@pytest.mark.parametrize("name", ["int", "rand", "NAN", "j0", "signbit", "printf", "main"])
def test_user_functions_are_printed_behind_a_prefix(name):
    fn = parse_function(f"{name}(x) = 2*x")
    assert fn.name == name
    call = sp.Function(name)(sp.Symbol("v"))
    assert CPrinter({"v": "L_v[i]"}).expr(call) == f"ann_fn_{name}(L_v[i])"
    assert c_function_name(name) == f"ann_fn_{name}"


@pytest.mark.parametrize("name", ["é", "ﬁx", "a\u0301"])
def test_attribute_names_must_be_ascii(name):
    with pytest.raises(ParserError, match="not a valid attribute name"):
        parse_neuron("N", parameters={name: 1.0}, equations="r = 0")


def test_target_names_must_be_ascii():
    with pytest.raises(ParserError, match="must be ASCII letters"):
        parse_neuron("N", equations="r = sum(é)")
    with pytest.raises(ParserError, match="must be ASCII letters"):
        parse_synapse("S", equations="dw/dt = post.sum(é)")


def test_non_ascii_conductance_is_an_unknown_name():
    with pytest.raises(ParserError, match="g_é"):
        parse_neuron("N", equations="dv/dt = g_é", spike="v > 1", reset="v = 0")


def test_keyword_like_targets_are_accepted_as_conductances():
    ir = parse_neuron("N", equations="dv/dt = g_int + g_main - v", spike="v > 1", reset="v = 0")
    assert ir.targets == ("int", "main")


def test_midpoint_temporaries_do_not_collide_with_user_variables():
    ir = parse_neuron(
        "KV",
        equations=[
            "dv/dt = -v + k_v : init=1.0, midpoint",
            "dk_v/dt = -2*k_v : init=0.5, midpoint",
            "r = v",
        ],
    )
    temps = [s.target for s in ir.updates.local if s.temp]
    assert len(temps) == len(set(temps)) == 4
    state = run(ir.updates.local, {"v": 1.0, "k_v": 0.5, "r": 0.0, "dt": 0.1})
    # k1 = (-0.5, -1); midpoint state (0.975, 0.45); derivatives there (-0.525, -0.9)
    assert (state["v"], state["k_v"]) == pytest.approx((0.9475, 0.41), rel=1e-15)


def test_ode_temporary_does_not_shadow_a_weighted_sum():
    # the temporary of the variable sum_exc must not be read as sum(exc) by the next ODE
    ir = parse_neuron(
        "S",
        equations=["dsum_exc/dt = 1", "dx/dt = sum(exc)", "r = x"],
    )
    state = run(ir.updates.local, {"sum_exc": 0.0, "x": 0.0, "r": 0.0, "_sum_exc": 5.0, "dt": 1})
    assert (state["sum_exc"], state["x"]) == (1.0, 5.0)


@pytest.mark.parametrize("tag", ["d", "mid", "k1", "k4"])
def test_temporaries_are_in_a_reserved_namespace(tag):
    name = temp_name(tag, "v")
    assert name == f"_{tag}_v" and not is_user_name(name)
