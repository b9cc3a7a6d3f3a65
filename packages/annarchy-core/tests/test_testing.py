"""ANNarchy.testing: the scenario runner, the comparison and the pytest helpers."""

from __future__ import annotations

import subprocess
import sys

import pytest
from ANNarchy import testing
from ANNarchy.core import config
from ANNarchy.testing.pytest import backend_params


def test_scenarios_are_package_data_with_reference_numbers():
    names = testing.scenario_names()
    assert len(names) == 13 and names[0] == "functions" and "stdp" in names
    assert testing.expected("global_ops")["b"][1] == [1.0, 1.0, 1.0, 1.0]
    assert (testing.SCENARIO_DIR / "record.py").is_file()


def test_unknown_scenario_is_a_key_error_naming_the_known_ones():
    with pytest.raises(KeyError, match="No scenario named 'nope'.*global_ops"):
        testing.load_scenario("nope")
    with pytest.raises(KeyError):
        testing.load_scenario("record")


def test_run_scenario_uses_the_paradigm_and_restores_the_setting(fake_backend, tmp_path):
    out = testing.run_scenario("monitors", "fake", directory=tmp_path / "run")
    assert fake_backend.generated is not None and len(fake_backend.generated.populations) == 1
    # the fake runtime simulates nothing: r stays 0; m1 records every 3 steps of 14
    assert out["m1"] == [[0.0, 0.0, 0.0]] * 5 and out["m1_times"]["r"]["start"] == [0.0]
    assert config.global_settings()["paradigm"] == "openmp"


def test_compare_names_the_first_difference():
    testing.compare({"a": [[1.0, 2.0], [3.0]]}, {"a": [[1.0, 2.0], [3.0]]})
    testing.compare([1.0 + 1e-10], [1.0])
    with pytest.raises(AssertionError, match=r"\.a\[1\]"):
        testing.compare({"a": [[1.0, 2.0], [3.5]]}, {"a": [[1.0, 2.0], [3.0]]})
    with pytest.raises(AssertionError, match="keys"):
        testing.compare({"a": 1.0}, {"b": 1.0})
    with pytest.raises(AssertionError, match=r"\.x"):
        testing.compare({"x": [1.0, 2.0]}, {"x": [1.0, 2.0 + 1e-6]})


def test_to_plain_turns_arrays_into_lists():
    import numpy as np

    assert testing.to_plain({1: np.arange(2), "b": (np.float64(0.5),)}) == {
        "1": [0, 1],
        "b": [0.5],
    }


def test_backend_params_skip_what_is_missing_or_unavailable(fake_backend, monkeypatch):
    monkeypatch.delenv("ANNARCHY_TEST_BACKENDS", raising=False)
    fake_backend.ok = False
    params = {p.values[0]: p for p in backend_params(["fake", "no-such-backend"])}
    assert params["fake"].marks[0].kwargs["reason"] == "no compiler on this machine"
    assert params["no-such-backend"].marks[0].kwargs["reason"] == "not installed"
    monkeypatch.setenv("ANNARCHY_TEST_BACKENDS", "no-such-backend")
    assert [p.values[0] for p in backend_params(["fake", "no-such-backend"])] == ["no-such-backend"]


def test_importing_annarchy_imports_neither_pytest_nor_the_testing_package():
    code = "import sys, ANNarchy; print('pytest' in sys.modules, 'ANNarchy.testing' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
