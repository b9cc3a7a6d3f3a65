from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory) -> Path:
    """One build cache shared by the whole session (so equal structures compile once)."""
    return tmp_path_factory.mktemp("annarchy_cache")
