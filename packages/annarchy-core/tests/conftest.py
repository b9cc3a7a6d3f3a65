"""Shared fixtures: a clean global state per test, the fake parser while the real one is missing,
and a fake backend registered as a plugin (``fake_backend``, from ``ANNarchy.testing``)."""

from __future__ import annotations

import annarchy_parser
import fake_parser
import pytest
from ANNarchy.testing.pytest import clean_state, fake_backend  # noqa: F401 (fixtures)

REAL_PARSER = hasattr(annarchy_parser, "parse_neuron")


@pytest.fixture(autouse=True)
def _clean(clean_state, monkeypatch):  # noqa: F811 (the imported fixture)
    """Each test starts without magic network, global constants, functions or settings, and
    with the fake parser while the real one is missing."""
    if not REAL_PARSER:
        for name in ("parse_neuron", "parse_synapse", "Parameter", "Variable"):
            monkeypatch.setattr(annarchy_parser, name, getattr(fake_parser, name), raising=False)


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
