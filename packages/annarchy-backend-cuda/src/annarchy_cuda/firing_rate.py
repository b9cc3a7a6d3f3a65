"""Kernel context of the firing rate of a spiking population (``compute_firing_rate``).

The same bookkeeping as the openmp backend's: each neuron keeps one bit per step of the window
(``_fr_bits``, ``(window + 7) / 8`` bytes per neuron, position ``step % window``) and the number
of bits set (``_fr_count``); after the spikes of a step, the bit of the step leaving the window
is dropped, the neuron's bit is set when it spiked at this step (``_last == step``) and
``r = count * _fr_rate`` (``1000 / window``). One thread per neuron, each on its own bytes. The
window (``I[int_fr_window]``, steps; 0: off) and the arrays are set by the runtime
(``annarchy_codegen.population_control``); the host launches the kernel only while the window is
on (``manifest``: ``window``).
"""

from __future__ import annotations

from dataclasses import dataclass

from annarchy_codegen.names import c_comment
from annarchy_codegen.symbols import firing_rate_pointers

from .kernels import Kernel, Launch
from .layout import PopPlan


@dataclass(frozen=True)
class FiringRate(Kernel):
    size: int = 0
    window: int = -1


def firing_rate(pop: PopPlan) -> FiringRate | None:
    """The firing-rate kernel of ``pop`` (None: not a spiking population)."""
    if pop.int_fr_window < 0:
        return None
    pointers = firing_rate_pointers(pop, "_last")
    return FiringRate(
        fn=f"firing_rate_{pop.owner}",
        comment=c_comment(f"{pop.owner} ({pop.ir.name}): firing rate over a window"),
        pointers=pointers,
        values=[],
        launch=Launch("threads", pop.int_size),
        template="firing_rate.cu.j2",
        size=pop.int_size,
        window=pop.int_fr_window,
    )
