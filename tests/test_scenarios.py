"""Deterministic networks give the reference implementation's numbers (the scenario suite of
``ANNarchy.testing``: scripts and expected numbers are package data of annarchy-core)."""

from __future__ import annotations

import pytest
from ANNarchy.testing import compare, expected, run_scenario, scenario_names


@pytest.mark.parametrize("name", scenario_names())
def test_matches_reference(name, backend):
    compare(run_scenario(name, backend), expected(name))
