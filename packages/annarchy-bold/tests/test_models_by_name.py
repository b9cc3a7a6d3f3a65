"""BOLD models by name: ``net.boldmonitor(pop, bold_model="name")`` looks the name up in the
models plugins register (``register_bold_models`` hook), the predefined ones included.
Expected numbers: the reference's BOLD of ``balloon_CL(kappa=0.5, epsilon=1.0)`` in
``test_monitor.py`` (same script)."""

from __future__ import annotations

import ANNarchy as ann
import ANNarchy.extensions.bold as bold
import numpy as np
import pytest
from ANNarchy import plugins
from ANNarchy.plugin import hookimpl
from test_monitor import REFERENCE, STEPS


class LinearModels:
    """A third-party plugin registering a configured model under its own name."""

    @hookimpl
    def register_bold_models(self, register):
        register.add("balloon_linear", bold.balloon_CL(kappa=0.5, epsilon=1.0))


@pytest.fixture
def linear_plugin():
    plugin = LinearModels()
    plugins.register_plugin(plugin, name="linear", distribution="annarchy-linear")
    yield plugin
    plugins.manager().unregister(plugin)
    plugins.refresh()


def _neuron():
    return ann.Neuron(
        parameters=dict(b=ann.Parameter(0.0, locality="local")), equations=["r = b", "c = 0.4 * b"]
    )


def test_model_of_a_plugin_by_name(linear_plugin, cache_dir):
    assert plugins.registry("bold_models").origin("balloon_linear").plugin == "linear"
    net = ann.Network(dt=1.0)
    p1, p2 = net.create(4, _neuron()), net.create(6, _neuron())
    monitor = net.boldmonitor([p1, p2], bold_model="balloon_linear")
    assert isinstance(monitor.bold_model, bold.balloon_CL)
    net.compile(directory=cache_dir, silent=True)
    monitor.start()
    net.simulate(100)
    p1.b, p2.b = 1.0, np.linspace(0, 1, 6)
    net.simulate(2000)
    p1.b, p2.b = 0.0, 0.0
    net.simulate(3000)
    record = monitor.get("BOLD")
    np.testing.assert_allclose(record[STEPS, 0], REFERENCE["CL", "BOLD"], rtol=1e-9, atol=1e-16)


def test_predefined_models_are_registered_by_name():
    models = plugins.registry("bold_models")
    assert sorted(models.names()) == sorted(
        ["balloon_RN", "balloon_RL", "balloon_CN", "balloon_CL", "balloon_maith2021",
         "balloon_two_inputs"]
    )  # fmt: skip
    assert models.origin("balloon_RL").distribution == "annarchy-bold"
    net = ann.Network()
    pop = net.create(2, _neuron())
    monitor = net.boldmonitor(pop, bold_model="balloon_RL")
    assert type(monitor.bold_model) is bold.balloon_RL
    assert monitor.bold_model.parameters["V_0"] == 0.02


def test_unknown_model_name():
    net = ann.Network()
    pop = net.create(2, _neuron())
    with pytest.raises(
        bold.BoldMonitorError,
        match=r"no BOLD model named 'balloon_linaer' is installed \(known: balloon_CL, ",
    ):
        net.boldmonitor(pop, bold_model="balloon_linaer")
