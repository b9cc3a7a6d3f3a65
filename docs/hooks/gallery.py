"""MkDocs hook: the examples gallery, one page per ``examples/*.py``.

Each page shows the script's docstring (title and text), the figure(s) and output of its run, and
its code. The scripts are not run here: ``nox -s docs`` runs each one (shortened) in its own
folder ``build/gallery/<name>/`` (``ANNARCHY_GALLERY`` overrides the location), saving there the
figures and ``output.txt``. A script without a figure is a warning, so ``mkdocs build --strict``
fails on it.
"""

from __future__ import annotations

import ast
import logging
import os
from pathlib import Path

from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.hooks.gallery")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SECTION = "Gallery"


def figures_folder() -> Path:
    """Where ``nox -s docs`` left the figures and outputs of the examples."""
    return Path(os.environ.get("ANNARCHY_GALLERY", ROOT / "build" / "gallery"))


def example_scripts() -> list[Path]:
    """The gallery's scripts: every ``examples/*.py``, sorted by name."""
    return sorted(EXAMPLES.glob("*.py"))


def split_docstring(path: Path) -> tuple[str, str, str]:
    """``(title, text, code)`` of a script: the title is the docstring's first paragraph up to
    its first ``": "`` (the whole paragraph without one), the text the rest of the docstring,
    the code the source after the docstring."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    doc = ast.get_docstring(tree) or path.stem
    first, _, rest = doc.partition("\n\n")
    first = " ".join(line.strip() for line in first.splitlines())
    title, colon, lead = first.partition(": ")
    text = f"{lead[:1].upper()}{lead[1:]}\n\n{rest}" if colon else rest
    code = source
    body = tree.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        code = "\n".join(source.splitlines()[body[0].end_lineno :]).strip("\n")
    return title.strip().rstrip("."), text.strip(), code


def example_page(path: Path, figures: list[str], output: str) -> str:
    """The Markdown of one example's page."""
    title, text, code = split_docstring(path)
    parts = [f"# {title}", text, f"Source: `examples/{path.name}`"]
    parts += [f"![{path.stem}](figures/{path.stem}/{name})" for name in figures]
    if output:
        parts += ["Output of the run (shortened duration):", f"```text\n{output.strip()}\n```"]
    parts += ["```python", code, "```"]
    return "\n\n".join(parts) + "\n"


def index_page(entries: list[tuple[Path, str, str | None]]) -> str:
    """The gallery's index: one row per example with its figure."""
    lines = [
        "# Gallery",
        "",
        "Classic models of the ANNarchy documentation, written for this project. Each script in",
        "`examples/` prints one number to check against its text and saves a figure; the figures",
        "below come from runs with shortened durations (`nox -s docs`). Run one yourself with",
        "`python examples/<name>.py` (`--help` lists its options).",
        "",
    ]
    for path, title, figure in entries:
        lines.append(f"## [{title}]({path.stem}.md)")
        lines.append("")
        if figure:
            lines.append(f"[![{path.stem}]({figure}){{ width=480 }}]({path.stem}.md)")
            lines.append("")
    return "\n".join(lines)


def on_config(config):
    """Replace the nav's ``Gallery`` entry by the index and one page per example."""
    pages = [{"Overview": "gallery/index.md"}]
    for path in example_scripts():
        pages.append({split_docstring(path)[0]: f"gallery/{path.stem}.md"})
    nav = config["nav"] or []
    for i, entry in enumerate(nav):
        if isinstance(entry, dict) and SECTION in entry:
            nav[i] = {SECTION: pages}
    return config


def on_files(files, config):
    """Add the generated pages and the figures to the site."""
    folder = figures_folder()
    entries = []
    for path in example_scripts():
        run = folder / path.stem
        figures = sorted(p.name for p in run.glob("*.png")) if run.is_dir() else []
        if not figures:
            log.warning(f"gallery: no figure of examples/{path.name} in {run} (run `nox -s docs`)")
        for name in figures:
            files.append(
                File.generated(
                    config, f"gallery/figures/{path.stem}/{name}", abs_src_path=str(run / name)
                )
            )
        output_file = run / "output.txt"
        output = output_file.read_text(encoding="utf-8") if output_file.is_file() else ""
        content = example_page(path, figures, output)
        files.append(File.generated(config, f"gallery/{path.stem}.md", content=content))
        title = split_docstring(path)[0]
        first = f"figures/{path.stem}/{figures[0]}" if figures else None
        entries.append((path, title, first))
    files.append(File.generated(config, "gallery/index.md", content=index_page(entries)))
    return files
