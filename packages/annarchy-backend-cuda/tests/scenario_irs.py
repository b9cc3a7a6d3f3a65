"""NetworkIRs of the cross-package scenario networks (tests/scenarios), lowered without a backend.

Each scenario's ``run(ann)`` builds a network and calls ``compile()``; here ``compile()`` lowers
the network, keeps its IR and stops the scenario.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

SCENARIOS = Path(__file__).resolve().parents[3] / "tests" / "scenarios"


class _Captured(Exception):
    pass


def scenario_names() -> list[str]:
    if not SCENARIOS.is_dir():
        return []
    return sorted(p.stem for p in SCENARIOS.glob("*.py") if not p.stem.startswith("_"))


@cache
def scenario_ir(name: str):
    """The NetworkIR of the first network that scenario ``name`` compiles (None: none)."""
    import ANNarchy as ann
    from ANNarchy.core.lowering import lower

    spec = importlib.util.spec_from_file_location(f"scenario_{name}", SCENARIOS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not hasattr(module, "run"):
        return None
    captured = []

    def compile_(self, *args, **kwargs):
        captured.append(lower(self))
        raise _Captured

    original = ann.Network.compile
    ann.Network.compile = compile_
    try:
        module.run(ann)
    except _Captured:
        pass
    finally:
        ann.Network.compile = original
    return captured[0] if captured else None
