"""What a plugin author needs to test a plugin (as ``tox.pytest`` for tox plugins).

- `FakeBackend`: a backend without a compiler whose runtime only stores values, to test
  what core hands a backend (``fake_backend`` fixture);
- the scenario suite: deterministic networks with the reference implementation's numbers
  (`scenario_names`, `run_scenario`, `expected`, `compare`), for a
  backend to check its numbers;
- a pytest plugin, ``ANNarchy.testing.pytest`` (fixtures ``clean_state``, ``fake_backend`` and
  the ``backend`` parameter over the installed backends). Load it from the top-level
  ``conftest.py`` with ``pytest_plugins = ["ANNarchy.testing.pytest"]``, or import its names
  into any ``conftest.py``: ``from ANNarchy.testing.pytest import *``.

Importing ``ANNarchy`` does not import this package, nor pytest.
"""

from __future__ import annotations

from .fake_backend import FakeBackend, FakeBackendPlugin, FakeRuntime
from .runner import (
    SCENARIO_DIR,
    compare,
    expected,
    load_scenario,
    run_scenario,
    scenario_names,
    to_plain,
)

__all__ = [
    "SCENARIO_DIR",
    "FakeBackend",
    "FakeBackendPlugin",
    "FakeRuntime",
    "available_backends",
    "compare",
    "expected",
    "load_scenario",
    "run_scenario",
    "scenario_names",
    "to_plain",
]


def available_backends() -> dict[str, tuple[bool, str]]:
    """``{paradigm: (available, reason)}`` of every installed backend plugin."""
    from ..plugin import registry

    return {name: tuple(backend.available()) for name, backend in registry("backends").items()}
