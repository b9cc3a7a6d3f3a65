from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

try:  # the parser's printer, once it exists; until then the test shim
    importlib.import_module("annarchy_parser.printers")
except ImportError:
    import printer_shim

    sys.modules["annarchy_parser.printers"] = printer_shim


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory) -> Path:
    """One build cache shared by the whole session (so equal structures compile once)."""
    return tmp_path_factory.mktemp("annarchy_cache")
