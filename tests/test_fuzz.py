"""A fuzzer: valid equation pieces mixed with hostile ones, everywhere a user can write text.

Properties, for every input:

1. nothing executes: hostile payloads try to create a marker file; it never exists;
2. every rejection is an ``ANNarchyException`` (never a raw Python exception, never a compiler
   error: the parser refuses hostile text before any C++ is compiled);
3. no hostile text reaches a generated source, and a name never changes the meaning of a source
   (the sources without their comments and string literals are those of the same network with
   plain names).

Two levels keep it fast: the parser level generates the sources without compiling them (the
path ``compile()`` takes up to code generation), the compile level builds a few networks.
``ANNARCHY_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py`` runs longer, with random seeds.
"""

from __future__ import annotations

import os
import re
import traceback
from pathlib import Path

import ANNarchy as ann
import pytest
from ANNarchy.core.compile import select_backend
from ANNarchy.core.constant import clear_global_constants
from ANNarchy.core.functions import clear_global_functions
from ANNarchy.core.lowering import lower
from ANNarchy.core.structural import prepare

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

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


# ---------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def marker(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / TOKEN


def arm(text, marker: Path):
    """``text`` with the marker placeholder replaced (strings only; other values unchanged)."""
    return text.replace(MARK, str(marker)) if isinstance(text, str) else text


def attempt(build) -> tuple[object, Exception | None]:
    """(result, None), or (None, error) for an ``ANNarchyException``; anything else fails.
    Global functions and constants of an earlier example are forgotten first."""
    clear_global_constants()
    clear_global_functions()
    try:
        return build(), None
    except ann.ANNarchyException as err:
        assert not isinstance(err, ann.CompilationError), f"reached the compiler:\n{err}"
        return None, err
    except Exception as err:  # noqa: BLE001 - the property under test
        pytest.fail(
            f"raw {type(err).__name__} instead of an ANNarchyException:\n"
            + "".join(traceback.format_exception(err))[-3000:]
        )


def generate(net) -> dict[str, str]:
    """The sources ``net.compile()`` would build, without compiling them."""
    prepare(net)
    return select_backend("openmp").generate(lower(net))


def assert_clean(sources: dict[str, str], marker: Path, payloads=()) -> None:
    """No signature of user text and none of ``payloads`` in the sources; no marker file."""
    assert not marker.exists(), "a hostile payload ran"
    for filename, text in sources.items():
        for needle in (*SIGNATURES, *payloads):
            assert needle not in text, f"{needle!r} reached {filename}"


_C_TOKEN = re.compile(
    r"//(?:\\\n|\\[^\n]|[^\\\n])*|/\*.*?\*/|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'", re.S
)


def code_only(sources: dict[str, str]) -> dict[str, str]:
    """The sources without comments, string literals emptied: what a name may not change."""

    def blank(match):
        first = match.group()[0]
        return first * 2 if first in "\"'" else " "

    return {name: _C_TOKEN.sub(blank, text) for name, text in sources.items()}


# ---------------------------------------------------------------- models

RATE_PARAMETERS = "tau = 10.0 : population\nI = 0.5\na = 1.0"


def rate_network(
    equations: str, parameters=RATE_PARAMETERS, functions=None, names=None, constants=None
):
    """A rate-coded population with a plastic self-projection; ``names`` for every named object,
    ``constants`` ({name: value}) declared with ``net.constant()`` first."""
    names = names or {}
    neuron = ann.Neuron(
        parameters=parameters,
        equations=equations,
        functions=functions,
        name=names.get("neuron", "fuzz_neuron"),
    )
    synapse = ann.Synapse(
        parameters="eta = 0.01 : projection",
        equations="dw/dt = eta * pre.r * post.r : min=0.0",
        name=names.get("synapse", "fuzz_synapse"),
    )
    net = ann.Network()
    for name, value in (constants or {}).items():
        net.constant(name, value)
    pop = net.create(3, neuron, name=names.get("population", "pop"))
    proj = net.connect(pop, pop, names.get("target", "exc"), synapse, name=names.get("projection"))
    proj.all_to_all(0.1)
    return net


# ---------------------------------------------------------------- parser level


def check(build, marker: Path, hostile: bool, texts=()) -> dict[str, str] | None:
    """Run ``build``: valid text is accepted, hostile text refused (unless it sits in a
    comment), sources are clean either way. Returns the sources, or None when refused."""
    sources, error = attempt(build)
    if not hostile:
        assert error is None, f"valid input refused: {error}"
    elif not any(is_comment(t) for t in texts):
        assert error is not None, "hostile input accepted"
    assert_clean(sources or {}, marker)
    return sources


@fuzz_settings(120)
@given(lines=st.lists(pieces(NEURON_EXPR), min_size=3, max_size=3))
def test_neuron_equations(lines, marker):
    """Equations of a rate-coded neuron, some with hostile fragments."""
    targets = ["tau * dr/dt + r = ", "dv/dt = ", "s = "]
    texts = [arm(text, marker) for text, _ in lines]
    equations = "\n".join(
        targets[i] + text + " + sum(exc)" * (i == 0) for i, text in enumerate(texts)
    )
    hostile = any(bad for _, bad in lines)
    check(lambda: generate(rate_network(equations)), marker, hostile, texts)


@fuzz_settings(60)
@given(
    equation=pieces(SYNAPSE_EXPR),
    pre_spike=pieces(SYNAPSE_EXPR),
    psp=pieces(SYNAPSE_EXPR),
)
def test_synapse_equations(equation, pre_spike, psp, marker):
    """Equations and pre_spike statements of a spiking synapse, psp of a rate-coded one."""
    texts = [arm(text, marker) for text, _ in (equation, pre_spike, psp)]
    spiking = [t.replace("pre.r", "pre.v").replace("post.r", "post.v") for t in texts[:2]]

    def build():
        neuron = ann.Neuron(
            parameters="tau = 10.0",
            equations="tau * dv/dt = -v + g_exc",
            spike="v > 1.0",
            reset="v = 0.0",
        )
        synapse = ann.Synapse(
            parameters="eta = 0.01",
            equations=f"dw/dt = {spiking[0]}",
            pre_spike=f"g_target += w\nw += {spiking[1]}",
        )
        net = ann.Network()
        pop = net.create(3, neuron)
        net.connect(pop, pop, "exc", synapse).all_to_all(0.5)
        rate = net.create(2, ann.Neuron(equations="r = sum(exc)"))
        net.connect(rate, rate, "exc", ann.Synapse(psp=texts[2])).all_to_all(0.5)
        return generate(net)

    hostile = any(bad for _, bad in (equation, pre_spike, psp))
    check(build, marker, hostile, texts)


_FLAG = st.one_of(
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


@fuzz_settings(60)
@given(
    value=pieces(NEURON_EXPR),
    flags=st.lists(_FLAG, max_size=3),
    where=st.sampled_from(["parameter", "variable"]),
)
def test_parameters_and_flags(value, flags, where, marker):
    """Parameter values and flags (of parameters and variables), hostile or not."""
    texts = [arm(text, marker) for text, _ in (value, *flags)]
    flag_text = (" : " + ", ".join(texts[1:])) if flags else ""
    if where == "parameter":
        parameters = f"{RATE_PARAMETERS}\nb = {texts[0]}{flag_text}"
        equations = "tau * dr/dt + r = I + b + sum(exc)"
    else:
        parameters = RATE_PARAMETERS
        equations = f"tau * dr/dt + r = I + sum(exc)\ndv/dt = {texts[0]}{flag_text}"
    sources, error = attempt(lambda: generate(rate_network(equations, parameters)))
    if any(bad for _, bad in (value, *flags)) and not any(is_comment(t) for t in texts):
        assert error is not None, "hostile input accepted"
    assert_clean(sources or {}, marker)


@fuzz_settings(30)
@given(
    key=st.one_of(st.sampled_from(["a", "b"]), st.sampled_from(C_NAMES[:20])),
    value=st.one_of(
        st.floats(allow_nan=False, allow_infinity=False).map(lambda v: (v, False)),
        st.integers(-(2**40), 2**40).map(lambda v: (v, False)),
        HOSTILE_EXPR.map(lambda h: (h, True)),
        st.sampled_from([[1.0, "x"], {"x": 1}, object()]).map(lambda v: (v, True)),
        # None (no initial value: 0.0) and b"1" (float() reads it) are accepted, as the
        # reference accepts anything here: only the error type and the sources are checked
        st.sampled_from([None, b"1", True, "1.0"]).map(lambda v: (v, None)),
    ),
)
def test_parameter_dict_values(key, value, marker):
    """``parameters=dict(...)`` with odd keys and values of any type."""
    value, hostile = arm(value[0], marker), value[1]
    parameters = {"tau": 10.0, "I": 0.5, key: value}
    build = lambda: generate(rate_network("tau * dr/dt + r = I + sum(exc)", parameters))  # noqa: E731
    if key in ("a", "b") and hostile is not None:
        check(build, marker, hostile, [str(value)])
    else:
        assert_clean(attempt(build)[0] or {}, marker)


@st.composite
def function_definitions(draw) -> tuple[str, int, bool]:
    """(definition, number of arguments, hostile)."""
    name, bad_name = draw(
        st.one_of(
            st.sampled_from(["f", "g2", "logistic"]).map(lambda n: (n, False)),
            HOSTILE_EXPR.map(lambda h: (h, True)),
        )
    )
    args, bad_args = draw(
        st.one_of(
            st.sampled_from(["x", "x, y", "x, y, z"]).map(lambda a: (a, False)),
            st.sampled_from(["x, x", "__class__", "x; y", "*x", "x=1", "x, FUZZMARK()"]).map(
                lambda a: (a, True)
            ),
        )
    )
    names = [a.strip() for a in args.split(",")] if not bad_args else ["1.0"]
    body, bad_body = draw(pieces(expressions(st.sampled_from(names))))
    return f"{name}({args}) = {body}", len(args.split(",")), bad_name or bad_args or bad_body


@fuzz_settings(60)
@given(definition=function_definitions(), via=st.sampled_from(["model", "global"]))
def test_functions(definition, via, marker):
    """``functions=`` of a model and ``add_function()``, with hostile names and bodies."""
    text, nargs, hostile = definition
    text = arm(text, marker)
    name = text.split("(")[0]
    call = f"{name}({', '.join(['r'] * nargs)})"
    equations = f"tau * dr/dt + r = {call} + sum(exc)"

    def build():
        if via == "global":
            ann.add_function(text)
            return generate(rate_network(equations))
        return generate(rate_network(equations, functions=text))

    check(build, marker, hostile, [text])


@fuzz_settings(40)
@given(
    name=st.one_of(st.sampled_from(["k", "scale"]).map(lambda n: (n, False)), HOSTILE_EXPR),
    value=st.one_of(
        st.floats(-10, 10).map(lambda v: (v, False)),
        st.sampled_from([None, [1.0], "abc", float("nan"), {"k": 1}, b"1"]).map(
            lambda v: (v, True)
        ),
        HOSTILE_EXPR.map(lambda h: (h, True)),
    ),
    via=st.sampled_from(["network", "global"]),
)
def test_constants(name, value, via, marker):
    """``net.constant()`` and ``ann.Constant()`` with hostile names and values."""
    name, bad_name = (arm(name, marker), True) if isinstance(name, str) else name
    value, bad_value = arm(value[0], marker), value[1]
    use = name if not bad_name else "1.0"

    def build():
        if via == "global":
            ann.Constant(name, value)
        constants = {name: value} if via == "network" else None
        return generate(rate_network(f"tau * dr/dt + r = {use} + sum(exc)", constants=constants))

    check(build, marker, bad_name or bad_value, [name])


def _spiking_network(spike="v > 1.0", reset="v = 0.0", synapse=None, **neuron):
    net = ann.Network()
    model = ann.Neuron(
        parameters="tau = 10.0",
        equations="tau * dv/dt = -v + g_exc",
        spike=spike,
        reset=reset,
        **neuron,
    )
    pop = net.create(3, model)
    net.connect(pop, pop, "exc", synapse).all_to_all(0.5)
    return net


def _monitored(h):
    net = rate_network("tau * dr/dt + r = I + sum(exc)")
    net.monitor(net.get_populations()[0], ["r", h])
    return net


#: every place an equation-like text goes, as payload -> network
SLOTS = {
    "equation": lambda h: rate_network(f"tau * dr/dt + r = I + {h} + sum(exc)"),
    "equation line": lambda h: rate_network(f"tau * dr/dt + r = I + sum(exc)\n{h}"),
    "parameter": lambda h: rate_network("r = a + sum(exc)", f"{RATE_PARAMETERS}\nb = {h}"),
    "flag": lambda h: rate_network(f"tau * dr/dt + r = I + sum(exc) : {h}"),
    "init": lambda h: rate_network(f"tau * dr/dt + r = I + sum(exc) : init={h}"),
    "function body": lambda h: rate_network("r = f(a) + sum(exc)", functions=f"f(x) = {h}"),
    "function name": lambda h: rate_network("r = a + sum(exc)", functions=f"{h}(x) = x"),
    "constant": lambda h: rate_network("r = a + sum(exc)", constants={h: 1.0}),
    "spike": lambda h: _spiking_network(spike=f"v > {h}"),
    "reset": lambda h: _spiking_network(reset=f"v = {h}"),
    "refractory": lambda h: _spiking_network(refractory=h),
    "synapse": lambda h: _spiking_network(synapse=ann.Synapse(equations=f"dw/dt = {h}")),
    "pre_spike": lambda h: _spiking_network(synapse=ann.Synapse(pre_spike=f"g_target += {h}")),
    "post_spike": lambda h: _spiking_network(synapse=ann.Synapse(post_spike=f"w += {h}")),
    "stop_condition": lambda h: _stop_network(h),
    "monitor": _monitored,
}


def _stop_network(h):
    net = ann.Network()
    net.create(3, ann.Neuron(equations="r = t"), stop_condition=f"r > {h}")
    return net


PENDING_SLOTS = {
    "constant": "pending i10-names: a constant may be called '__builtins__' (attributes may not "
    "start with '_'); it reaches the code as K___builtins__",
}


@pytest.mark.parametrize(
    "slot",
    [
        pytest.param(s, marks=pytest.mark.xfail(strict=False, reason=PENDING_SLOTS[s]))
        if s in PENDING_SLOTS
        else s
        for s in sorted(SLOTS)
    ],
)
def test_every_payload_everywhere(slot, marker):
    """Each hostile payload in each slot: refused with an ANNarchyException, sources clean."""
    problems = []
    for payload in HOSTILE:
        text = arm(payload, marker)
        try:
            sources, error = attempt(lambda t=text: generate(SLOTS[slot](t)))
            if error is None and not is_comment(text):
                problems.append(f"{payload!r}: accepted")
            assert_clean(sources or {}, marker)
        except (AssertionError, pytest.fail.Exception) as failure:
            problems.append(f"{payload!r}: {str(failure)[:300]}")
    assert not problems, f"{len(problems)} payloads in {slot}:\n" + "\n".join(problems)


def _names_to_test():
    kinds = ["neuron", "synapse", "population", "projection", "target"]
    return st.dictionaries(st.sampled_from(kinds), st.sampled_from(HOSTILE_NAMES), min_size=1)


PLAIN = {"neuron": "n0", "synapse": "s0", "population": "p0", "projection": "j0x", "target": "exc"}


@pytest.mark.xfail(strict=False, reason="pending i10-names: names reach /* */ comments verbatim")
@fuzz_settings(60)
@given(names=_names_to_test())
def test_names_never_change_the_sources(names, marker):
    """Model, population, projection and target names: refused, or absent from the code."""
    names = {kind: arm(name, marker) for kind, name in names.items()}
    equations = f"tau * dr/dt + r = I + sum({names.get('target', 'exc')})"
    sources, _ = attempt(lambda: generate(rate_network(equations, names=names)))
    if sources is None:
        return
    # a name may appear sanitised in a comment: only long raw names that could break out of a
    # comment or a line are searched verbatim (the comparison below covers the others)
    breakers = ("*/", "/*", "//", "\n", "\r", "\x00", "#", '"', "\\", "{{", "{%")
    raw = [n for n in names.values() if len(n) >= 4 and any(b in n for b in breakers)]
    assert not marker.exists(), "a hostile payload ran"
    for filename, text in sources.items():
        for needle in ("{{", "{%", "{#", str(marker), *raw):
            assert needle not in text, f"{needle!r} reached {filename}"
    plain = {kind: PLAIN[kind] for kind in names}
    if "target" in names:
        plain["target"] = names["target"]  # a target is an identifier: kept when accepted
    reference = generate(rate_network(equations, names=plain))
    assert code_only(sources) == code_only(reference), "a name changed the generated code"


@fuzz_settings(6, shrink=False)
@given(
    size=st.sampled_from([500, 2_000, 10_000]),
    shape=st.sampled_from(["sum", "minus", "parens", "calls", "product"]),
)
@pytest.mark.xfail(strict=False, reason="pending i10-arith: RecursionError on long/nested input")
def test_long_and_nested(size, shape, marker):
    """Very long sums and deeply nested expressions: accepted, or a ParserError."""
    expr = {
        "sum": " + ".join(["v"] * size),
        "minus": "-" * size + "v",
        "parens": "(" * size + "v" + ")" * size,
        "calls": "exp(" * size + "v" + ")" * size,
        "product": " * ".join(["1.0001"] * size),
    }[shape]
    equations = f"tau * dr/dt + r = {expr} + sum(exc)\ndv/dt = 0.0"
    sources, _ = attempt(lambda: generate(rate_network(equations)))
    assert_clean(sources or {}, marker)


@fuzz_settings(40)
@given(
    name=st.sampled_from(C_NAMES),
    role=st.sampled_from(["parameter", "variable", "function", "constant"]),
)
def test_c_names_parse(name, role, marker):
    """C/C++ keywords and libc names as identifiers: accepted or refused by the parser."""
    sources, _ = attempt(lambda: generate(c_name_network(name, role)))
    assert_clean(sources or {}, marker)


def c_name_network(name: str, role: str):
    """A network using ``name`` as a parameter, variable, function or constant name."""
    parameters, functions = RATE_PARAMETERS, None
    use = name
    if role == "parameter":
        parameters += f"\n{name} = 0.25"
        equations = f"tau * dr/dt + r = {name} + sum(exc)"
    elif role == "variable":
        equations = f"tau * dr/dt + r = {name} + sum(exc)\n{name} = 0.25"
    elif role == "function":
        functions, use = f"{name}(x) = x * 0.25", f"{name}(1.0)"
        equations = f"tau * dr/dt + r = {use} + sum(exc)"
    else:
        equations = f"tau * dr/dt + r = {name} + sum(exc)"
    constants = {name: 0.25} if role == "constant" else None
    return rate_network(equations, parameters, functions, constants=constants)


# ---------------------------------------------------------------- compile level


def compile_and_scan(net, directory: Path, marker: Path) -> None:
    """Compile ``net`` into ``directory`` and scan every generated file there."""
    net.compile(directory=str(directory), silent=True)
    net.step()
    files = [p for p in directory.rglob("*") if p.is_file() and p.suffix not in (".so", ".o")]
    assert files, "compile() wrote no source"
    assert_clean({str(p): p.read_text(errors="replace") for p in files}, marker)


@fuzz_settings(6)
@given(
    lines=st.lists(st.one_of(NEURON_EXPR, spliced(NEURON_EXPR)), min_size=1, max_size=2),
    constant=st.one_of(st.just("k"), HOSTILE_EXPR),
)
def test_compile_hostile_pieces(lines, constant, marker, tmp_path_factory):
    """A few networks built from valid and hostile pieces, compiled and run for one step."""
    targets = ["tau * dr/dt + r = ", "dv/dt = "]
    equations = "\n".join(
        targets[i] + arm(line, marker) + " + sum(exc)" * (i == 0) for i, line in enumerate(lines)
    )
    directory = tmp_path_factory.mktemp("build")

    def build():
        net = rate_network(equations, constants={arm(constant, marker): 0.5})
        compile_and_scan(net, directory, marker)

    attempt(build)
    assert not marker.exists()


@pytest.mark.xfail(strict=False, reason="pending i10-names: C names collide inside g++")
@fuzz_settings(8, shrink=False)
@given(
    name=st.sampled_from(C_NAMES),
    role=st.sampled_from(["parameter", "variable", "function", "constant"]),
)
def test_compile_c_names(name, role, marker, tmp_path_factory):
    """A C/C++ name as an identifier is refused by the parser or compiles (never g++'s error)."""
    directory = tmp_path_factory.mktemp("build")
    attempt(lambda: compile_and_scan(c_name_network(name, role), directory, marker))
    assert not marker.exists()
