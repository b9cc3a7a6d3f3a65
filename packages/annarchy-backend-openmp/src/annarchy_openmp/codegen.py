"""Generate the C++ source of a network: render each kernel's template, then the step loop.

Pure: no compiler, no file system (templates are package data). The output depends only on the
network structure, so an unchanged structure gives byte-identical sources.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from functools import cache

import jinja2
from ANNarchy.core.network_ir import NetworkIR
from ANNarchy.errors import InvalidConfiguration
from annarchy_parser.ir import FunctionDef

from . import kernels, kernels_spike, special
from .layout import INT_CHANNELS, INT_STEP, INT_THREADS, NetPlan, build_plan
from .stop import stop_kernels

SOURCE_NAME = "network.cpp"
#: version of the C ABI (the symbols ``ann_run``/``ann_abi_version`` and the slot conventions)
ABI_VERSION = 1
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
)


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("annarchy_openmp", "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )


def render_kernel(kernel, threaded: bool = False) -> str:
    """Render one kernel context with its own template (``threaded``: its OpenMP version,
    named ``<fn>_mt``)."""
    if threaded:
        kernel = replace(kernel, fn=threaded_name(kernel))
    return environment().get_template(kernel.template).render(k=kernel, threaded=threaded)


def threaded_name(kernel) -> str | None:
    """Name of the OpenMP version of ``kernel`` (None: its template has no parallel loop)."""
    env = environment()
    source = env.loader.get_source(env, kernel.template)[0]
    return f"{kernel.fn}_mt" if "parallel_for()" in source else None


def _calls(kernels_: list) -> list[tuple[str, str | None]]:
    return [(k.fn, threaded_name(k)) for k in kernels_]


@dataclass(frozen=True)
class CFunction:
    prototype: str
    body: str


def user_functions(net: NetworkIR) -> list[CFunction]:
    """C definitions of the user functions of the network and of every model, once each."""
    found: dict[str, FunctionDef] = {}
    models = [p.neuron for p in net.populations] + [p.synapse for p in net.projections]
    for fn in (*net.functions, *(f for m in models for f in m.functions)):
        previous = found.setdefault(fn.name, fn)
        if previous != fn:
            raise InvalidConfiguration(
                f"Two different functions are named '{fn.name}'; rename one of them."
            )
    out = []
    for fn in found.values():
        symbols = {arg: f"_a{n}" for n, arg in enumerate(fn.args)}
        params = ", ".join(f"const double _a{n}" for n in range(len(fn.args)))
        body = kernels.make_printer(symbols).expr(fn.expr)
        out.append(CFunction(f"static inline double {fn.name}({params})", body))
    return out


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
            input_calls=_calls(inputs),
            update_calls=_calls(updates),
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
