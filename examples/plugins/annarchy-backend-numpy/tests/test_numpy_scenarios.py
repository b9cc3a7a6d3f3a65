"""The scenario suite of ``ANNarchy.testing``: the reference implementation's numbers, and the
openmp backend's to 1e-12 when it is installed."""

from __future__ import annotations

import pytest
from ANNarchy.plugin import registry
from ANNarchy.testing import compare, expected, run_scenario, scenario_names

#: scenarios the numpy backend refuses, with the reason (none today)
REFUSED: dict[str, str] = {}


def _openmp_available() -> tuple[bool, str]:
    backends = registry("backends")
    if "openmp" not in backends:
        return False, "annarchy-backend-openmp is not installed"
    return backends.get("openmp").available()


@pytest.mark.parametrize("name", scenario_names())
def test_scenario_gives_the_reference_numbers(name):
    if name in REFUSED:
        pytest.skip(REFUSED[name])
    compare(run_scenario(name, "numpy"), expected(name))


@pytest.mark.parametrize("name", scenario_names())
def test_scenario_equals_openmp(name, tmp_path):
    ok, reason = _openmp_available()
    if not ok:
        pytest.skip(reason)
    ours = run_scenario(name, "numpy", directory=tmp_path / "numpy")
    theirs = run_scenario(name, "openmp", directory=tmp_path / "openmp")
    compare(ours, theirs, rtol=1e-12, atol=1e-12)


def test_the_plugin_is_registered_through_its_entry_point():
    backend = registry("backends").get("numpy")
    assert type(backend).__module__ == "annarchy_numpy.backend"
    assert backend.available() == (True, "")
