"""The data layout of a network: which arrays exist, in which slot of the pointer table.

The plan (slot builder and plan dataclasses) is shared with every code-generating backend
(``annarchy_codegen.layout``); this module gives the C++ type names and the openmp conventions.
The runtime allocates the arrays (numpy) from the same layout and hands their addresses to the
library.

Every kernel receives ``void** S``: ``S[0]`` is an ``int64`` array of integers (step, sizes...),
``S[1]`` a ``double`` array (``dt``, constants), ``S[2]`` the recorder table, ``S[3]`` the
team's balance (``threads.balance_array``), and every other slot one state or connectivity array.
"""

from __future__ import annotations

import numpy as np
from ANNarchy.plugin import NetworkIR
from annarchy_codegen import layout as shared
from annarchy_codegen.dialect import CPP
from annarchy_codegen.layout import (  # noqa: F401 - re-exported for the backend's modules
    SPARSE_FORMATS,
    NetPlan,
    PopPlan,
    ProjPlan,
    choose_format,
)

#: C element type -> numpy dtype
C_DTYPES = {
    "double": np.float64,
    "int32_t": np.int32,
    "int64_t": np.int64,
    "uint8_t": np.uint8,
    "bool": np.bool_,
}

SLOT_INTS, SLOT_REALS, SLOT_RECORDERS, SLOT_BALANCE = 0, 1, 2, 3
INT_STEP, INT_SEED, INT_THREADS, INT_CHANNELS = 0, 1, 2, 3
#: threading (``threads.py``): the fewest elements a loop needs to be shared among threads,
#: the policy (0: adaptive, 1: always the thread team), and the adaptive choice's measurements
#: (nanoseconds per step with one thread and with the team, chunks run since the last probe,
#: chunks between two probes, probes made at the start), the time after which a probe ends
#: (nanoseconds timed) and the steps run in probes
INT_MIN_WORK, INT_TEAM_POLICY, INT_TUNE_SERIAL, INT_TUNE_TEAM, INT_TUNE_CHUNKS = 4, 5, 6, 7, 8
INT_TUNE_GAP, INT_TUNE_START, INT_PROBE_NS, INT_PROBE_STEPS = 9, 10, 11, 12
REAL_DT = 0


class ArraySlot(shared.ArraySlot):
    """One array handed to the library (see ``annarchy_codegen.layout.ArraySlot``)."""

    @property
    def dtype(self):
        return C_DTYPES[self.ctype]


#: the C++ of this backend (``annarchy_codegen.dialect``)
DIALECT = CPP

RULES = shared.LayoutRules(
    dialect=DIALECT,
    first_slot=SLOT_BALANCE + 1,
    first_int=INT_PROBE_STEPS + 1,
    slot_type=ArraySlot,
    spike_candidates=True,
    draw_scratch=True,
    pre_post=True,
    firing_rate=True,
)


def build_plan(net: NetworkIR) -> NetPlan:
    """The layout of ``net``: depends on its structure only."""
    return shared.build_plan(net, RULES)
