"""Generate the CUDA source of a network: one kernel per template, plus a launch manifest.

Pure: no GPU, no compiler, no file system (templates are package data). The output depends only
on the network structure, so an unchanged structure gives byte-identical sources.

``generate_sources`` returns two files: ``network.cu`` (every kernel, ``extern "C"``) and
``kernels.json``, the ordered list of launches of one step (name, phase, launch kind and the
integer slot holding the number of elements), which the runtime follows.
"""

from __future__ import annotations

import json

from ANNarchy.plugin import NetworkIR
from annarchy_codegen import sources
from annarchy_codegen.population_control import guard_pop
from annarchy_codegen.schedule import scheduled_kernels

from . import kernels, kernels_spike, special
from .firing_rate import firing_rate
from .layout import DIALECT, NetPlan, build_plan
from .stop import stop_kernels, stop_manifest

SOURCE_NAME = "network.cu"
MANIFEST_NAME = "kernels.json"
#: version of the kernel conventions (signature, slot table, manifest)
ABI_VERSION = 2
#: threads of the one-block reductions (global operations)
REDUCE_THREADS = 256


def environment():
    """The jinja2 environment of this backend's templates."""
    return sources.environment("annarchy_cuda")


def render_kernel(kernel) -> str:
    """Render one kernel context with its own template, declaring only the pointers and values
    it uses (pointers that share a slot lose ``__restrict__``)."""
    template = environment().get_template(kernel.template)

    def render(context) -> str:
        return template.render(k=context)

    return render(sources.used_declarations(kernel, render))


def user_functions(net: NetworkIR, precision: str) -> list[sources.CFunction]:
    """``__device__`` definitions of the user functions of the network and its models."""

    def printer(symbols):
        return kernels.make_printer(symbols, precision)

    return sources.user_functions(net, DIALECT, printer)


def _neuron_kernels(plan: NetPlan, pop) -> list:
    """Global statements (a one-thread kernel), then the update (with spike emission)."""
    update = (kernels_spike.neuron_update if pop.spiking else kernels.neuron_update)(plan, pop)
    return [kernels.neuron_global(plan, pop), update]


#: the kernels of each role of the step (``annarchy_codegen.schedule``); ``record`` is the
#: runtime's, between the phases
BUILDERS = {
    "zero_sums": lambda plan, _: [kernels.zero_sums(plan, pop) for pop in plan.pops],
    "special_projection": special.projection_kernels,
    "propagate": lambda plan, proj: [
        kernels_spike.propagate(plan, proj),
        kernels_spike.axon_propagate(plan, proj),
    ],
    "weighted_sum": lambda plan, proj: [kernels.weighted_sum(plan, proj)],
    "spike_reset": lambda plan, _: [kernels_spike.spike_counters(plan)],
    "special_population": special.population_kernels,
    "neuron_update": _neuron_kernels,
    "firing_rate": lambda _, pop: [firing_rate(pop)],
    "history": lambda _, pop: [kernels.history(pop)],
    "global_ops": lambda _, pop: [kernels.global_ops(pop)],
    "synapse_update": lambda plan, proj: [
        kernels.synapse_global(plan, proj),
        kernels.synapse_update(plan, proj),
    ],
    "post_events": lambda plan, proj: [kernels_spike.post_events(plan, proj)],
}


def step_kernels(plan: NetPlan) -> tuple[list, list]:
    """(inputs, updates): the kernels of the two phases of a step, in order."""
    phases: tuple[list, list] = ([], [])
    for stage, built in scheduled_kernels(plan, BUILDERS):
        phases[stage.phase].extend(built)
    return phases


def _guard(plan: NetPlan | None, fn: str) -> int:
    """I index of the ``enabled`` flag that gates the launch of ``fn`` (-1: always launched)."""
    pop = None if plan is None else guard_pop(plan, fn)
    return -1 if pop is None else pop.int_enabled


def manifest(
    inputs: list, updates: list, device: int, stops: dict | None = None, plan: NetPlan | None = None
) -> dict:
    """The launches of one step, in order (``phase`` 0: inputs, 1: updates; ``guard``: the
    enabled flag of the population they work for), the GPU, and the stop-condition kernels
    (``{owner: {"fn", "flag"}}``, launched on demand)."""
    launches = [
        {
            "fn": k.fn,
            "phase": phase,
            "kind": k.launch.kind,
            "count": k.launch.count,
            "guard": _guard(plan, k.fn),
            "window": getattr(k, "window", -1),  # firing rate: launched while the window is on
        }
        for phase, group in ((0, inputs), (1, updates))
        for k in group
    ]
    return {
        "abi": ABI_VERSION,
        "device": device,
        "reduce_threads": REDUCE_THREADS,
        "launches": launches,
        "stops": stops or {},
    }


def generate_sources(net: NetworkIR, version: str) -> dict[str, str]:
    """``{filename: source}`` of ``net``: the CUDA source and the launch manifest."""
    from annarchy_parser.printers import CUDA_HELPERS

    plan = build_plan(net)
    inputs, updates = step_kernels(plan)
    stops = stop_kernels(plan)
    source = (
        environment()
        .get_template("network.cu.j2")
        .render(
            version=version,
            real=plan.precision,
            reduce_threads=REDUCE_THREADS,
            helpers=CUDA_HELPERS,
            functions=[vars(f) for f in user_functions(net, plan.precision)],
            kernels=[render_kernel(k) for k in inputs + updates + stops],
            abi=ABI_VERSION,
        )
    )
    device = int(net.options.get("cuda_device", 0) or 0)
    stop_table = stop_manifest(stops, plan)
    text = (
        json.dumps(manifest(inputs, updates, device, stop_table, plan), indent=1, sort_keys=True)
        + "\n"
    )
    return {SOURCE_NAME: source, MANIFEST_NAME: text}
