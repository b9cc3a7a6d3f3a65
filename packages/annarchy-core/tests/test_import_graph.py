"""The modules of ``ANNarchy`` import each other without a cycle (imports inside functions
included; imports under ``if TYPE_CHECKING:``, never run, left out), and the core does not import
jinja2 (C code generation lives in annarchy-codegen)."""

from __future__ import annotations

import ast
from pathlib import Path

import ANNarchy

SRC = Path(ANNarchy.__file__).resolve().parent.parent


def module_files(src: Path = SRC) -> dict[str, tuple[Path, bool]]:
    """``{dotted name: (file, is_package)}`` of every module of the ``ANNarchy`` package."""
    modules = {}
    for path in sorted((src / "ANNarchy").rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        modules[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return modules


def imported_names(module: str, is_package: bool, node: ast.AST, known) -> list[str]:
    """The modules an ``import`` statement of ``module`` loads (absolute dotted names)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - node.level + 1]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    names = []
    for alias in node.names:  # ``from pkg import sub`` loads the submodule pkg.sub
        sub = f"{target}.{alias.name}"
        names.append(sub if sub in known else target)
    return names


def runtime_imports(tree: ast.AST) -> list[ast.stmt]:
    """The import statements of ``tree`` at any depth, except those under ``if TYPE_CHECKING``."""
    found, todo = [], [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            todo.extend(node.orelse)
            continue
        todo.extend(ast.iter_child_nodes(node))
    return found


def import_graph(modules=None) -> dict[str, set[str]]:
    """``{module: modules of ANNarchy it imports}``, at any depth of the module's code."""
    modules = modules or module_files()
    graph = {}
    for name, (path, is_package) in modules.items():
        edges = set()
        for node in runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            edges.update(imported_names(name, is_package, node, modules))
        graph[name] = {t for t in edges if t in modules and t != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a list of nodes (first == last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(graph):
        if start in state:
            continue
        path, stack = [start], [iter(sorted(graph[start]))]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(graph[nxt])))
    return None


def test_the_graph_sees_deferred_imports():
    graph = import_graph()
    assert len(graph) > 60
    # a function-level import of parallel.py, and one of a parent-relative module
    assert "ANNarchy.core.parallel" in graph["ANNarchy.core.parallel_method"]
    assert "ANNarchy.plugins" in graph["ANNarchy.core.neuron"]
    assert "ANNarchy.core.network" in graph["ANNarchy"]


def test_type_checking_imports_are_left_out():
    tree = ast.parse(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import a\nelse:\n    import b\n"
        "def f():\n    import c\n"
    )
    names = sorted(alias.name for node in runtime_imports(tree) for alias in node.names)
    assert names == ["TYPE_CHECKING", "b", "c"]


def test_find_cycle_reports_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_no_import_cycle_among_annarchy_modules():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_core_does_not_import_jinja2():
    users = []
    for name, (path, _) in module_files().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                found = [node.module or ""]
            else:
                continue
            users += [name for mod in found if mod.split(".")[0] == "jinja2"]
    assert users == []


def test_magic_network_is_a_network():
    import ANNarchy as ann
    from ANNarchy.core import registry

    net = registry.magic_network()
    assert type(net) is ann.Network and net.id == 0
    assert registry.magic_network() is net
