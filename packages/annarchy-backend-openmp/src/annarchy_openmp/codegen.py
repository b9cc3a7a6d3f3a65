"""Generate the C++ source of a network: render each kernel's template, then the step loop.

Pure: no compiler, no file system (templates are package data). The output depends only on the
network structure, so an unchanged structure gives byte-identical sources.
"""

from __future__ import annotations

from dataclasses import asdict, replace

from ANNarchy.plugin import NetworkIR
from annarchy_codegen import sources
from annarchy_codegen.population_control import guard_pop

from . import kernels, kernels_spike, special
from .firing_rate import firing_rate
from .layout import INT_CHANNELS, INT_STEP, INT_THREADS, NetPlan, build_plan
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
    """Name of the OpenMP version of ``kernel`` (None: its template has no parallel loop)."""
    env = environment()
    source = env.loader.get_source(env, kernel.template)[0]
    return f"{kernel.fn}_mt" if "parallel_for()" in source else None


def _calls(plan: NetPlan, kernels_: list) -> list[tuple[str, str | None, int | None]]:
    """(serial, threaded, I index of the enabled flag that gates the call) of each kernel; the
    spiking neuron update checks its flag itself (a disabled population emits no spike)."""
    out = []
    for k in kernels_:
        pop = None if hasattr(k, "enabled") else guard_pop(plan, k.fn)
        out.append((k.fn, threaded_name(k), None if pop is None else pop.int_enabled))
    return out


def user_functions(net: NetworkIR) -> list[sources.CFunction]:
    """C definitions of the user functions of the network and of every model, once each."""
    return sources.user_functions(net, "static inline", "double", kernels.make_printer)


def helpers_source() -> str:
    from annarchy_parser.printers import C_HELPERS

    return C_HELPERS


def _input_kernels(plan: NetPlan) -> list:
    """Kernels run before the neurons: zero the sums, weighted sums and spike propagation."""
    out = [] if (zero := kernels.zero_sums(plan)) is None else [zero]
    for proj in plan.projs:
        if proj.special is not None:  # a plugin's native code replaces the transmission
            out += special.projection_kernels(plan, proj)
            continue
        if proj.spiking:
            out.append(kernels_spike.propagate(plan, proj))
        if not proj.spiking or proj.ir.synapse.psp is not None:
            out.append(kernels.weighted_sum(plan, proj))
    return out


def _update_kernels(plan: NetPlan) -> list:
    """Neurons (and their histories), global operations, synapses, post-synaptic events."""
    out = []
    for pop in plan.pops:
        out += special.population_kernels(plan, pop)  # a plugin's native code, if any
        out.append(
            kernels_spike.neuron_update(plan, pop)
            if pop.spiking
            else kernels.neuron_update(plan, pop)
        )
        if (rate := firing_rate(pop)) is not None:
            out.append(rate)
        if pop.hist:
            out.append(kernels.history(pop))
    out += [kernels.global_ops(pop) for pop in plan.pops if pop.gops]
    out += [k for proj in plan.projs if (k := kernels.synapse_update(plan, proj))]
    out += [
        k for proj in plan.projs if proj.spiking and (k := kernels_spike.post_events(plan, proj))
    ]
    return out


def generate_sources(net: NetworkIR, version: str) -> dict[str, str]:
    """``{filename: source}`` of ``net``."""
    plan = build_plan(net)
    inputs, updates = _input_kernels(plan), _update_kernels(plan)
    stops = stop_kernels(plan)
    source = (
        environment()
        .get_template("network.cpp.j2")
        .render(
            version=version,
            helpers=helpers_source(),
            functions=[asdict(f) for f in user_functions(net)],
            kernels=[render_kernel(k) for k in inputs + updates]
            + [render_kernel(k, True) for k in inputs + updates if threaded_name(k)],
            input_calls=_calls(plan, inputs),
            update_calls=_calls(plan, updates),
            int_threads=INT_THREADS,
            stop_kernels=[render_kernel(k) for k in stops],
            stop_calls=[(k.pop_id, k.fn) for k in stops],
            int_step=INT_STEP,
            nchannels=INT_CHANNELS,
            fields=RECORDER_FIELDS,
            abi=ABI_VERSION,
        )
    )
    return {SOURCE_NAME: source}
