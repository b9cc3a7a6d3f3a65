"""Shared fixtures: a clean global state per test and a fake backend registered as a plugin
(``fake_backend``), both from ``ANNarchy.testing``."""

from __future__ import annotations

import pytest
from ANNarchy.testing.pytest import clean_state, fake_backend  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def _clean(clean_state):  # noqa: F811 (the imported fixture)
    """Each test starts without magic network, global constants, functions or settings."""
    yield


@pytest.fixture
def rate_neuron():
    import ANNarchy as ann

    return ann.Neuron(
        parameters=dict(tau=10.0, b=ann.Parameter(0.5, locality="local")),
        equations=["tau * dv/dt + v = b + sum(exc)", "r = pos(v)"],
    )


@pytest.fixture
def spike_neuron():
    import ANNarchy as ann

    return ann.Neuron(
        parameters=dict(I=ann.Parameter(0.0, locality="local")),
        equations=["dv/dt = I + g_exc"],
        spike="v > 1.0",
        reset="v = 0.0",
    )
