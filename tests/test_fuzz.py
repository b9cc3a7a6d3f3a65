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

from pathlib import Path

import ANNarchy as ann
import pytest

pytest.importorskip("hypothesis")
from fuzz_inputs import (  # noqa: E402
    C_NAMES,
    CONFLICTS,
    FLAG,
    GARBAGE,
    HOSTILE,
    HOSTILE_EXPR,
    NEURON_EXPR,
    PLAIN,
    SYNAPSE_EXPR,
    TOKEN,
    function_definitions,
    fuzz_settings,
    is_comment,
    names_to_test,
    pieces,
)
from fuzz_networks import (  # noqa: E402
    RATE_PARAMETERS,
    SLOTS,
    arm,
    assert_clean,
    attempt,
    c_name_network,
    check,
    code_only,
    compile_and_scan,
    generate,
    rate_network,
)
from hypothesis import example, given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@pytest.fixture(scope="module")
def marker(tmp_path_factory) -> Path:
    """The file a hostile payload would create (its name, FUZZMARK, is in every payload)."""
    return tmp_path_factory.mktemp("fuzz") / TOKEN


# ---------------------------------------------------------------- parser level


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
@example(equation=("0", False), pre_spike=("0", False), psp=("eta * w", False))
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
        psp = ann.Synapse(parameters="eta = 0.01", psp=texts[2])
        net.connect(rate, rate, "exc", psp).all_to_all(0.5)
        return generate(net)

    hostile = any(bad for _, bad in (equation, pre_spike, psp))
    check(build, marker, hostile, texts)


@fuzz_settings(60)
@given(
    value=pieces(NEURON_EXPR),
    flags=st.lists(FLAG, max_size=3),
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
        st.sampled_from([None, [1.0], "abc", {"k": 1}, b"1"]).map(lambda v: (v, True)),
        # NaN and infinities are numbers: accepted (only the error type is checked)
        st.sampled_from([float("nan"), float("inf")]).map(lambda v: (v, None)),
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

    if bad_value is None and not bad_name:
        assert_clean(attempt(build)[0] or {}, marker)
    else:
        check(build, marker, bad_name or bad_value, [name])


@pytest.mark.parametrize("slot", sorted(SLOTS))
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


@fuzz_settings(16, shrink=False)
@given(
    case=st.sampled_from([(w, f) for w, flags in CONFLICTS.items() for f in flags]),
)
def test_conflicting_flags_are_refused(case, marker):
    """A flag given twice, or two flags that contradict each other: an ANNarchyException."""
    where, flags = case
    if where == "parameter":
        build = lambda: rate_network("r = a + sum(exc)", f"a = 1.0 : {flags}")  # noqa: E731
    else:
        build = lambda: rate_network(f"r = sum(exc)\ndv/dt = 1.0 : {flags}")  # noqa: E731
    _, error = attempt(build)
    assert error is not None, f"{where} flags '{flags}' accepted"


@fuzz_settings(150)
@given(text=GARBAGE, slot=st.sampled_from(sorted(SLOTS)))
def test_arbitrary_text(text, slot, marker):
    """Any text in any slot: accepted or an ANNarchyException, never a raw Python error."""
    sources, _ = attempt(lambda: generate(SLOTS[slot](text)))
    assert not marker.exists()
    for filename, code in sources.items() if sources else ():
        for needle in ("{{", "{%", "{#"):
            assert needle not in code, f"{needle!r} reached {filename}"


@fuzz_settings(60)
@given(names=names_to_test())
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
    role=st.sampled_from(["parameter", "variable", "function", "constant", "target"]),
)
def test_c_names_parse(name, role, marker):
    """C/C++ keywords and libc names as identifiers: accepted or refused by the parser."""
    attempt(lambda: generate(c_name_network(name, role)))
    assert not marker.exists()  # the name itself may appear as (part of) an identifier


# ---------------------------------------------------------------- compile level


@fuzz_settings(6)
@given(
    lines=st.lists(pieces(NEURON_EXPR), min_size=2, max_size=2),
    constant=st.one_of(st.just(("k", False)), HOSTILE_EXPR.map(lambda h: (h, True))),
)
@example(  # a comment is dropped: this one compiles, with the payload nowhere in the sources
    lines=[('v # FUZZMARK */ std::system("touch @MARK@");', True), ("1.0", False)],
    constant=("k", False),
)
def test_compile_hostile_pieces(lines, constant, marker, tmp_path_factory):
    """A few networks built from valid and hostile pieces, compiled and run for one step."""
    targets = ["tau * dr/dt + r = k + ", "dv/dt = "]
    texts = [arm(text, marker) for text, _ in lines]
    equations = "\n".join(
        targets[i] + text + " + sum(exc)" * (i == 0) for i, text in enumerate(texts)
    )
    name = arm(constant[0], marker)
    directory = tmp_path_factory.mktemp("build")

    def build():
        net = rate_network(equations, constants={name: 0.5})
        return compile_and_scan(net, directory, marker)

    hostile = constant[1] or any(bad for _, bad in lines)
    check(build, marker, hostile, [*texts, name])


@fuzz_settings(8, shrink=False)
@given(
    name=st.sampled_from(C_NAMES),
    role=st.sampled_from(["parameter", "variable", "function", "constant", "target"]),
)
def test_compile_c_names(name, role, marker, tmp_path_factory):
    """A C/C++ name as an identifier is refused by the parser or compiles (never g++'s error)."""
    directory = tmp_path_factory.mktemp("build")
    attempt(lambda: compile_and_scan(c_name_network(name, role), directory, marker))
    assert not marker.exists()


@fuzz_settings(4, shrink=False)
@given(names=names_to_test())
def test_compile_hostile_names(names, marker, tmp_path_factory):
    """Hostile names that the parser accepts compile, load and run; nothing executes."""
    names = {kind: arm(name, marker) for kind, name in names.items()}
    equations = f"tau * dr/dt + r = I + sum({names.get('target', 'exc')})"
    directory = tmp_path_factory.mktemp("build")

    def build():
        net = rate_network(equations, names=names)
        net.compile(directory=str(directory), silent=True)
        net.step()

    attempt(build)
    assert not marker.exists(), "a hostile name ran at compile or load time"
