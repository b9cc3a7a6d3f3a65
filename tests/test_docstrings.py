"""Every object of the API pages has numpydoc sections for its parameters.

Static check of the sources (no import, so it runs with any set of installed distributions):
each ``::: module.Name`` of ``docs/api/*.md`` (a module documented as a whole: each name of its
``__all__``) is found in ``packages/*/src``; a function or method with parameters has a
``Parameters`` section naming each of them, a class documents the arguments of its
``__init__`` (``Parameters``) or its dataclass fields (``Attributes``), and each public method
defined in the class does the same. Objects of third-party packages (``hookimpl``: pluggy) are
not checked.
"""

from __future__ import annotations

import ast
import re

import pytest
from test_docs_index import directives, module_file

SECTION = re.compile(
    r"^\s*(Parameters|Attributes)\n\s*-{3,}\n(.*?)(?=^\s*[A-Z][a-z ]+\n\s*-{3,}|\Z)", re.M | re.S
)


def resolve(module: str, name: str, depth: int = 0):
    """``(qualified name, ast node)`` of ``name`` as ``module`` defines or imports it; None for
    an object of a third-party package."""
    path = module_file(module)
    if path is None or depth > 5:
        return None
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)) and node.name == name:
            return f"{module}.{name}", node
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and any(
            (a.asname or a.name) == name for a in node.names
        ):
            original = next(a.name for a in node.names if (a.asname or a.name) == name)
            base = module.split(".") if is_package else module.split(".")[:-1]
            if node.level:
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            return resolve(target, original, depth + 1)
    return None


def module_all(module: str) -> list[str]:
    """The ``__all__`` of a module, read from its source."""
    tree = ast.parse(module_file(module).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return [ast.literal_eval(e) for e in node.value.elts]
    return []


def documented_objects() -> dict:
    """Every object of the API pages: qualified name -> ast node."""
    found = {}
    for path in directives():
        if module_file(path) is not None:
            names = [(path, n) for n in module_all(path)]
        else:
            names = [tuple(path.rsplit(".", 1))]
        for module, name in names:
            resolved = resolve(module, name)
            if resolved is not None:
                found[resolved[0]] = resolved[1]
    return found


def arguments(func: ast.FunctionDef) -> list[str]:
    """Named parameters of a function, without self/cls, *args and **kwargs."""
    args = func.args
    names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    return [n for n in names if n not in ("self", "cls")]


def documented_names(doc: str) -> set[str]:
    """Names listed by the Parameters/Attributes sections of a numpydoc docstring."""
    names = set()
    for match in SECTION.finditer(doc or ""):
        for line in match.group(2).splitlines():
            head = re.match(r"^\s{0,8}([\w*][\w*, ]*?)\s*(:|$)", line)
            if head and not line.startswith(" " * 5):
                names.update(n.strip().lstrip("*") for n in head.group(1).split(","))
    return names


def missing_parameters(func: ast.FunctionDef, doc: str | None) -> list[str]:
    documented = documented_names(doc)
    return [name for name in arguments(func) if name not in documented]


def is_dataclass(node: ast.ClassDef) -> bool:
    return any("dataclass" in ast.unparse(d) for d in node.decorator_list)


def class_problems(qual: str, node: ast.ClassDef) -> list[str]:
    problems = []
    doc = ast.get_docstring(node)
    init = next(
        (n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None
    )
    if init is not None:
        missing = missing_parameters(init, doc)
        if missing:
            problems.append(f"{qual}: parameters not documented: {missing}")
    elif is_dataclass(node):
        fields = [n.target.id for n in node.body if isinstance(n, ast.AnnAssign)]
        missing = [f for f in fields if f not in documented_names(doc)]
        if missing:
            problems.append(f"{qual}: fields not documented: {missing}")
    for base_qual, base in [(qual, node), *base_classes(qual, node)]:
        problems += method_problems(base_qual, base)
    return problems


def method_problems(qual: str, node: ast.ClassDef) -> list[str]:
    """Public methods of a class body whose parameters are not documented."""
    problems = []
    for item in node.body:
        if not isinstance(item, ast.FunctionDef) or item.name.startswith("_"):
            continue
        if any(ast.unparse(d).endswith((".setter", ".deleter")) for d in item.decorator_list):
            continue
        missing = missing_parameters(item, ast.get_docstring(item))
        if missing:
            problems.append(f"{qual}.{item.name}: parameters not documented: {missing}")
    return problems


def base_classes(qual: str, node: ast.ClassDef, depth: int = 0) -> list:
    """``(qualified name, ast node)`` of every base class (recursively) defined in the
    repository's packages: their public methods are members of the documented class (the
    API pages show the mixins' methods with ``inherited_members``)."""
    module = qual.rsplit(".", 1)[0]
    found = []
    for base in node.bases:
        if not isinstance(base, ast.Name) or depth > 8:
            continue
        resolved = resolve(module, base.id)
        if resolved is not None and isinstance(resolved[1], ast.ClassDef):
            found.append(resolved)
            found += base_classes(resolved[0], resolved[1], depth + 1)
    return found


def test_the_pages_document_many_objects():
    objects = documented_objects()
    assert len(objects) > 110
    assert "ANNarchy.core.network.Network" in objects
    assert "ANNarchy.core.network_ir.NetworkIR" in objects  # through ANNarchy.plugin.__all__


def test_section_parser_reads_numpydoc():
    doc = "Summary.\n\nParameters\n----------\npre, post : int\n    Ranks.\n**kwargs\n    More.\n\nReturns\n-------\nint\n"
    assert documented_names(doc) == {"pre", "post", "kwargs"}


@pytest.mark.parametrize("qual", sorted(documented_objects()))
def test_public_docstrings_have_numpydoc_sections(qual):
    node = documented_objects()[qual]
    if isinstance(node, ast.ClassDef):
        problems = class_problems(qual, node)
    else:
        missing = missing_parameters(node, ast.get_docstring(node))
        problems = [f"{qual}: parameters not documented: {missing}"] if missing else []
    assert problems == []
