"""The device data layout of a network: which arrays exist, and their slot in the pointer table.

The plan (slot builder and plan dataclasses) is shared with every code-generating backend
(``annarchy_codegen.layout``); this module gives the CUDA type names (floating-point state is
``ann_real``, a typedef of the generated source: float or double) and the slot conventions.
The runtime allocates the arrays (CuPy) from the same layout and uploads their device addresses
as the table ``S``.

``S[0]`` is an ``int64`` array of integers (seed, sizes, spike counts, flags), ``S[1]`` a
``double`` array (``dt``, constants); every other slot is one state or connectivity array.
"""

from __future__ import annotations

import numpy as np
from ANNarchy.errors import InvalidConfiguration
from ANNarchy.plugin import NetworkIR
from annarchy_codegen import layout as shared
from annarchy_codegen.dialect import CDialect
from annarchy_codegen.layout import (  # noqa: F401 - re-exported for the backend's modules
    SPARSE_FORMATS,
    NetPlan,
    PopPlan,
    ProjPlan,
    choose_format,
    delay_kind,
)

#: C type of floating-point state (a typedef of the generated source: float or double)
REAL = "ann_real"
#: C element type -> numpy dtype (``ann_real`` depends on the precision)
C_DTYPES = {
    "int": np.int32,
    "long long": np.int64,
    "unsigned char": np.uint8,
    "bool": np.bool_,
    "double": np.float64,
}

SLOT_INTS, SLOT_REALS = 0, 1
FIRST_SLOT = 2
INT_RESERVED, INT_SEED = 0, 1
FIRST_INT = 2
REAL_DT = 0


class ArraySlot(shared.ArraySlot):
    """One device array (see ``annarchy_codegen.layout.ArraySlot``)."""

    def dtype(self, precision: str):
        if self.ctype == REAL:
            return np.float32 if precision == "float" else np.float64
        return C_DTYPES[self.ctype]


#: CUDA C++ as NVRTC compiles it (``annarchy_codegen.dialect``)
DIALECT = CDialect(
    real=REAL,
    int32="int",
    int64="long long",
    uint8="unsigned char",
    restrict="__restrict__",
    function="__device__ inline",
    atomic_add="ann_atomic_add(&{target}, {value});",  # float or double (network.cu.j2)
)

RULES = shared.LayoutRules(
    dialect=DIALECT,
    first_slot=FIRST_SLOT,
    first_int=FIRST_INT,
    slot_type=ArraySlot,
    stop_flags=True,
    firing_rate=True,
)


def precision_of(net: NetworkIR) -> str:
    precision = net.options.get("precision", "double")
    if precision not in ("float", "double"):
        raise InvalidConfiguration(f"precision must be 'float' or 'double', not {precision!r}.")
    return precision


def build_plan(net: NetworkIR) -> NetPlan:
    """The layout of ``net``: depends on its structure only."""
    return shared.build_plan(net, RULES, precision_of(net))
