"""Generate the C++ source of a network: render each kernel's template, then the step loop.

Pure: no compiler, no file system (templates are package data). The output depends only on the
network structure, so an unchanged structure gives byte-identical sources.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

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
    INT_STEP,
    INT_TEAM_POLICY,
    INT_THREADS,
    INT_TUNE_CHUNKS,
    INT_TUNE_SERIAL,
    INT_TUNE_TEAM,
    NetPlan,
    build_plan,
)
from .profiling import call_label, profile_slot, profiled
from .stop import stop_kernels

SOURCE_NAME = "network.cpp"
#: version of the C ABI (the symbols ``ann_run``/``ann_abi_version`` and the slot conventions)
ABI_VERSION = 2
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


@dataclass(frozen=True)
class Call:
    """One call of ``ann_step``: a kernel (``serial``; ``threaded``: its team version, None when
    it has no loop to share; ``enabled``: the I index of the flag that gates it; ``work``: C
    expression of the elements its loops visit; ``grouped``: its team version ends without a
    barrier, consecutive grouped calls share one after the last), or the recording of ``phase``
    (``serial`` None). ``index``: its cells in the timing array of a profiled build
    (``profiling``), ``label``: what it is part of there. ``early``: a neuron update whose team
    version may start before the other threads are done with the inputs of their own neurons
    (``follows``: those inputs, propagations whose post-synaptic population's update may start
    on a thread once that thread's share is done; both carry the population's ``work``)."""

    serial: str | None
    threaded: str | None = None
    enabled: int | None = None
    work: str = ""
    phase: int = 0
    grouped: bool = False
    index: int = 0
    label: str = ""
    early: bool = False
    follows: bool = False


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
        follows=threaded is not None and getattr(kernel, "update_may_follow", False),
    )


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


def team_blocks(calls: list[Call]) -> list[tuple[str, list[Call], bool]]:
    """The calls of the team's step: ``('single', calls)`` for consecutive calls without a
    threaded version (run by one thread, one barrier), ``('grouped', calls)`` for consecutive
    grouped calls (one barrier after the last), ``('shared', [call])`` for the others; the
    third item: whether the threads wait for each other first (see `_unsynced`)."""
    blocks: list[tuple[str, list[Call]]] = []
    for call in calls:
        kind = "grouped" if call.grouped else "shared" if call.threaded else "single"
        if kind != "shared" and blocks and blocks[-1][0] == kind:
            blocks[-1][1].append(call)
        else:
            blocks.append((kind, [call]))
    unsynced = _unsynced(blocks)
    return [(kind, group, i in unsynced) for i, (kind, group) in enumerate(blocks)]


def _recording_only(block: tuple[str, list[Call]]) -> bool:
    return block[0] == "single" and all(c.serial is None for c in block[1])


def _unsynced(blocks: list[tuple[str, list[Call]]]) -> set[int]:
    """Indices of the blocks that start without the barrier of the grouped block before them:
    the spiking update of a population right after its propagations (recordings aside), when
    each thread's share of the propagations writes and reads only the thread's own neurons of
    that population, which are the ones it updates; a recording in between waits first."""
    out: set[int] = set()
    for i, (kind, group) in enumerate(blocks):
        if kind != "grouped" or not all(c.follows for c in group):
            continue
        j = i + 1
        while j < len(blocks) - 1 and _recording_only(blocks[j]):
            j += 1
        nxt = blocks[j] if j < len(blocks) else None
        if nxt and nxt[0] == "shared" and nxt[1][0].early:
            if all(c.work == nxt[1][0].work for c in group):
                out.update(range(i + 1, j + 1))
    return out


def generate_sources(net: NetworkIR, version: str) -> dict[str, str]:
    """``{filename: source}`` of ``net``."""
    plan = build_plan(net)
    kernels_, calls = step_calls(plan)
    stops = stop_kernels(plan)
    source = (
        environment()
        .get_template("network.cpp.j2")
        .render(
            version=version,
            helpers=helpers_source(),
            functions=[asdict(f) for f in user_functions(net)],
            kernels=[render_kernel(k) for k in kernels_]
            + [render_kernel(k, True) for k in kernels_ if threaded_name(k)],
            calls=calls,
            blocks=team_blocks(calls),
            works=sorted({c.work for c in calls if c.work}),
            int_threads=INT_THREADS,
            int_min_work=INT_MIN_WORK,
            int_policy=INT_TEAM_POLICY,
            int_tune=(INT_TUNE_SERIAL, INT_TUNE_TEAM, INT_TUNE_CHUNKS),
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
