"""The ``examples`` nox session runs every script of examples/ (its table and the folder agree)
and is a default session after ``tests``."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _noxfile_value(name: str):
    """The literal assigned to ``name`` at the top level of noxfile.py (nox need not be
    installed)."""
    tree = ast.parse((ROOT / "noxfile.py").read_text())
    for node in tree.body:
        targets = getattr(node, "targets", None) or [getattr(node, "target", None)]
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            return ast.literal_eval(node.value)
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Attribute):
            if node.targets[0].attr == name:
                return ast.literal_eval(node.value)
    raise AssertionError(f"noxfile.py assigns no {name}")


def test_every_example_script_is_run_by_the_session():
    scripts = sorted(path.name for path in (ROOT / "examples").glob("*.py"))
    assert len(scripts) >= 21
    assert sorted(_noxfile_value("EXAMPLES")) == scripts


def test_the_session_is_a_default_one_after_tests():
    sessions = _noxfile_value("sessions")
    assert sessions.index("examples") == sessions.index("tests") + 1


def test_every_example_documents_and_saves_its_figure():
    """Each script's docstring names the figure it saves, and it takes ``--out``."""
    for path in sorted((ROOT / "examples").glob("*.py")):
        text = path.read_text()
        doc = ast.get_docstring(ast.parse(text))
        assert doc and "``" in doc and ".png``" in doc, path.name
        assert '"--out"' in text, path.name
