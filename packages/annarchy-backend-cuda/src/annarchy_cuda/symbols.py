"""The IR name -> CUDA expression mappings and declarations of this backend: those of
``annarchy_codegen.symbols`` (naming scheme there); state is of type ``ann_real``, the ``real``
of the backend's dialect (``layout.DIALECT``), which the plans carry."""

from __future__ import annotations

from annarchy_codegen.symbols import (
    PtrDecl,
    ValueDecl,
    constant_decls,
    gop_decls,
    neuron_symbols,
    own_pointers,
    scalar_copies,
    synapse_symbols,
)

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
