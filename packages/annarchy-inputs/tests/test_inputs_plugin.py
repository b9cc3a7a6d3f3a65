"""The plugin boundary: names, extension module, missing plugin or generator, no recompilation."""

from __future__ import annotations

import ANNarchy as ann
import annarchy_inputs
import numpy as np
import pytest
from ANNarchy import plugins
from ANNarchy.core.lowering import lower
from ANNarchy.core.network_ir import SpecialIR
from ANNarchy.hookspecs import hookimpl


def test_names_resolve_to_the_plugin_classes():
    for name in annarchy_inputs.__all__:
        assert getattr(ann, name) is getattr(annarchy_inputs, name)
    import ANNarchy.extensions.image as image

    assert image.ImagePopulation is annarchy_inputs.ImagePopulation


def test_without_the_plugin_the_error_names_the_distribution():
    manager = plugins.manager()
    plugin = manager.get_plugin("inputs")
    manager.unregister(plugin)
    plugins.refresh()
    saved = ann.__dict__.pop("PoissonPopulation", None)
    try:
        with pytest.raises(ann.PluginError, match="pip install annarchy-inputs"):
            ann.PoissonPopulation  # noqa: B018
    finally:
        manager.register(plugin, name="inputs")
        plugins.refresh()
        if saved is not None:
            ann.PoissonPopulation = saved


class Special(ann.Population):
    """A third party's population: each step, ``r[i] = sum(X_gain) * i + counter``."""

    def __init__(self, size, kind):
        super().__init__(size, ann.Neuron(parameters="r = 0.0"))
        self.kind = kind

    def _special_ir(self):
        data = {"gain": np.array([1.0, 2.0])}
        return SpecialIR(self.kind, data=data, state={"counter": np.array(0, np.int64)})


def gain_code(site):
    """openmp generator of the test: uses data, lengths, state and own attributes."""
    gain, length, counter = site.data["gain"], site.length["gain"], site.data["counter"]
    return {
        "before_update": (
            f"    double total = 0.0;\n"
            f"    for (int64_t m = 0; m < {length}; m++) total += {gain}[m];\n"
            f"    for (int64_t i = 0; i < {site.size}; i++)\n"
            f"        {site.attrs['r']}[i] = total * (double)i + (double)(*{counter});\n"
            f"    *{counter} += 1;\n"
        )
    }


class GainPlugin:
    @hookimpl
    def register_special_code(self, register):
        register.add(("openmp", "test_gain"), gain_code)


def test_third_party_special_code(run):
    plugins.register_plugin(GainPlugin(), name="test-gain")
    try:
        net = ann.Network()
        pop = net.create(Special(3, "test_gain"))
        run(net)
        net.simulate(2)
        assert pop.r.tolist() == [1.0, 4.0, 7.0]  # gain 3, counter 1
        runtime = net._runtime
        runtime.set(pop.owner, "gain", np.ones(5))  # a new length: reallocated, no rebuild
        net.simulate(1)
        assert pop.r.tolist() == [2.0, 7.0, 12.0]
        assert runtime.get(pop.owner, "counter") == 3
        net.reset()  # state arrays go back to their initial values, data arrays stay
        net.simulate(1)
        assert pop.r.tolist() == [0.0, 5.0, 10.0]
        with pytest.raises(
            ann.ANNarchyException, match=r"Cannot set pop0.counter \(shape \(\)\) from shape \(2,\)"
        ):
            runtime.set(pop.owner, "counter", [1, 2])
    finally:
        plugins.manager().unregister(name="test-gain")
        plugins.refresh()


def test_a_kind_without_generator_gives_a_clear_error():
    from ANNarchy.plugins import registry

    net = ann.Network()
    net.create(Special(3, "no_such_kind"))
    with pytest.raises(ann.PluginError, match="'pop0' needs native code of kind 'no_such_kind'"):
        registry("backends").get("openmp").generate(lower(net))


def test_data_never_changes_the_generated_code():
    from ANNarchy.plugins import registry

    backend = registry("backends").get("openmp")

    def sources(rates, schedule, period, times):
        net = ann.Network(dt=0.5)
        net.create(ann.TimedArray(rates=rates, schedule=schedule, period=period))
        net.create(ann.SpikeSourceArray(spike_times=times))
        return backend.generate(lower(net))

    a = sources(np.eye(3), 1.0, -1.0, [[1.0], [2.0, 3.0]])
    b = sources(np.ones((7, 3)), [0.0, 2.0], 10.0, [[], [5.0, 6.0, 7.0]])
    assert a == b
