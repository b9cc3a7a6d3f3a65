"""enable()/disable(), clear() and compute_firing_rate() in the cuda runtime, without a GPU
(numpy stands in for CuPy, Python callables for the kernels; see test_runtime_host.py)."""

from __future__ import annotations

import numpy as np
from annarchy_codegen.state import NEVER
from scenario_irs import scenario_ir
from test_runtime_host import load


def test_disabled_population_skips_its_kernels_and_those_of_its_projections():
    ir = scenario_ir("stdp")  # pop0 -> proj0 -> pop1, spiking
    runtime, module, manifest = load(ir)
    guards = {item["fn"]: item["guard"] for item in manifest["launches"]}
    plan = runtime._plan
    assert guards["update_pop0"] == plan.owner("pop0").int_enabled
    assert guards["propagate_proj0"] == guards["post_events_proj0"] == guards["update_pop1"]
    assert guards["reset_spike_counters"] == -1  # a disabled population emits no spikes
    runtime.set_enabled("pop1", False)
    assert not runtime.enabled("pop1")
    runtime.run(2)
    assert [e[0] for e in module.log] == ["reset_spike_counters", "update_pop0"] * 2
    module.log.clear()
    runtime.set_enabled("pop1", True)
    runtime.run(1)
    every = [item["fn"] for item in manifest["launches"]]
    assert [e[0] for e in module.log] == [fn for fn in every if not fn.startswith("firing_rate")]


def test_clear_spikes_resets_spike_bookkeeping():
    ir = scenario_ir("stdp")
    runtime, _, _ = load(ir)
    pop = runtime._plan.owner("pop0")
    runtime._state.arrays[("pop0", "_refr")][...] = 3
    runtime._state.arrays[("pop0", "_last")][...] = 7
    runtime._state.set_int(pop.int_nspikes, 2)
    runtime.clear_spikes("pop0")
    assert np.all(runtime._state.arrays[("pop0", "_refr")] == 0)
    assert np.all(runtime._state.arrays[("pop0", "_last")] == NEVER)
    assert runtime._state.host_ints[pop.int_nspikes] == 0


def test_firing_rate_kernel_runs_while_the_window_is_on():
    """compute_firing_rate(): the window (steps) and 1000 / window are set on the device; the
    kernel is launched from then on, for the populations that compute a rate only."""
    runtime, module, _ = load(scenario_ir("stdp"))
    pop = runtime._plan.owner("pop0")
    runtime.run(1)
    assert not any(e[0].startswith("firing_rate") for e in module.log)
    runtime.set_firing_rate("pop0", 8.0)
    assert runtime._state.host_ints[pop.int_fr_window] == 8
    assert runtime._state.arrays[("pop0", "_fr_rate")] == 125.0
    assert runtime._state.arrays[("pop0", "_fr_bits")].shape == (pop.ir.size,)  # 1 byte each
    module.log.clear()
    runtime.run(2)
    launched = [e[0] for e in module.log]
    assert launched.count("firing_rate_pop0") == 2 and "firing_rate_pop1" not in launched
    assert launched.index("update_pop0") < launched.index("firing_rate_pop0")
