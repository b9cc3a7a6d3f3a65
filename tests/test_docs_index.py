"""The documentation's API pages cover the spec's API index and the plugin API.

Static checks of the sources of the site (``mkdocs.yml``, ``docs/api/*.md``): every name of
``docs/reference/api-reference-index.txt`` has a ``::: module.Name`` directive on an API page of
the nav, and each directive names a module file of the repository that defines that name
(``mkdocs build --strict`` in ``nox -s docs`` renders them).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
INDEX = ROOT / "docs" / "reference" / "api-reference-index.txt"
API = ROOT / "docs" / "api"
SOURCES = sorted((ROOT / "packages").glob("*/src"))
#: modules of the plugin API documented as a whole (``ANNarchy.testing`` once it exists)
PLUGIN_MODULES = ("ANNarchy.plugin", "ANNarchy.testing")

DIRECTIVE = re.compile(r"^::: ([\w.]+)\s*$", re.M)


def index_names() -> list[str]:
    """The names of the spec's API index: its table rows ``| Name | description |``."""
    return re.findall(r"\| (\w+) \|", INDEX.read_text(encoding="utf-8"))


def nav_pages() -> list[Path]:
    """The API pages listed in the nav of ``mkdocs.yml``."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return [ROOT / "docs" / p for p in re.findall(r"\b(api/\w+\.md)\b", text)]


def directives() -> dict[str, Path]:
    """Every ``::: dotted.path`` of the API pages of the nav, with its page."""
    found = {}
    for page in nav_pages():
        for path in DIRECTIVE.findall(page.read_text(encoding="utf-8")):
            found[path] = page
    return found


def module_file(module: str) -> Path | None:
    """The source file of a dotted module name in the repository's packages, or None."""
    parts = module.split(".")
    for src in SOURCES:
        for candidate in (
            src.joinpath(*parts).with_suffix(".py"),
            src.joinpath(*parts, "__init__.py"),
        ):
            if candidate.is_file():
                return candidate
    return None


def defined_names(path: Path) -> set[str]:
    """Top-level names a module file defines or imports."""
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def test_index_has_the_spec_names():
    names = index_names()
    assert len(names) == 94
    assert len(set(names)) == 94
    assert names[0] == "Network" and names[-1] == "clear_all_callbacks"


def test_every_api_page_is_in_the_nav():
    assert sorted(nav_pages()) == sorted(API.glob("*.md"))


def test_every_index_name_has_a_directive():
    documented = {path.rsplit(".", 1)[-1] for path in directives()}
    missing = [name for name in index_names() if name not in documented]
    assert missing == []


@pytest.mark.parametrize("path", sorted(directives()))
def test_directive_names_a_defined_object(path):
    source = module_file(path)
    if source is None:  # a module documented as a whole
        module, _, name = path.rpartition(".")
        source = module_file(module)
        assert source is not None, f"{path}: no such module in packages/*/src"
        assert name in defined_names(source), f"{path}: {source} does not define {name}"


def test_plugin_api_modules_are_documented():
    present = [m for m in PLUGIN_MODULES if module_file(m) is not None]
    assert "ANNarchy.plugin" in present
    assert [m for m in present if m not in directives()] == []
