"""Tests of annarchy-tensorboard: core, parser, the OpenMP backend (network examples), this
package, tensorboardX, Pillow (to decode the logged PNGs) and matplotlib."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory):
    """One build cache for the session: equal network structures compile once."""
    return str(tmp_path_factory.mktemp("annarchy_cache"))
