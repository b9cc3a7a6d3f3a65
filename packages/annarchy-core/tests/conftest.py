"""Shared fixtures: a clean global state per test and a fake backend registered as a plugin."""

from __future__ import annotations

import pytest
from ANNarchy import plugins
from ANNarchy.core import config, constant, functions, global_api, registry
from fake_backend import FakeBackend, FakeBackendPlugin


@pytest.fixture(autouse=True)
def clean_state(monkeypatch):
    """Each test starts without magic network, global constants, functions or settings."""
    monkeypatch.setattr("sys.argv", ["test"])
    registry._magic = None
    config.reset_global_settings()
    constant.clear_global_constants()
    functions.clear_global_functions()
    global_api._warned.clear()
    yield
    registry._magic = None


@pytest.fixture
def fake_backend():
    """A FakeBackend registered under the paradigm name 'fake'."""
    backend = FakeBackend()
    plugin = FakeBackendPlugin(backend)
    plugins.register_plugin(plugin, name="fake-backend")
    yield backend
    plugins.manager().unregister(plugin)
    plugins.refresh()


@pytest.fixture
def rate_neuron():
    import ANNarchy as ann

    return ann.Neuron(
        parameters=dict(tau=10.0, b=ann.Parameter(0.5)),
        equations=["tau * dv/dt + v = b + sum(exc)", "r = pos(v)"],
    )


@pytest.fixture
def spike_neuron():
    import ANNarchy as ann

    return ann.Neuron(
        parameters=dict(I=ann.Parameter(0.0)),
        equations=["dv/dt = I + g_exc"],
        spike="v > 1.0",
        reset="v = 0.0",
    )
