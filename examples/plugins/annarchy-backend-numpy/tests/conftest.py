"""Every test starts with a clean global state (``ANNarchy.testing``) in its own directory."""

from __future__ import annotations

import pytest
from ANNarchy.testing.pytest import clean_state, fake_backend  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def _clean(clean_state, tmp_path, monkeypatch):  # noqa: F811 (the imported fixture)
    monkeypatch.chdir(tmp_path)
