"""Cross-package suite: every test runs in its own temporary directory (compiled networks land
there) and, where it asks for the ``backend`` fixture, once per installed backend (the
``pytest_generate_tests`` of ``ANNarchy.testing.pytest``)."""

from __future__ import annotations

import pytest
from ANNarchy.testing.pytest import pytest_generate_tests  # noqa: F401 (the backend parameter)


@pytest.fixture(autouse=True)
def _in_tmp_dir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # the build cache of parallel_run()'s executor workers (default: ~/.cache/annarchy)
    monkeypatch.setenv("ANNARCHY_CACHE_DIR", str(tmp_path / "worker-cache"))
