"""A NUL byte in equation text is a ParserError on every Python: before 3.11.4 ``ast.parse``
raises ValueError for it (later versions raise SyntaxError)."""

from __future__ import annotations

import ast

import pytest
from annarchy_parser import ParserError, parse_function, parse_neuron

_PARSE = ast.parse


def _old_python_parse(source, *args, **kwargs):
    if "\x00" in source:
        raise ValueError("source code string cannot contain null bytes")
    return _PARSE(source, *args, **kwargs)


@pytest.fixture(params=["this Python", "Python < 3.11.4"])
def python(request, monkeypatch):
    if request.param != "this Python":
        monkeypatch.setattr(ast, "parse", _old_python_parse)
    return request.param


@pytest.mark.parametrize(
    ("kwargs", "where"),
    [
        (dict(equations="r = 1\x00"), "r = 1"),
        (dict(equations="r\x00 = 1"), "left side"),
        (dict(equations="dv/dt = -v", spike="v > 1\x00", reset="v = 0"), "v > 1"),
        (dict(equations="dv/dt = -v", spike="v > 1", reset="v\x00 = 0"), "left side"),
    ],
)
def test_nul_byte_in_a_neuron(python, kwargs, where):
    with pytest.raises(ParserError, match="syntax error"):
        parse_neuron(**kwargs)


@pytest.mark.parametrize("text", ["f(x) = x\x00", "f\x00(x) = x"])
def test_nul_byte_in_a_function(python, text):
    with pytest.raises(ParserError):
        parse_function(text)
