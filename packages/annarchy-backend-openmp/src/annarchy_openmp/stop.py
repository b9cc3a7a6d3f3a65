"""Stop conditions (``simulate_until()``): one C function per population that has one.

``stop_popK(S, step)`` evaluates the parsed condition of population K for every neuron after a
step and returns 1 when it holds for any (or all, with the ``all`` flag) of them. The step loop
``ann_run_until`` (``network.cpp.j2``) combines the populations it is given with 'and' / 'or'.
"""

from __future__ import annotations

from dataclasses import dataclass

from annarchy_codegen.names import c_comment

from .kernels import make_printer, neuron_model_values
from .layout import NetPlan, PopPlan
from .symbols import PtrDecl, ValueDecl, neuron_symbols, scalar_copies


@dataclass(frozen=True)
class StopKernel:
    fn: str
    pop_id: int
    comment: str
    pointers: list[PtrDecl]
    values: list[ValueDecl]
    size: int
    local_values: list[ValueDecl]
    mode: str  # 'any' | 'all'
    condition: str
    template: str = "stop_condition.cpp.j2"


def stop_kernel(plan: NetPlan, pop: PopPlan) -> StopKernel | None:
    """The stop condition of ``pop`` as a kernel context (None without one)."""
    cond = getattr(pop.ir, "stop_condition", None)
    if cond is None:
        return None
    pointers, values = neuron_model_values(plan, pop, pop.ir.neuron)
    printer = make_printer(neuron_symbols(pop, "local"))
    return StopKernel(
        fn=f"stop_{pop.owner}",
        pop_id=pop.ir.id,
        comment=c_comment(pop.owner),
        pointers=pointers,
        values=values,
        size=pop.int_size,
        local_values=scalar_copies(pop),
        mode=cond.mode,
        condition=printer.expr(cond.expr),
    )


def stop_kernels(plan: NetPlan) -> list[StopKernel]:
    """The stop kernels of every population that has a stop condition."""
    return [k for pop in plan.pops if (k := stop_kernel(plan, pop)) is not None]
