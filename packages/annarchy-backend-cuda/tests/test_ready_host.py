"""``CudaRuntime.ready()`` without a GPU (numpy stands in for CuPy): the delay histories take the
values set before it, the first step no longer refills them, and ``reset()`` returns there."""

from __future__ import annotations

import json

import numpy as np
from annarchy_cuda.codegen import MANIFEST_NAME, generate_sources
from annarchy_cuda.layout import build_plan
from annarchy_cuda.runtime import CudaRuntime
from scenario_irs import scenario_ir


class StubModule:
    """Kernels that do nothing (the bookkeeping around them is what is checked)."""

    def get_function(self, name):
        return lambda grid, block, args: None


def _delayed_runtime():
    ir = scenario_ir("rate_delays")
    plan = build_plan(ir)
    manifest = json.loads(generate_sources(ir, "test")[MANIFEST_NAME])
    runtime = CudaRuntime("stub.cubin", manifest, plan, ir, xp=np, module=StubModule())
    pop = next(p for p in plan.pops if p.hist)
    var = sorted(pop.hist)[0]
    return runtime, pop, var


def test_ready_fills_the_histories_and_takes_the_reset_state():
    runtime, pop, var = _delayed_runtime()
    n = pop.ir.size
    ring = runtime._state.arrays[(pop.owner, f"_hist_{var}")]
    depth = ring.size // n
    assert depth >= 2
    at_compile = np.arange(n, dtype=np.float64) + 0.5
    runtime.set(pop.owner, var, at_compile)
    assert not np.any(ring)  # filled at load with the initial zeros, not yet the new values
    runtime.ready()
    assert np.array_equal(ring.reshape(depth, n), np.tile(at_compile, (depth, 1)))
    runtime.set(pop.owner, var, -1.0)  # set between compile and the first step
    runtime.run(2)
    assert np.array_equal(ring.reshape(depth, n), np.tile(at_compile, (depth, 1)))
    ring[...] = 7.0
    runtime.reset()
    assert np.array_equal(runtime.get(pop.owner, var), at_compile)
    assert np.array_equal(ring.reshape(depth, n), np.tile(at_compile, (depth, 1)))
    assert runtime.step == 0


def test_set_delay_grows_the_history_and_keeps_the_steps_it_holds():
    """``set_delay`` past the history: the new ring keeps the last steps at their new rows,
    zeros for the others; the pointer table, the depth, the delay and the reset state follow."""
    import pytest
    from ANNarchy.errors import InvalidConfiguration
    from annarchy_cuda.state import address

    runtime, pop, var = _delayed_runtime()
    plan = runtime._plan
    uniform = next(p for p in plan.projs if p.delay == "uniform")
    per_synapse = next(p for p in plan.projs if p.delay == "nonuniform")
    n, key = pop.ir.size, (pop.owner, f"_hist_{var}")
    depth = runtime._state.arrays[key].size // n
    assert depth == 4
    runtime.set(pop.owner, var, 0.5)
    runtime.ready()
    runtime.run(6)  # the stub kernels write nothing: fill the rows of steps 2..5 by hand
    ring = runtime._state.arrays[key].reshape(depth, n)
    for u in range(2, 6):
        ring[u % depth] = u + 1.0
    runtime.set_delay(uniform.owner, 7)
    grown = runtime._state.arrays[key]
    assert grown.size == 7 * n
    rows = grown.reshape(7, n)[:, 0].tolist()
    assert rows == [0.0, 0.0, 3.0, 4.0, 5.0, 6.0, 0.0]  # step u in row u % 7, steps -1, 0 lost
    assert runtime._state.host_ints[pop.int_depth] == 7
    assert runtime._state.ints[uniform.int_delay] == 7
    assert runtime._state.pointers[_slot(plan, key).slot] == address(grown)
    nnz = per_synapse.ir.connectivity.nnz
    runtime.set_delay(per_synapse.owner, np.arange(1, nnz + 1, dtype=np.int32))
    assert runtime._state.arrays[(per_synapse.owner, "delays")].tolist() == list(range(1, nnz + 1))
    with pytest.raises(InvalidConfiguration, match="give a single delay"):
        runtime.set_delay(uniform.owner, np.full(4, 2, dtype=np.int32))
    with pytest.raises(InvalidConfiguration, match="3 delays for 4 synapses"):
        runtime.set_delay(per_synapse.owner, np.ones(3, dtype=np.int32))
    runtime.reset()
    assert runtime._state.arrays[key].tolist() == [0.5] * (7 * n)


def _slot(plan, key):
    return next(s for s in plan.slots if (s.owner, s.name) == key)
