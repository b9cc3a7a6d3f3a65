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
