"""Tests of annarchy-bold: run with core, parser, one backend (openmp) and this package."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory):
    """One build cache for the session: equal network structures compile once."""
    return str(tmp_path_factory.mktemp("annarchy_cache"))


@pytest.fixture
def run(cache_dir):
    """``run(net)`` compiles ``net`` silently into the shared cache."""

    def compile_net(net):
        net.compile(directory=cache_dir, silent=True)
        return net

    return compile_net
