"""Stop conditions (``simulate_until()``): one reduction kernel per population that has one.

``stop_popK`` runs after a step on one block: every thread evaluates the parsed condition of
population K for a stride of neurons, the block combines the results (``__syncthreads_or`` for
'any', ``__syncthreads_and`` for 'all') and thread 0 writes the flag ``I[flag]`` (1: the
condition holds). The host launches the kernels of the populations it waits for after each
step and reads the flags back (one small copy per step).
"""

from __future__ import annotations

from dataclasses import dataclass

from annarchy_codegen.names import c_comment

from .kernels import Kernel, Launch, make_printer, neuron_model_values
from .layout import NetPlan, PopPlan
from .symbols import ValueDecl, neuron_symbols, scalar_copies


@dataclass(frozen=True)
class StopKernel(Kernel):
    size: int = 0
    flag: int = -1
    local_values: tuple[ValueDecl, ...] = ()
    mode: str = "any"  # 'any' | 'all'
    condition: str = "false"


def stop_kernel(plan: NetPlan, pop: PopPlan) -> StopKernel | None:
    """The stop condition of ``pop`` as a kernel context (None without one)."""
    cond = getattr(pop.ir, "stop_condition", None)
    if cond is None:
        return None
    pointers, values = neuron_model_values(plan, pop, pop.ir.neuron)
    printer = make_printer(neuron_symbols(pop, "local"), plan.precision)
    return StopKernel(
        fn=f"stop_{pop.owner}",
        comment=c_comment(f"{pop.owner}: stop condition"),
        pointers=pointers,
        values=values,
        launch=Launch("reduce"),
        template="stop_condition.cu.j2",
        size=pop.int_size,
        flag=pop.int_stop,
        local_values=tuple(scalar_copies(pop)),
        mode=cond.mode,
        condition=printer.expr(cond.expr),
    )


def stop_kernels(plan: NetPlan) -> list[StopKernel]:
    """The stop kernels of every population that has a stop condition."""
    return [k for pop in plan.pops if (k := stop_kernel(plan, pop)) is not None]


def stop_manifest(kernels: list[StopKernel], plan: NetPlan) -> dict[str, dict]:
    """``{owner: {"fn", "flag"}}``: the kernel of each population and the ``I`` index of its flag."""
    owners = {pop.int_stop: pop.owner for pop in plan.pops if pop.int_stop >= 0}
    return {owners[k.flag]: {"fn": k.fn, "flag": k.flag} for k in kernels}
