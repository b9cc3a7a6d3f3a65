"""Deterministic networks give the reference implementation's numbers (stored in expected/)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "scenarios"))
from _main import to_plain  # noqa: E402

SCENARIOS = sorted(p.stem for p in (HERE / "expected").glob("*.json"))


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, HERE / "scenarios" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _compare(actual, expected, path="") -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, dict), path
        assert set(actual) == set(expected), f"{path}: keys {set(actual)} != {set(expected)}"
        for key in expected:
            _compare(actual[key], expected[key], f"{path}.{key}")
        return
    if isinstance(expected, list) and any(isinstance(e, list) for e in expected):
        if len({len(e) if isinstance(e, list) else -1 for e in expected}) > 1:
            assert isinstance(actual, list) and len(actual) == len(expected), path
            for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
                _compare(a, e, f"{path}[{i}]")
            return
    np.testing.assert_allclose(
        np.asarray(actual, dtype=float), np.asarray(expected, dtype=float),
        rtol=1e-9, atol=1e-12, err_msg=path,
    )


@pytest.mark.parametrize("name", SCENARIOS)
def test_matches_reference(name, backend):
    import ANNarchy as ann

    module = _load(name)
    net_cls = ann.Network
    original = net_cls.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.config(paradigm=backend)

    net_cls.__init__ = init
    try:
        actual = to_plain(module.run(ann))
    finally:
        net_cls.__init__ = original
    expected = json.loads((HERE / "expected" / f"{name}.json").read_text())
    _compare(actual, expected)
