"""Template context of the firing-rate kernel of a spiking population (``compute_firing_rate``).

Each neuron keeps one bit per step of the window (``_fr_bits``, ``(window + 7) / 8`` bytes per
neuron, position ``step % window``) and the number of bits set (``_fr_count``). After the
spikes of a step: the bit of the step leaving the window is dropped, the step's spikes are
set, and ``r = count * _fr_rate`` (``1000 / window``). The window (``I[int_fr_window]``, steps)
and the arrays are set by the runtime (``annarchy_codegen.population_control``); 0 turns the
kernel off.
"""

from __future__ import annotations

from dataclasses import dataclass

from annarchy_codegen.names import c_comment
from annarchy_codegen.symbols import firing_rate_pointers

from .layout import PopPlan
from .symbols import PtrDecl, ValueDecl


@dataclass(frozen=True)
class FiringRate:
    fn: str
    comment: str
    pointers: list[PtrDecl]
    values: list[ValueDecl]
    size: int
    window: int
    nspikes: int
    template: str = "firing_rate.cpp.j2"


def firing_rate(pop: PopPlan) -> FiringRate | None:
    """The firing-rate kernel of ``pop`` (None: not a spiking population of this layout)."""
    if pop.int_fr_window < 0:
        return None
    pointers = firing_rate_pointers(pop, "_spiked")
    return FiringRate(
        fn=f"firing_rate_{pop.owner}",
        comment=c_comment(f"{pop.owner} ({pop.ir.name}): firing rate over a window"),
        pointers=pointers,
        values=[],
        size=pop.int_size,
        window=pop.int_fr_window,
        nspikes=pop.int_nspikes,
    )
