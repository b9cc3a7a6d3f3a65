"""First-party plugins use only the public surface of the core: ``ANNarchy`` (the user API),
``ANNarchy.plugin``, ``ANNarchy.errors``, ``annarchy_parser``, ``annarchy_codegen`` and their own
package; never a private name (``_x``) of those."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGES = Path(__file__).resolve().parent.parent / "packages"
CORE = {"annarchy-core", "annarchy-parser"}
PUBLIC_CORE = {"ANNarchy", "ANNarchy.plugin", "ANNarchy.errors"}  # and ANNarchy.extensions.*,
# the user's import path of the extensions (``from ANNarchy.extensions.bold import BoldMonitor``)
PUBLIC_TOP = {"annarchy_parser", "annarchy_codegen"}


def plugin_modules() -> list[Path]:
    """Every module under ``packages/*/src`` outside annarchy-core and annarchy-parser."""
    return sorted(
        path
        for package in PACKAGES.iterdir()
        if package.is_dir() and package.name not in CORE
        for path in (package / "src").rglob("*.py")
    )


def violations(path: Path) -> list[str]:
    """``'file:line: what'`` for each import of ``path`` that crosses the boundary."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            pairs = [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            pairs = [(node.module, alias.name) for alias in node.names]
        else:
            continue
        for module, name in pairs:
            problem = crossing(module, name)
            if problem:
                found.append(f"{path.relative_to(PACKAGES)}:{node.lineno}: {problem}")
    return found


def crossing(module: str, name: str | None) -> str | None:
    """Why importing ``name`` from ``module`` crosses the boundary (None if it does not)."""
    top = module.split(".")[0]
    if top == "ANNarchy":
        if module not in PUBLIC_CORE and not module.startswith("ANNarchy.extensions."):
            return f"imports {module} (use ANNarchy.plugin)"
    elif top in PUBLIC_TOP:
        if any(part.startswith("_") for part in module.split(".")):
            return f"imports the private module {module}"
    else:
        return None
    if name is not None and name.startswith("_"):
        return f"imports the private name {name} from {module}"
    return None


def test_the_scan_sees_plugins_and_flags_crossings():
    names = {p.parent.name for p in plugin_modules()}
    assert {"annarchy_openmp", "annarchy_codegen", "annarchy_bold"} <= names
    assert crossing("ANNarchy.core.network_ir", "NetworkIR") is not None
    assert crossing("ANNarchy.plugin", "_private") is not None
    assert crossing("annarchy_parser._ast", "X") is not None
    assert crossing("ANNarchy.plugin", "NetworkIR") is None
    assert crossing("annarchy_codegen.layout", "PopPlan") is None
    assert crossing("numpy", "_x") is None
    assert crossing("ANNarchy.extensions.convolution", None) is None


def test_plugins_import_only_the_public_surface():
    found = [v for path in plugin_modules() for v in violations(path)]
    assert found == [], "\n".join(found)
