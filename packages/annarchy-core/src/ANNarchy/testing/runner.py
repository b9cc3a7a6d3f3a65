"""The scenario suite: small deterministic networks and the reference implementation's numbers.

Each scenario is a script of ``scenarios/`` (package data) defining ``run(ann) -> dict`` of plain
numbers; ``scenarios/expected/<name>.json`` holds what the reference implementation returned for
it (``scenarios/record.py`` runs the scripts under the reference and stores their output). A
backend plugin checks itself against them with `run_scenario` and `compare`::

    for name in scenario_names():
        compare(run_scenario(name, "mybackend"), expected(name))
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
from pathlib import Path
from types import ModuleType

import numpy as np

__all__ = [
    "SCENARIO_DIR",
    "compare",
    "expected",
    "load_scenario",
    "run_scenario",
    "scenario_names",
    "to_plain",
]

#: the folder of the scenario scripts (``expected/`` holds the reference numbers)
SCENARIO_DIR = Path(__file__).parent / "scenarios"


def scenario_names() -> list[str]:
    """Names of the scenarios that have reference numbers, sorted."""
    return sorted(p.stem for p in (SCENARIO_DIR / "expected").glob("*.json"))


def _module(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"annarchy_scenario_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_scenario(name: str) -> ModuleType:
    """The scenario script ``name`` as a module (its ``run(ann)`` builds and simulates).

    Parameters
    ----------
    name : str
        Name of the scenario.

    Returns
    -------
    module

    Raises
    ------
    KeyError
        No scenario of that name.
    """
    path = SCENARIO_DIR / f"{name}.py"
    if name.startswith(("_", "record")) or not path.is_file():
        raise KeyError(f"No scenario named '{name}' (known: {', '.join(scenario_names())}).")
    return _module(name, path)


def to_plain(value):
    """``value`` with numpy arrays and scalars turned into lists and Python numbers (JSON).

    Parameters
    ----------
    value : object
        Nested dicts, lists, arrays and numbers.

    Returns
    -------
    object
    """
    return _module("_main", SCENARIO_DIR / "_main.py").to_plain(value)


def expected(name: str) -> dict:
    """The reference implementation's numbers for scenario ``name``.

    Parameters
    ----------
    name : str
        Name of the scenario.

    Returns
    -------
    dict
    """
    return json.loads((SCENARIO_DIR / "expected" / f"{name}.json").read_text())


@contextlib.contextmanager
def _paradigm(paradigm: str | None):
    """Networks created inside use ``paradigm`` (the global setting is restored after)."""
    from ..core import config

    before = config.global_settings()["paradigm"]
    if paradigm is not None:
        config.setup(paradigm=paradigm)
    try:
        yield
    finally:
        config.setup(paradigm=before)


@contextlib.contextmanager
def _directory(path: str | os.PathLike | None):
    if path is None:
        yield
        return
    before = Path.cwd()
    os.makedirs(path, exist_ok=True)
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def run_scenario(name: str, paradigm: str | None = None, directory=None) -> dict:
    """Run scenario ``name`` with the backend ``paradigm`` and return its numbers (plain lists).

    Parameters
    ----------
    name : str
        One of `scenario_names`.
    paradigm : str, optional
        The backend (``net.config(paradigm=...)``) of every network the scenario creates;
        default: the global setting.
    directory : path, optional
        Where to run (scenarios compile into folders of the current directory); default: the
        current directory.
    """
    import ANNarchy as ann

    module = load_scenario(name)
    with _directory(directory), _paradigm(paradigm):
        return to_plain(module.run(ann))


def compare(actual, expected, rtol: float = 1e-9, atol: float = 1e-12, path: str = "") -> None:
    """Raise ``AssertionError`` (naming the path of the first difference) unless ``actual``
    equals ``expected`` within the tolerances: same keys for dicts, same lengths for ragged
    lists, numbers with ``numpy.testing.assert_allclose(rtol, atol)``.

    Parameters
    ----------
    actual, expected : object
        Nested dicts, lists and numbers (as ``to_plain`` returns them).
    rtol, atol : float
        Relative and absolute tolerances.
    path : str
        Where ``actual`` lies in the whole result, for the message.

    Raises
    ------
    AssertionError
        At the first difference.
    """
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            raise AssertionError(f"{path}: expected a dict, got {type(actual).__name__}")
        if set(actual) != set(expected):
            raise AssertionError(f"{path}: keys {sorted(actual)} != {sorted(expected)}")
        for key in expected:
            compare(actual[key], expected[key], rtol, atol, f"{path}.{key}")
        return
    if isinstance(expected, list) and any(isinstance(e, list) for e in expected):
        if len({len(e) if isinstance(e, list) else -1 for e in expected}) > 1:  # ragged
            if not isinstance(actual, list) or len(actual) != len(expected):
                raise AssertionError(f"{path}: expected {len(expected)} lists, got {actual!r}")
            for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
                compare(a, e, rtol, atol, f"{path}[{i}]")
            return
    np.testing.assert_allclose(
        np.asarray(actual, dtype=float),
        np.asarray(expected, dtype=float),
        rtol=rtol,
        atol=atol,
        err_msg=path,
    )
