"""Splitting descriptions into statements, and statements into their parts."""

from __future__ import annotations

import pytest
from annarchy_parser import ParserError
from annarchy_parser.lexer import (
    gradient_variables,
    split_conditional,
    split_flags,
    split_statement,
    split_statements,
)


def test_lines_comments_and_semicolons():
    text = """
        tau = 10.0   # time constant
        # a whole comment line

        a = 1; b = 2
    """
    assert split_statements(text) == ["tau = 10.0", "a = 1", "b = 2"]


def test_multiline_conditional_is_one_statement():
    text = """
    rate = if mp < 1.0 :
              if mp < 0.0 :
                  0.0
              else:
                  mp
           else:
              1.0 : init = 0.6
    r = rate
    """
    assert split_statements(text) == [
        "rate = if mp < 1.0 : if mp < 0.0 : 0.0 else: mp else: 1.0 : init = 0.6",
        "r = rate",
    ]


def test_open_brackets_continue_the_statement():
    assert split_statements("r = clip(v,\n 0.0,\n 1.0)\nq = 1") == [
        "r = clip(v, 0.0, 1.0)",
        "q = 1",
    ]


def test_split_statement_parts():
    stmt = split_statement("tau * dv/dt + v = I : init=-1.0, max=10.0, exponential")
    assert (stmt.lhs, stmt.op, stmt.rhs) == ("tau * dv/dt + v", "=", "I")
    assert stmt.flags == "init=-1.0, max=10.0, exponential"


@pytest.mark.parametrize("op", ["+=", "-=", "*=", "/="])
def test_augmented_assignments(op):
    stmt = split_statement(f"x {op} 2 * y")
    assert (stmt.lhs, stmt.op, stmt.rhs, stmt.flags) == ("x", op, "2 * y", "")


def test_comparison_operators_are_not_assignments():
    stmt = split_statement("r = ite(v >= 1, v == 2, v <= 3) : min = 0")
    assert stmt.rhs == "ite(v >= 1, v == 2, v <= 3)"
    assert stmt.flags == "min = 0"


def test_conditional_colons_are_not_flags():
    stmt = split_statement("r = if v > 0: v else: 0")
    assert stmt.rhs == "if v > 0: v else: 0" and stmt.flags == ""
    stmt = split_statement("r = if v > 0: if v > 1: 1 else: v else: 0 : init=2")
    assert stmt.rhs == "if v > 0: if v > 1: 1 else: v else: 0" and stmt.flags == "init=2"


def test_flags_split():
    assert split_flags("init = 0.1, min=-1, postsynaptic, event-driven") == [
        ("init", "0.1"),
        ("min", "-1"),
        ("postsynaptic", None),
        ("event-driven", None),
    ]
    assert split_flags("max = clip(a, 0, 1), int") == [("max", "clip(a, 0, 1)"), ("int", None)]


def test_split_conditional_nested():
    cond = split_conditional("if a: if b: 1 else: 2 else: 3")
    assert (cond.cond, cond.then, cond.other) == ("a", "if b: 1 else: 2", "3")
    cond = split_conditional("(if (a > 0) and (b < 1): x else: if c: y else: z)")
    assert (cond.cond, cond.then, cond.other) == ("(a > 0) and (b < 1)", "x", "if c: y else: z")
    assert split_conditional("ite(a, b, c)") is None


def test_split_conditional_errors():
    with pytest.raises(ParserError, match="else"):
        split_conditional("if a: 1")
    with pytest.raises(ParserError, match="followed by ':'"):
        split_conditional("if a: 1 else 2")


def test_gradient_detection():
    assert gradient_variables("tau * dv / dt + v") == ["v"]
    assert gradient_variables("dv/dt + du/dt") == ["v", "u"]
    assert gradient_variables("d / dt") == []
    assert gradient_variables("delta * v") == []


def test_missing_assignment():
    with pytest.raises(ParserError, match="must be an assignment"):
        split_statement("v + 1", "M")
