"""The IR name -> CUDA expression mappings and declarations of this backend: those of
``annarchy_codegen.symbols`` (naming scheme there) with state of type ``ann_real``."""

from __future__ import annotations

from annarchy_codegen import symbols as _shared
from annarchy_codegen.symbols import PtrDecl, ValueDecl, own_pointers, scalar_copies

from .layout import REAL

__all__ = [
    "PtrDecl",
    "ValueDecl",
    "constant_decls",
    "gop_decls",
    "neuron_symbols",
    "own_pointers",
    "scalar_copies",
    "synapse_symbols",
]


def constant_decls(plan, names) -> list[ValueDecl]:
    """``K_x`` copies of the constants, converted to ``ann_real``."""
    return _shared.constant_decls(plan, names, real=REAL)


def gop_decls(pop, gops) -> tuple[list[PtrDecl], list[ValueDecl]]:
    """Read-only copies ``O_op_var`` of the global operations ``gops`` of ``pop``."""
    return _shared.gop_decls(pop, gops, real=REAL)


def neuron_symbols(pop, section: str) -> dict[str, str]:
    """Mapping for a neuron kernel; ``section`` is 'global' or 'local' (index ``i``)."""
    return _shared.neuron_symbols(pop, section, real=REAL)


def synapse_symbols(plan, proj, section: str, target: str | None = None) -> dict[str, str]:
    """Mapping for a synapse kernel (see ``annarchy_codegen.symbols.synapse_symbols``)."""
    return _shared.synapse_symbols(plan, proj, section, target, real=REAL)
