"""User errors of a network are found by core's validate() before any backend generates code:
openmp and a backend that generates nothing report the same error, with the same words."""

from __future__ import annotations

import ANNarchy as ann
import pytest
from ANNarchy import plugins
from ANNarchy.hookspecs import hookimpl


class NullBackend:
    """Generates nothing: a network reaching generate() was not refused."""

    name = "null"

    def available(self):
        return True, ""

    def generate(self, net):
        raise AssertionError("generate() reached: validate() accepted the network")

    def build(self, sources, options):
        raise AssertionError("build() reached: validate() accepted the network")

    def load(self, build, net):
        raise AssertionError("load() reached: validate() accepted the network")


class NullPlugin:
    @hookimpl
    def register_backends(self, register):
        register.add("null", NullBackend())


@pytest.fixture(params=["openmp", "null"])
def paradigm(request):
    plugin = NullPlugin()
    plugins.register_plugin(plugin, name="null-backend")
    yield request.param
    plugins.manager().unregister(plugin)
    plugins.refresh()


RATE = dict(equations="r = sum(exc)")
SPIKE = dict(equations="dv/dt = -v + g_exc", spike="v > 1", reset="v = 0")


def _functions(net):
    net.create(2, ann.Neuron(equations="r = f(1.0)", functions="f(x) = 2*x"), name="A")
    net.create(2, ann.Neuron(equations="r = f(1.0)", functions="f(x) = 3*x"), name="B")


def _psp_random(net):
    pop = net.create(2, ann.Neuron(**RATE))
    syn = ann.Synapse(psp="w * pre.r * Uniform(0.0, 1.0)", name="noisy")
    net.connect(pop, pop, "exc", syn).all_to_all(1.0)


def _global_reduced(net):
    neuron = ann.Neuron(
        parameters=dict(a=ann.Parameter(1.0, locality="global")), equations="r = mean(a)"
    )
    net.create(2, neuron, name="G")


def _axon_delay(net):
    neuron = ann.Neuron(**SPIKE, axon_spike="v > 0.5")
    pop = net.create(2, neuron)
    syn = ann.Synapse(pre_spike="g_target += w", pre_axon_spike="g_target += w", name="ax")
    net.connect(pop, pop, "exc", syn, name="D").all_to_all(1.0, delays=2.0)


def _storage(net):
    pop = net.create(2, ann.Neuron(**RATE))
    proj = net.connect(pop, pop, "exc", name="S")
    proj.all_to_all(1.0)
    proj.storage_format = "xyz"  # bypasses the check of the connector methods


def _sum_ref(net):
    pop = net.create(2, ann.Neuron(**RATE), name="R")
    syn = ann.Synapse(equations="dw/dt = post.sum(inh)", name="reads")
    net.connect(pop, pop, "exc", syn, name="Q").all_to_all(1.0)


CASES = {
    "functions": (_functions, "Two different functions are named 'f'; rename one of them."),
    "psp_random": (_psp_random, "Synapse 'noisy': random draws cannot be used in psp"),
    "global_reduced": (
        _global_reduced,
        "mean(a) in population 'G': a is not a local attribute of the neuron of population 'G'",
    ),
    "axon_delay": (
        _axon_delay,
        "Projection 'D': pre_axon_spike of synapse 'ax' cannot be combined with synaptic delays",
    ),
    "storage": (_storage, "Projection 'S': unknown storage_format 'xyz' (known: auto,"),
    "sum_ref": (_sum_ref, "reads post.sum(inh), but the post-synaptic population 'R' receives"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_same_error_on_every_backend(paradigm, case):
    build, message = CASES[case]
    net = ann.Network()
    net.config(paradigm=paradigm)
    build(net)
    with pytest.raises(ann.InvalidConfiguration) as err:
        net.compile(silent=True)
    assert message in str(err.value)
