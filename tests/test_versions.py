"""One place for each version: ``pyproject.toml``; ``__version__`` and the dependency ranges
between the project's distributions follow it."""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

import pytest
import tomllib

PACKAGES = Path(__file__).parents[1] / "packages"


def _projects() -> dict[str, dict]:
    return {
        p.parent.name: tomllib.loads(p.read_text())["project"]
        for p in sorted(PACKAGES.glob("*/pyproject.toml"))
    }


def test_annarchy_version_is_the_core_distribution_version():
    import ANNarchy

    declared = _projects()["annarchy-core"]["version"]
    assert ANNarchy.__version__ == declared
    assert importlib.metadata.version("annarchy-core") == declared


@pytest.mark.parametrize("folder", sorted(p.parent.name for p in PACKAGES.glob("*/pyproject.toml")))
def test_internal_dependencies_carry_a_compatible_range(folder):
    projects = _projects()
    versions = {p["name"]: p["version"] for p in projects.values()}
    project = projects[folder]
    wanted = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        wanted += extra
    for requirement in wanted:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement).group(0)
        if name not in versions:
            continue
        low = versions[name]
        major, minor = low.split(".")[:2]
        assert re.search(rf">={re.escape(low)},<{major}\.{int(minor) + 1}\b", requirement), (
            f"{folder}: '{requirement}' should read '{name}>={low},<{major}.{int(minor) + 1}'"
        )
    for name in ("README.md", "LICENSE", "CHANGELOG.md"):
        assert (PACKAGES / folder / name).is_file(), f"{folder} has no {name}"
    assert project["readme"] == "README.md"
