"""pytest plugin for testing ANNarchy plugins.

Load it from the top-level ``conftest.py``::

    pytest_plugins = ["ANNarchy.testing.pytest"]

or, from a ``conftest.py`` below the rootdir (where pytest refuses ``pytest_plugins``), import
its names: ``from ANNarchy.testing.pytest import *  # noqa: F403``.

It provides

- ``clean_state``: a fixture giving a test a fresh global state (no magic network, no global
  constants, functions or ``setup()`` settings; ``sys.argv`` without flags); make it autouse
  with ``@pytest.fixture(autouse=True) def _clean(clean_state): ...``;
- ``fake_backend``: a `FakeBackend` registered as the paradigm
  ``'fake'`` for the test;
- the ``backend`` parameter: a test asking for ``backend`` runs once per installed backend
  (`backend_params`; unavailable ones are skipped with their reason). Set
  ``ANNARCHY_TEST_BACKENDS`` (comma-separated names) to keep some of them.
"""

from __future__ import annotations

import os

import pytest

from .fake_backend import FakeBackend, FakeBackendPlugin

__all__ = ["backend_params", "clean_state", "fake_backend", "pytest_generate_tests"]


def _reset_globals() -> None:
    from ..core import config, constant, functions, global_api, registry

    registry._magic = None
    config.reset_global_settings()
    constant.clear_global_constants()
    functions.clear_global_functions()
    global_api._warned.clear()


@pytest.fixture
def clean_state(monkeypatch):
    """The test starts (and ends) without magic network, global constants, functions or
    settings, with a ``sys.argv`` that sets nothing."""
    monkeypatch.setattr("sys.argv", ["test"])
    _reset_globals()
    yield
    _reset_globals()


@pytest.fixture
def fake_backend():
    """A `FakeBackend` registered under the paradigm name 'fake'."""
    from ..plugin import register_plugin
    from ..plugins import manager, refresh

    backend = FakeBackend()
    plugin = FakeBackendPlugin(backend)
    register_plugin(plugin, name="fake-backend")
    yield backend
    manager().unregister(plugin)
    refresh()


def backend_params(names=None) -> list:
    """``pytest.param`` of each installed backend (or of ``names``), skipped with the reason
    it gives when it is not available on this machine."""
    from ..plugin import registry

    backends = registry("backends")
    wanted = os.environ.get("ANNARCHY_TEST_BACKENDS")
    keep = set(wanted.split(",")) if wanted else None
    params = []
    for name in names if names is not None else backends.names():
        if keep is not None and name not in keep:
            continue
        if name not in backends:
            params.append(pytest.param(name, marks=pytest.mark.skip(reason="not installed")))
            continue
        ok, reason = backends.get(name).available()
        params.append(pytest.param(name, marks=() if ok else pytest.mark.skip(reason=reason)))
    return params


def pytest_generate_tests(metafunc):
    """Parametrise the ``backend`` argument over the installed backends."""
    if "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", backend_params())
