"""Generate the C++ source of a network: render each kernel's template, then the step loop.

Pure: no compiler, no file system (templates are package data). The output depends only on the
network structure, so an unchanged structure gives byte-identical sources.
"""

from __future__ import annotations

from dataclasses import asdict, replace

from ANNarchy.plugin import NetworkIR
from annarchy_codegen import sources
from annarchy_codegen.population_control import guard_pop
from annarchy_codegen.schedule import scheduled_kernels

from . import kernels, kernels_spike, special
from .firing_rate import firing_rate
from .layout import (
    DIALECT,
    INT_CHANNELS,
    INT_MIN_WORK,
    INT_PROBE_NS,
    INT_PROBE_STEPS,
    INT_STEP,
    INT_TEAM_POLICY,
    INT_THREADS,
    INT_TUNE_CHUNKS,
    INT_TUNE_GAP,
    INT_TUNE_SERIAL,
    INT_TUNE_START,
    INT_TUNE_TEAM,
    SLOT_BALANCE,
    NetPlan,
    build_plan,
)
from .profiling import call_label, profile_slot, profiled
from .stop import stop_kernels
from .team_step import Call, balanced, team_blocks
from .threads import BALANCE_STEPS

SOURCE_NAME = "network.cpp"
#: version of the C ABI (the symbols ``ann_run``/``ann_abi_version`` and the slot conventions)
ABI_VERSION = 3
#: fields of one recorder channel (an int64 row of the recorder table)
RECORDER_FIELDS = (
    "active",
    "period",
    "offset",
    "kind",
    "src",
    "nbytes",
    "dst",
    "capacity",
    "count",
    "aux",
    "phase",
    "overflow",
    "ranks",
)


def environment():
    """The jinja2 environment of this backend's templates."""
    return sources.environment("annarchy_openmp")


def render_kernel(kernel, threaded: bool = False) -> str:
    """Render one kernel context with its own template (``threaded``: its OpenMP version,
    named ``<fn>_mt``), declaring only the pointers and values it uses."""
    if threaded:
        kernel = replace(kernel, fn=threaded_name(kernel))
    template = environment().get_template(kernel.template)

    def render(context) -> str:
        return template.render(k=context, threaded=threaded)

    return render(sources.used_declarations(kernel, render))


def threaded_name(kernel) -> str | None:
    """Name of the OpenMP version of ``kernel`` (None: its template has no parallel loop, or
    it is a propagation the team cannot share)."""
    if isinstance(kernel, kernels_spike.Propagation):
        return f"{kernel.fn}_mt" if kernel.work else None
    if isinstance(kernel, kernels_spike.SpikingNeuronUpdate):  # ranges of its own (ann_share)
        return f"{kernel.fn}_mt"
    env = environment()
    source = env.loader.get_source(env, kernel.template)[0]
    return f"{kernel.fn}_mt" if "parallel_for()" in source else None


def _call(plan: NetPlan, kernel) -> Call:
    """The call of ``kernel``; the spiking neuron update checks its flag itself (a disabled
    population emits no spike)."""
    pop = None if hasattr(kernel, "enabled") else guard_pop(plan, kernel.fn)
    threaded = threaded_name(kernel)
    return Call(
        kernel.fn,
        threaded,
        None if pop is None else pop.int_enabled,
        getattr(kernel, "work", "") if threaded else "",
        grouped=threaded is not None and isinstance(kernel, kernels_spike.Propagation),
        early=threaded is not None
        and isinstance(kernel, kernels_spike.SpikingNeuronUpdate)
        and not kernel.global_lines,
        merge=f"{kernel.fn}_merge" if threaded and _deferred(kernel) else None,
        follows=threaded is not None and getattr(kernel, "update_may_follow", False),
    )


def _deferred(kernel) -> bool:
    return isinstance(kernel, kernels_spike.SpikingNeuronUpdate) and kernel.deferred


def user_functions(net: NetworkIR) -> list[sources.CFunction]:
    """C definitions of the user functions of the network and of every model, once each."""
    return sources.user_functions(net, DIALECT, kernels.make_printer)


def helpers_source() -> str:
    from annarchy_parser.printers import C_HELPERS

    return C_HELPERS


#: the kernels of each role of the step (``annarchy_codegen.schedule``)
BUILDERS = {
    "zero_sums": lambda plan, _: [kernels.zero_sums(plan)],
    "special_projection": special.projection_kernels,
    "propagate": lambda plan, proj: [kernels_spike.propagate(plan, proj)],
    "weighted_sum": lambda plan, proj: [kernels.weighted_sum(plan, proj)],
    "special_population": special.population_kernels,
    "neuron_update": lambda plan, pop: [
        kernels_spike.neuron_update(plan, pop) if pop.spiking else kernels.neuron_update(plan, pop)
    ],
    "firing_rate": lambda _, pop: [firing_rate(pop)],
    "history": lambda _, pop: [kernels.history(pop)],
    "global_ops": lambda _, pop: [kernels.global_ops(pop)],
    "synapse_update": lambda plan, proj: [kernels.synapse_update(plan, proj)],
    "post_events": lambda plan, proj: [kernels_spike.post_events(plan, proj)],
}


def step_calls(plan: NetPlan) -> tuple[list, list[Call]]:
    """(kernels, calls of one step in order, recordings included)."""
    out, calls = [], []
    for stage, built in scheduled_kernels(plan, BUILDERS):
        label = call_label(stage.role, stage.owner)
        if stage.role == "record":
            calls.append(Call(None, phase=stage.phase, index=len(calls), label=label))
        out += built
        for kernel in built:
            calls.append(replace(_call(plan, kernel), index=len(calls), label=label))
    return out, calls


def generate_sources(net: NetworkIR, version: str) -> dict[str, str]:
    """``{filename: source}`` of ``net``."""
    plan = build_plan(net)
    kernels_, calls = step_calls(plan)
    blocks = team_blocks(calls)
    stops = stop_kernels(plan)
    source = (
        environment()
        .get_template("network.cpp.j2")
        .render(
            version=version,
            helpers=helpers_source(),
            functions=[asdict(f) for f in user_functions(net)],
            kernels=[render_kernel(k) for k in kernels_]
            + [render_kernel(k, True) for k in kernels_ if threaded_name(k)]
            + [render_kernel(kernels_spike.spike_merge(k)) for k in kernels_ if _deferred(k)],
            team_stride=kernels_spike.team_stride(plan),
            team_stamp=kernels_spike.team_stamp(plan),
            slot_balance=SLOT_BALANCE,
            balance_steps=BALANCE_STEPS,
            balanced=balanced(blocks),
            calls=calls,
            blocks=blocks,
            works=sorted({c.work for c in calls if c.work}),
            int_threads=INT_THREADS,
            int_min_work=INT_MIN_WORK,
            int_policy=INT_TEAM_POLICY,
            int_tune=(
                INT_TUNE_SERIAL,
                INT_TUNE_TEAM,
                INT_TUNE_CHUNKS,
                INT_TUNE_GAP,
                INT_TUNE_START,
                INT_PROBE_NS,
                INT_PROBE_STEPS,
            ),
            stop_kernels=[render_kernel(k) for k in stops],
            stop_calls=[(k.pop_id, k.fn) for k in stops],
            int_step=INT_STEP,
            nchannels=INT_CHANNELS,
            fields=RECORDER_FIELDS,
            abi=ABI_VERSION,
            profile=profiled(net),
            profile_slot=profile_slot(plan),
        )
    )
    return {SOURCE_NAME: source}
