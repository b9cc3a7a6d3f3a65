"""C names of arrays in kernels and the IR name -> C expression mappings of this backend.

They are the backend-neutral ones of ``annarchy_codegen.symbols`` with the state type of the plans' dialect, ``double`` (see
that module for the naming scheme); re-exported here for the kernel modules.
"""

from __future__ import annotations

from annarchy_codegen.symbols import (
    PtrDecl,
    ValueDecl,
    common_symbols,
    constant_decls,
    gop_decls,
    neuron_symbols,
    own_pointers,
    pre_value,
    scalar_copies,
    synapse_symbols,
    temporaries,
    writable_scalars,
)

__all__ = [
    "PtrDecl",
    "ValueDecl",
    "common_symbols",
    "constant_decls",
    "gop_decls",
    "neuron_symbols",
    "own_pointers",
    "pre_value",
    "scalar_copies",
    "synapse_symbols",
    "temporaries",
    "writable_scalars",
]
