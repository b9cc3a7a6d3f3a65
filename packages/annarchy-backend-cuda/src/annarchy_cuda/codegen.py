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

from . import kernels, kernels_spike, special
from .layout import REAL, NetPlan, build_plan
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

    return sources.user_functions(net, "__device__ inline", REAL, printer)


def input_kernels(plan: NetPlan) -> list:
    """Kernels run before the neurons: zero the sums, weighted sums, spike propagation."""
    out = [k for pop in plan.pops if (k := kernels.zero_sums(plan, pop))]
    for proj in plan.projs:
        if proj.special is not None:  # a plugin's native code replaces the transmission
            out += special.projection_kernels(plan, proj)
            continue
        if proj.spiking:
            out.append(kernels_spike.propagate(plan, proj))
            if (axon := kernels_spike.axon_propagate(plan, proj)) is not None:
                out.append(axon)
        if not proj.spiking or proj.ir.synapse.psp is not None:
            out.append(kernels.weighted_sum(plan, proj))
    return out


def _neuron_kernels(plan: NetPlan) -> list:
    out = [] if (counters := kernels_spike.spike_counters(plan)) is None else [counters]
    for pop in plan.pops:
        out += special.population_kernels(plan, pop)  # a plugin's native code, if any
        if (glob := kernels.neuron_global(plan, pop)) is not None:
            out.append(glob)
        if pop.spiking:
            out.append(kernels_spike.neuron_update(plan, pop))
        elif (local := kernels.neuron_update(plan, pop)) is not None:
            out.append(local)
        if pop.hist:
            out.append(kernels.history(pop))
    return out


def update_kernels(plan: NetPlan) -> list:
    """Neurons (and their histories), global operations, synapses, post-synaptic events."""
    out = _neuron_kernels(plan)
    out += [kernels.global_ops(pop) for pop in plan.pops if pop.gops]
    for proj in plan.projs:
        out += [
            k for k in (kernels.synapse_global(plan, proj), kernels.synapse_update(plan, proj)) if k
        ]
    out += [
        k for proj in plan.projs if proj.spiking and (k := kernels_spike.post_events(plan, proj))
    ]
    return out


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
    inputs, updates = input_kernels(plan), update_kernels(plan)
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
