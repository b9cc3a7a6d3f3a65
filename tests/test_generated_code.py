"""The generated C++ of the scenario and feature networks compiles without a warning under
``-Wall -Wextra -Werror`` (added to the build by ``ANNARCHY_EXTRA_FLAGS``), and no two
``__restrict`` pointers of one kernel name the same array (self-projections)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.testing import load_scenario, scenario_names

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "examples"))

from coba import build as build_coba  # noqa: E402

WERROR = "-Wall -Wextra -Werror"
SCENARIOS = scenario_names()

LEAKY = ann.Neuron(
    parameters="tau = 10.0",
    equations=["tau * dv/dt + v = sum(exc) + mean(r)", "r = pos(v)"],
)
HEBB = ann.Synapse(
    parameters="eta = 0.01 : projection",
    equations="dw/dt = eta * pre.r * post.r : min=0.0, max=2.0",
)
STDP = ann.Synapse(
    parameters="tau = 20.0 : projection",
    equations=[ann.Variable("tau * dx/dt = -x", method="event-driven")],
    pre_spike="g_target += w\nx += 0.01\nw = clip(w - (post.v - pre.v) * 0.001, 0.0, 1.0)",
    post_spike="w = clip(w + x + pre.v * 0.001, 0.0, 1.0)",
)
LIF = ann.Neuron(
    parameters="tau = 10.0",
    equations="tau * dv/dt = -v + g_exc + 2.0",
    spike="v > 1.0",
    reset="v = 0.0",
    refractory=2.0,
)


@pytest.fixture(autouse=True)
def _werror(monkeypatch):
    monkeypatch.setenv("ANNARCHY_EXTRA_FLAGS", WERROR)


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_compiles_without_warnings(name):
    load_scenario(name).run(
        ann
    )  # each scenario compiles its network; a warning raises CompilationError


def test_coba_compiles_without_warnings():
    net, _, monitor = build_coba(200, 0.05, seed=1)
    net.compile(silent=True)
    net.simulate(20.0)
    assert sum(len(s) for s in monitor.get("spike").values()) > 0


def test_rate_network_with_delays_and_plasticity_compiles_without_warnings():
    net = ann.Network(dt=1.0, seed=1)
    pre = net.create(4, ann.Neuron(equations="r = t"))
    post = net.create(3, LEAKY)
    uniform = net.connect(pre, post, "exc", HEBB)
    uniform.all_to_all(weights=0.5, delays=2.0)
    varied = net.connect(pre, post, "exc", HEBB)
    varied.fixed_number_pre(2, weights=0.25, delays=ann.Uniform(1.0, 4.0))
    recurrent = net.connect(post, post, "exc", HEBB)
    recurrent.all_to_all(weights=0.1, delays=1.0)
    net.compile(silent=True)
    net.simulate(10.0)
    assert np.all(np.isfinite(post.v)) and post.v[0] > 0.0


def test_stdp_self_projection_compiles_without_warnings():
    net = ann.Network(dt=0.5, seed=2)
    pop = net.create(20, LIF)
    pop.v = ann.Uniform(0.0, 1.0)
    proj = net.connect(pop, pop, "exc", STDP)
    proj.fixed_probability(0.3, weights=0.5)
    monitor = net.monitor(pop, "spike")
    net.compile(silent=True)
    net.simulate(30.0)
    assert sum(len(s) for s in monitor.get("spike").values()) > 0


def test_structural_plasticity_compiles_without_warnings():
    aging = ann.Synapse(
        parameters="T = 4 : projection",
        equations="age = age + 1 : init=0",
        pruning=ann.Pruning("age > T"),
        creating=ann.Creating("pre.r * post.r > T", w=0.25),
    )
    net = ann.Network(dt=1.0, seed=1)
    net.config(structural_plasticity=True)
    pop = net.create(3, ann.Neuron(parameters="r = 1.0"))
    proj = net.connect(pop, pop, "a", aging)
    proj.one_to_one(weights=1.0)
    net.compile(silent=True)
    proj.start_pruning(period=1.0)
    net.simulate(6.0)
    assert proj.nb_synapses == 0


def test_input_populations_compile_without_warnings():
    net = ann.Network(dt=1.0, seed=3)
    poisson = net.create(ann.PoissonPopulation(10, rates=200.0))
    timed = net.create(ann.TimedArray(rates=np.array([[1.0, 2.0], [3.0, 4.0]])))
    source = net.create(ann.SpikeSourceArray(spike_times=[[1.0, 3.0], [2.0]]))
    post = net.create(2, LIF)
    net.connect(poisson, post, "exc").all_to_all(weights=0.1)
    net.connect(source, post, "exc").one_to_one(weights=0.5)
    rate = net.create(2, ann.Neuron(equations="r = sum(exc)"))
    net.connect(timed, rate, "exc").one_to_one(weights=1.0)
    net.compile(silent=True)
    net.simulate(3.0)
    assert list(rate.r) == [3.0, 4.0]


def test_convolution_compiles_without_warnings():
    convolution = pytest.importorskip("ANNarchy.extensions.convolution")
    net = ann.Network()
    inp = net.create(geometry=(5, 6), neuron=ann.Neuron(parameters="r = 0.0"))
    out = net.create(geometry=(5, 6), neuron=ann.Neuron(equations="r = sum(exc)"))
    pooled = net.create(geometry=(1, 2), neuron=ann.Neuron(equations="r = sum(exc)"))
    kernel = np.array([[0.0, 1.0, 0.0], [1.0, 2.0, 1.0], [0.0, 1.0, 0.0]])
    net.connect(convolution.Convolution(inp, out, "exc")).connect_filter(kernel)
    net.connect(convolution.Pooling(out, pooled, "exc", operation="max")).pooling()
    net.compile(silent=True)
    inp.r = np.ones((5, 6))
    net.simulate(2)
    assert out.r[2, 2] == 6.0 and pooled.r[0, 0] == 6.0


RESTRICT = re.compile(r"(\w+)\* __restrict (\w+) = \(\w+\*\)S\[(\d+)\];")


def _restrict_slots(source: str) -> list[dict[str, list[str]]]:
    """Per function body: {slot: names of the restrict pointers declared on it}."""
    out = []
    for body in source.split("\n}\n"):
        slots: dict[str, list[str]] = {}
        for _ctype, name, slot in RESTRICT.findall(body):
            slots.setdefault(slot, []).append(name)
        out.append(slots)
    return out


def test_self_projection_declares_no_restrict_aliases():
    net = ann.Network(dt=0.5, seed=2)
    pop = net.create(5, LIF)
    proj = net.connect(pop, pop, "exc", STDP)
    proj.all_to_all(weights=0.5)
    net.compile(directory="annarchy_alias", silent=True)
    (path,) = Path("annarchy_alias").glob("*/network.cpp")
    source = path.read_text()
    # pre_spike names both pre.v and post.v: two pointers to the array of v in one kernel
    bodies = [b for b in source.split("\n}\n") if "Pre_v[j]" in b and "Post_v[post]" in b]
    assert len(bodies) == 2  # the propagation kernel, for one thread and for a team
    for slots in _restrict_slots(source):
        assert all(len(names) == 1 for names in slots.values()), slots
    # the aliases are declared without restrict
    assert re.search(r"double\* Pre_v = \(double\*\)S\[\d+\];", source)
    assert re.search(r"double\* Post_v = \(double\*\)S\[\d+\];", source)
