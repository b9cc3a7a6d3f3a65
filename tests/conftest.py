"""Cross-package suite: every test runs in its own temporary directory (compiled networks land
there) and, where it asks for the ``backend`` fixture, once per installed backend."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _in_tmp_dir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # the build cache of parallel_run()'s executor workers (default: ~/.cache/annarchy)
    monkeypatch.setenv("ANNARCHY_CACHE_DIR", str(tmp_path / "worker-cache"))


def _available_backends() -> list[str]:
    from ANNarchy.plugins import registry

    names = []
    for name, backend in registry("backends").items():
        ok, _reason = backend.available()
        names.append(pytest.param(name, marks=() if ok else pytest.mark.skip(reason=_reason)))
    return names


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", _available_backends())
