"""The step order written once (``schedule.step_schedule``) and the C dialect carried by the
plans (``dialect.CDialect``), on a hand-built network (no backend here)."""

from __future__ import annotations

import numpy as np
from ANNarchy.core.network_ir import CSR, NetworkIR, PopulationIR, ProjectionIR
from annarchy_codegen import layout, sources
from annarchy_codegen.dialect import CPP, CDialect
from annarchy_codegen.kernel_parts import delay_prologue
from annarchy_codegen.schedule import scheduled_kernels, step_schedule
from annarchy_codegen.symbols import constant_decls, neuron_symbols
from annarchy_parser import parse_function, parse_neuron, parse_synapse

DIALECT = CDialect(
    real="real_t",
    int64="long long",
    restrict="__restrict__",
    function="__device__ inline",
    atomic_add="atomic_add(&{target}, {value});",
)
RULES = layout.LayoutRules(dialect=DIALECT, first_slot=2, first_int=2)
RATE = parse_neuron(
    "Rate", parameters={"tau": 10.0}, equations="tau*dr/dt + r = sum(exc) + c", constants=("c",)
)
LIF = parse_neuron(
    "Lif", equations="dv/dt = -v + g_exc", spike="v > 1.0", reset="v = 0.0", refractory=1.0
)
HEBB = parse_synapse("Hebb", equations="dw/dt = pre.r * post.r")
STDP = parse_synapse("Stdp", pre_spike="g_target += w", post_spike="w += 0.1")


def _csr(n_post: int, n_pre: int) -> CSR:
    return CSR(
        post_ranks=np.arange(n_post, dtype=np.int32),
        row_ptr=np.arange(0, n_post * n_pre + 1, n_pre, dtype=np.int64),
        pre_ranks=np.tile(np.arange(n_pre, dtype=np.int32), n_post),
    )


def _network() -> NetworkIR:
    pops = [
        PopulationIR(id=i, name=f"pop{i}", size=4, geometry=(4,), neuron=n, max_delay=3)
        for i, n in enumerate((RATE, RATE, LIF))
    ]
    projs = [
        ProjectionIR(0, "proj0", 0, 1, "exc", HEBB, _csr(4, 4), uniform_delay=2),
        ProjectionIR(1, "proj1", 2, 2, "exc", STDP, _csr(4, 4)),
    ]
    return NetworkIR(
        dt=1.0,
        seed=1,
        populations=tuple(pops),
        projections=tuple(projs),
        constants={"c": 2.0},
        functions=(parse_function("twice(x) = 2 * x"),),
    )


def test_step_schedule_lists_every_stage_in_order():
    plan = layout.build_plan(_network(), RULES)
    stages = [(s.role, s.owner.owner if s.owner else None, s.phase) for s in step_schedule(plan)]
    assert stages == [
        ("zero_sums", None, 0),
        ("weighted_sum", "proj0", 0),
        ("propagate", "proj1", 0),
        ("record", None, 0),
        ("spike_reset", None, 1),
        *[
            (role, f"pop{i}", 1)
            for i in range(3)
            for role in ("neuron_update", "firing_rate", "history")[: 3 if i == 0 else 2]
        ],
        ("synapse_update", "proj0", 1),
        ("synapse_update", "proj1", 1),
        ("post_events", "proj1", 1),
        ("record", None, 1),
    ]


def test_backends_map_roles_to_their_kernels():
    plan = layout.build_plan(_network(), RULES)
    builders = {
        "neuron_update": lambda _, pop: [f"update_{pop.owner}", None],
        "propagate": lambda _, proj: [f"spikes_{proj.owner}", f"axon_{proj.owner}"],
    }
    built = [k for _, kernels in scheduled_kernels(plan, builders) for k in kernels]
    assert built == ["spikes_proj1", "axon_proj1", "update_pop0", "update_pop1", "update_pop2"]


def test_the_dialect_reaches_every_helper_through_the_plans():
    plan = layout.build_plan(_network(), RULES)
    assert plan.dialect is DIALECT and {p.dialect for p in (*plan.pops, *plan.projs)} == {DIALECT}
    assert plan.pops[0].attrs["r"].ctype == "real_t"
    (const,) = constant_decls(plan, ["c"])
    assert (const.ctype, const.expr) == ("real_t", "(real_t)D[1]")
    assert neuron_symbols(plan.pops[2], "local")["t_last"] == "((real_t)L__last[i] * dt)"
    head, _ = delay_prologue(plan, plan.projs[0], "psp")
    assert head[0] == f"const long long depth = I[{plan.pops[0].int_depth}];"
    assert head[2].startswith("const real_t* __restrict__ Hd_r = H_r")
    (fn,) = sources.user_functions(_network(), DIALECT, lambda symbols: _Printer(symbols))
    assert fn.prototype == "__device__ inline real_t ann_fn_twice(const real_t _a0)"
    assert DIALECT.add("g[post]", "w") == "atomic_add(&g[post], w);"
    assert CPP.add("g[post]", "w") == "g[post] += w;" and CPP.to_real("D[1]") == "D[1]"


class _Printer:
    def __init__(self, symbols):
        self.symbols = symbols

    def expr(self, expr) -> str:
        return str(expr.subs({k: v for k, v in self.symbols.items()}))
