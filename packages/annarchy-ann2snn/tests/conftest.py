"""Tests of annarchy-ann2snn: run with core, parser, one backend (openmp) and this package."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory):
    """One build cache for the session: equal network structures compile once."""
    return str(tmp_path_factory.mktemp("annarchy_cache"))
