"""Networks built from fuzzed text and the checks of the fuzzer (tests/test_fuzz.py): every
refusal an ANNarchyException, no marker file, no user text in the generated sources."""

from __future__ import annotations

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
from fuzz_inputs import MARK, SIGNATURES, is_comment


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


def check(build, marker: Path, hostile: bool, texts=()) -> dict[str, str] | None:
    """Run ``build``: valid text is accepted, hostile text refused (unless it sits in a
    comment), sources are clean either way. Returns the sources, or None when refused."""
    sources, error = attempt(build)
    if not hostile:
        # constant folding may find a valid-looking expression undefined (0 / 0): refused
        folded = error is not None and "infinite, undefined or complex" in str(error)
        assert error is None or folded, f"valid input refused: {error}"
    elif not any(is_comment(t) for t in texts):
        assert error is not None, "hostile input accepted"
    assert_clean(sources or {}, marker)
    return sources


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
    "function argument": lambda h: rate_network("r = f(a) + sum(exc)", functions=f"f({h}) = 1"),
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


def c_name_network(name: str, role: str):
    """A network using ``name`` as a parameter, variable, function, constant or target name."""
    parameters, functions, target = RATE_PARAMETERS, None, "exc"
    equations = f"tau * dr/dt + r = {name} + sum(exc)"
    if role == "parameter":
        parameters += f"\n{name} = 0.25"
    elif role == "variable":
        equations += f"\n{name} = 0.25"
    elif role == "function":
        functions = f"{name}(x) = x * 0.25"
        equations = f"tau * dr/dt + r = {name}(1.0) + sum(exc)"
    elif role == "target":
        equations, target = f"tau * dr/dt + r = sum({name})", name
    constants = {name: 0.25} if role == "constant" else None
    names = {"target": target}
    return rate_network(equations, parameters, functions, names=names, constants=constants)


def compile_and_scan(net, directory: Path, marker: Path) -> dict[str, str]:
    """Compile ``net`` into ``directory`` and scan every generated file there."""
    net.compile(directory=str(directory), silent=True)
    net.step()
    files = [p for p in directory.rglob("*") if p.is_file() and p.suffix not in (".so", ".o")]
    assert files, "compile() wrote no source"
    sources = {str(p): p.read_text(errors="replace") for p in files}
    assert_clean(sources, marker)
    return sources
