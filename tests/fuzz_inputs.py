"""Inputs of the fuzzer (tests/test_fuzz.py): hostile payloads, C names, hostile names and
the hypothesis strategies that mix them with valid equation pieces."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

_LONG = int(os.environ.get("ANNARCHY_FUZZ_EXAMPLES", "0"))


def fuzz_settings(examples: int, shrink: bool = True):
    """``examples`` derandomized examples in CI; ``ANNARCHY_FUZZ_EXAMPLES`` random ones by hand.
    ``shrink=False`` where inputs are already minimal (names drawn from a list)."""
    phases = [p for p in Phase if shrink or p not in (Phase.shrink, Phase.explain)]
    return settings(
        phases=phases,
        max_examples=_LONG or examples,
        deadline=None,
        derandomize=not _LONG,
        database=None,
        print_blob=False,
        suppress_health_check=list(HealthCheck),
    )


MARK = "@MARK@"  # replaced by the absolute path of the marker file
TOKEN = "FUZZMARK"  # the marker file's name, also written in every hostile payload

#: hostile expressions (each contains TOKEN or a Python/C construct the sources never hold)
HOSTILE = [
    "__import__('os').system('touch @MARK@')",
    "v.__class__",
    "v.__class__.__mro__[1].__subclasses__()",
    "(lambda: __import__('os').system('touch @MARK@'))()",
    "[__import__('os').system('touch @MARK@') for _ in (1,)]",
    "{k: 1 for k in 'FUZZMARK'}",
    "open('@MARK@', 'w')",
    "exec(\"open('@MARK@', 'w')\")",
    "eval('FUZZMARK')",
    "__builtins__",
    "globals()['FUZZMARK']",
    '1; system("touch @MARK@")',
    '1; std::system("touch @MARK@")',
    '1; fopen("@MARK@", "w")',
    '1); std::system("touch @MARK@"); (1',
    'system("touch @MARK@")',
    'std::system("touch @MARK@")',
    "1 // FUZZMARK",
    "1 /* FUZZMARK */",
    '1 */ std::system("touch @MARK@"); /*',
    "1\n#include <FUZZMARK>",
    '1\n#define FUZZMARK std::system("touch @MARK@")',
    "# FUZZMARK",
    '"touch @MARK@"',
    "'FUZZMARK'",
    "{{ FUZZMARK }}",
    "{% FUZZMARK %}",
    "{# FUZZMARK #}",
    "1 \\\nFUZZMARK",
    "1\x00FUZZMARK",
    "v[0] + FUZZMARK",
    "`FUZZMARK`",
    "$FUZZMARK",
    "v @ FUZZMARK",
    "FUZZMARK := 1",
    "1 if FUZZMARK else 0",
    "v.FUZZMARK",
    "sum(exc, FUZZMARK)",
    "sum('exc')",
]

#: C/C++ keywords, libc and generated names that a user may pick as an identifier
C_NAMES = (
    "int double float char void if else while for switch case default struct class static "
    "const auto extern goto sizeof typedef union volatile inline namespace template typename "
    "new delete this operator virtual bool true false nullptr try catch throw and or not xor "
    "return printf main NAN INFINITY M_PI exit abort system malloc free memcpy rand srand j0 y1 "
    "signbit isnan time clock std errno stdout NULL size_t int32_t uint8_t i j k n step t dt "
    "spikes nspikes word base pop0 proj0 L_v Pre_r Post_r T_exc ann_run"
).split()

#: names with comment terminators, newlines, preprocessor lines, jinja2, NUL and non-ASCII text
HOSTILE_NAMES = [
    'p */ #include <cstdlib>\nstatic int e = std::system("touch @MARK@"); /*',
    'p\n#include "@MARK@"',
    'p // x\nint FUZZMARK = std::system("touch @MARK@");',
    "p \\",
    "*/",
    "/*",
    "{{ FUZZMARK }}",
    "{% FUZZMARK %}",
    "{# FUZZMARK",
    "p\x00FUZZMARK",
    "p\r\n#define FUZZMARK 1",
    "FUZZMARK \u00e9\u00fc\u2211 \U0001f600",
    '"FUZZMARK',
    "'FUZZMARK'",
    "a b",
    "",
    " ",
    *C_NAMES[:8],
]

#: substrings no generated source holds unless user text leaked into it
SIGNATURES = (
    TOKEN,
    "system",
    "fopen",
    "popen",
    "__import__",
    "__class__",
    "__builtins__",
    "__subclasses__",
    "globals(",
    "exec(",
    "eval(",
    "{{",
    "{%",
    "{#",
)

# ---------------------------------------------------------------- valid pieces

_NUMBERS = st.one_of(
    st.integers(0, 1000).map(str),
    st.floats(0.0, 1e3, allow_nan=False, allow_infinity=False).map(lambda x: f"{x:.4g}"),
    st.sampled_from(["1e-3", "2.5", "0.0", "1.0e2"]),
)
_NEURON_NAMES = st.sampled_from(["v", "r", "tau", "I", "a", "t", "dt", "pi"])
_SYNAPSE_NAMES = st.sampled_from(["w", "eta", "pre.r", "post.r", "t", "dt"])


def expressions(names) -> st.SearchStrategy[str]:
    """Arithmetic over ``names``: operators, unary signs, calls, powers, comparisons in ite."""

    def extend(inner):
        return st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "^", "**"]), inner).map(
                lambda p: f"{p[0]} {p[1]} {p[2]}"
            ),
            inner.map(lambda e: f"({e})"),
            inner.map(lambda e: f"-{e}"),
            st.tuples(st.sampled_from(["exp", "sin", "cos", "fabs", "sqrt", "tanh"]), inner).map(
                lambda p: f"{p[0]}({p[1]})"
            ),
            st.tuples(inner, inner).map(lambda p: f"pos({p[0]}) + clip({p[1]}, 0.0, 1.0)"),
            st.tuples(inner, inner, inner).map(lambda p: f"ite({p[0]} > {p[1]}, {p[2]}, 0.0)"),
        )

    return st.recursive(st.one_of(_NUMBERS, names), extend, max_leaves=12)


NEURON_EXPR = expressions(_NEURON_NAMES)
SYNAPSE_EXPR = expressions(_SYNAPSE_NAMES)
HOSTILE_EXPR = st.sampled_from(HOSTILE)


@st.composite
def spliced(draw, valid) -> str:
    """A valid expression with a hostile fragment spliced in, or the fragment alone."""
    bad = draw(HOSTILE_EXPR)
    good = draw(valid)
    how = draw(st.integers(0, 4))
    if how == 0:
        return bad
    if how == 1:
        return f"{good} + {bad}"
    if how == 2:
        return f"{bad} * ({good})"
    if how == 3:
        return f"exp({bad})"
    cut = draw(st.integers(0, len(good)))
    return good[:cut] + bad + good[cut:]


def pieces(valid) -> st.SearchStrategy[tuple[str, bool]]:
    """(text, hostile): a valid expression, or one with a hostile fragment."""
    return st.one_of(valid.map(lambda e: (e, False)), spliced(valid).map(lambda e: (e, True)))


def is_comment(text: str) -> bool:
    """Whether a hostile fragment may legitimately vanish: ``#`` starts an equation comment."""
    return "#" in text and "{#" not in text


FLAG = st.one_of(
    st.sampled_from(["population", "init=0.1", "min=0.0", "max=1.0", "exponential"]).map(
        lambda f: (f, False)
    ),
    st.sampled_from(["int", "bool", "float", "explicit", "midpoint", "implicit"]).map(
        lambda f: (f, False)
    ),
    st.sampled_from(C_NAMES).map(lambda n: (f"init={n}", False)),
    HOSTILE_EXPR.map(lambda h: (h, True)),
    HOSTILE_EXPR.map(lambda h: (f"init={h}", True)),
    HOSTILE_EXPR.map(lambda h: (f"min={h}", True)),
)


#: function bodies over the arguments of a definition (strategies built once)
_BODIES = {
    args: pieces(expressions(st.sampled_from(args.replace(" ", "").split(","))))
    for args in ("x", "x, y", "x, y, z", "1.0")
}
_FUNCTION_NAMES = st.one_of(
    st.sampled_from(["f", "g2", "logistic"]).map(lambda n: (n, False)),
    HOSTILE_EXPR.map(lambda h: (h, True)),
)
_ARGUMENTS = st.one_of(
    st.sampled_from(["x", "x, y", "x, y, z"]).map(lambda a: (a, False)),
    st.sampled_from(["x, x", "__class__", "x; y", "*x", "x=1", "x, FUZZMARK()"]).map(
        lambda a: (a, True)
    ),
)


@st.composite
def function_definitions(draw) -> tuple[str, int, bool]:
    """(definition, number of arguments, hostile)."""
    name, bad_name = draw(_FUNCTION_NAMES)
    args, bad_args = draw(_ARGUMENTS)
    body, bad_body = draw(_BODIES["1.0" if bad_args else args])
    return f"{name}({args}) = {body}", len(args.split(",")), bad_name or bad_args or bad_body


#: flags that contradict each other or repeat, for parameters and for variables
CONFLICTS = {
    "parameter": ["int, float", "int, bool", "bool, float", "population, population"],
    "variable": [
        "min=1.0, max=0.0",
        "int, float",
        "bool, float",
        "init=0.0, init=1.0",
        "min=0.0, min=1.0",
        "max=0.0, max=0.0",
        "explicit, implicit",
        "exponential, midpoint",
        "population, population",
    ],
}


GARBAGE = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("vrtauI()[]{}+-*/^%<>=!&|~,.:;?'\"#@$\\ \t\n0123456789eE_")),
        st.characters(codec="utf-8"),
    ),
    max_size=30,
)


def names_to_test():
    kinds = ["neuron", "synapse", "population", "projection", "target"]
    return st.dictionaries(st.sampled_from(kinds), st.sampled_from(HOSTILE_NAMES), min_size=1)


PLAIN = {"neuron": "n0", "synapse": "s0", "population": "p0", "projection": "j0x", "target": "exc"}
