"""No user text is pasted into generated code (issue 10, item 3).

Every kind of name (population, projection, neuron/synapse ``name=`` and ``description=``,
monitor, input populations, convolution, BOLD) with comment terminators, newlines,
preprocessor lines, jinja2 delimiters, NUL bytes and non-ASCII text: the network compiles and
runs, no such text reaches a generated source file and nothing is executed. Names used as C
identifiers (targets, constants, user functions) are checked, or work behind a prefix.
"""

from __future__ import annotations

from pathlib import Path

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.errors import ANNarchyException, InvalidConfiguration
from ANNarchy.extensions.convolution import Convolution

MARKER = Path("/tmp/annarchy-i10-names-api-marker")


def hostile(tag: str) -> str:
    return (
        f"{tag} */ #include <cstdlib>\n"
        f'static int e_{tag} = std::system("touch {MARKER}"); /*\n'
        "#define r 0\n// {{ 7*7 }} {% raw %} {# c #} \\\n??/ \x00 é漢"
    )


DANGEROUS = ("#include <cstdlib>", "std::system", "#define r", "{{", "{%", "{#", "??/", "\x00")


def _sources(directory: Path) -> list[Path]:
    files = [p for p in directory.rglob("*") if p.suffix in (".cpp", ".h", ".hpp", ".cu")]
    assert files, f"no generated source under {directory}"
    return files


def _assert_clean(directory: Path) -> None:
    for path in _sources(directory):
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert text.isascii(), path
        for fragment in DANGEROUS:
            assert fragment not in text, (path, fragment)
    assert not MARKER.exists()


def test_every_kind_of_name_only_reaches_sanitised_comments(tmp_path):
    MARKER.unlink(missing_ok=True)
    net = ann.Network(dt=1.0)
    leaky = ann.Neuron(
        parameters="tau = 10.0",
        equations="tau * dv/dt + v = sum(exc) + 1\nr = v",
        name=hostile("neuron"),
        description=hostile("neuron description"),
    )
    hebb = ann.Synapse(
        parameters="eta = 0.0",
        equations="dw/dt = eta * pre.r",
        name=hostile("synapse"),
        description=hostile("synapse description"),
    )
    pop = net.create(4, leaky, name=hostile("population"))
    poisson = net.create(ann.PoissonPopulation(4, rates=10.0, name=hostile("poisson")))
    spiking = net.create(2, ann.Izhikevich, name=hostile("spiking"))
    proj = net.connect(pop, pop, "exc", synapse=hebb, name=hostile("projection"))
    proj.all_to_all(0.5, allow_self_connections=True)
    net.connect(poisson, spiking, "exc", name=hostile("projection2")).all_to_all(1.0)
    image = net.create(geometry=(3, 3), neuron=ann.Neuron(parameters="r = 0.0"), name=hostile("i"))
    out = net.create(
        geometry=(3, 3), neuron=ann.Neuron(equations="r = sum(exc)"), name=hostile("o")
    )
    conv = Convolution(image, out, "exc", name=hostile("convolution"))
    net.connect(conv).connect_filter(np.ones((3, 3)), padding=0.0)
    monitor = net.monitor(pop, "v", name=hostile("monitor"))
    net.boldmonitor([pop], mapping={"I_CBF": "r"})
    net.compile(directory=str(tmp_path / "build"), silent=True)
    image.r = np.arange(9.0).reshape(3, 3)
    net.simulate(2)
    _assert_clean(tmp_path / "build")
    # v(1) = (0 + 1 - 0) / 10 = 0.1 (sum 0); v(2) = 0.1 + (4 * 0.5 * 0.1 + 1 - 0.1) / 10
    np.testing.assert_allclose(monitor.get("v")[:, 0], [0.1, 0.21], rtol=1e-12)
    assert out.r[1, 1] == 36.0  # 0 + 1 + ... + 8: the 3x3 filter of ones at the centre
    assert pop.name == hostile("population")  # the name itself is kept


@pytest.mark.parametrize(
    "target", ["a b", "x */", "x;y", "a\x00", "é", "g\n#define", "{{x}}", "_x", "1x", ""]
)
def test_targets_that_are_not_identifiers_are_refused(target):
    net = ann.Network()
    pop = net.create(2, ann.Neuron(equations="r = 1"))
    with pytest.raises(InvalidConfiguration, match="target must be a name"):
        net.connect(pop, pop, target)


def test_keyword_and_c_name_targets_map_to_prefixed_identifiers(tmp_path):
    net = ann.Network(dt=1.0)
    src = net.create(1, ann.Neuron(parameters="r = 2.0"))
    neuron = ann.Neuron(
        equations="dv/dt = g_int + g_NULL + g_main - v", spike="v > 1000", reset="v=0"
    )
    post = net.create(1, neuron)
    for target, weight in (("int", 1.0), ("NULL", 10.0), ("main", 100.0)):
        net.connect(ann.Projection(src, post, target, synapse=ann.Synapse(psp="w * pre.r")))
        net.get_projections()[-1].all_to_all(weight)
    net.compile(directory=str(tmp_path), silent=True)
    net.step()
    assert post.v[0] == 2.0 * 111.0


@pytest.mark.parametrize("name", ["a */ b", "x\n#include <cstdlib>", "é", "a\x00", "_x", "{{x}}"])
def test_constants_with_bad_names_are_refused(name):
    with pytest.raises(InvalidConfiguration, match="ASCII letters"):
        ann.Network().constant(name, 1.0)


def test_constants_and_functions_named_like_c_names(tmp_path):
    net = ann.Network(dt=1.0)
    for k, name in enumerate(("NULL", "printf", "errno", "main")):
        net.constant(name, float(k + 1))
    functions = """
int(x) = x + 1
rand() = 4
NAN(x) = 2 * x
j0(x) = 3 * x
signbit(x) = 4 * x
printf(x) = 5 * x
"""
    neuron = ann.Neuron(
        equations="""
        a = int(NULL) + rand()
        b = NAN(printf) + j0(errno)
        c = signbit(-main) + printf(1.0)
        r = 0
        """,
        functions=functions,
    )
    pop = net.create(1, neuron)
    net.compile(directory=str(tmp_path), silent=True)
    net.step()
    assert (pop.a[0], pop.b[0], pop.c[0]) == (2.0 + 4.0, 4.0 + 9.0, -16.0 + 5.0)


@pytest.mark.parametrize("definition", ["é(x) = x", "_f(x) = x", "f(é) = é", "f(x = x"])
def test_functions_with_bad_names_are_refused(definition):
    with pytest.raises(ANNarchyException):
        net = ann.Network()
        net.create(1, ann.Neuron(equations="r = 0", functions=definition))
        net.compile(silent=True)
