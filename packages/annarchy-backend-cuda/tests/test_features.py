"""Features added for parity with the openmp backend, checked without a GPU: the generated
kernels (text), their NVRTC compilation (where CuPy and NVRTC are installed), and the runtime's
bookkeeping over numpy (stop conditions, export/import of the internal state, structural
plasticity)."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from ANNarchy.core.network_ir import CSR
from ANNarchy.errors import InvalidConfiguration
from annarchy_cuda import CudaBackend
from annarchy_cuda.codegen import MANIFEST_NAME, SOURCE_NAME
from annarchy_cuda.layout import build_plan
from feature_irs import rate_structural_ir, rate_to_spike_ir, stop_ir, structural_ir
from test_runtime_host import load


def kernel_text(code: str, fn: str) -> str:
    start = code.index(f"void {fn}(")
    return code[start : code.index("\n}\n", start)]


def nvrtc_or_skip():
    pytest.importorskip("cupy", reason="CuPy is not installed")
    from annarchy_cuda import nvrtc

    try:
        nvrtc.nvrtc_version()
    except Exception as exc:  # the NVRTC shared library is missing
        pytest.skip(f"NVRTC cannot be loaded: {exc}")
    return nvrtc


@pytest.mark.parametrize("precision", ["double", "float"])
@pytest.mark.parametrize("build", [rate_to_spike_ir, stop_ir, structural_ir, rate_structural_ir])
def test_feature_networks_compile_with_nvrtc(build, precision):
    nvrtc = nvrtc_or_skip()
    ir = build()
    ir = dataclasses.replace(ir, options={**ir.options, "precision": precision})
    assert nvrtc.compile_source(CudaBackend().generate(ir)[SOURCE_NAME], "sm_80")[:4] == b"\x7fELF"


def test_rate_projection_feeds_the_conductance_of_spiking_neurons():
    code = CudaBackend().generate(rate_to_spike_ir())[SOURCE_NAME]
    body = kernel_text(code, "sum_proj0")
    assert "Post_g_exc[post] += acc;" in body
    assert "const ann_real _psp = Pre_r[j]*L_w[k];" in body


def test_sums_of_targets_the_model_does_not_read():
    """pop.sum('inh') of a rate-coded neuron that reads only sum(exc) (as the openmp backend)."""
    import ANNarchy as ann
    from ANNarchy.core.lowering import lower

    net = ann.Network()
    src = net.create(3, ann.Neuron(parameters="r = 1.0"))
    dst = net.create(2, ann.Neuron(equations="r = sum(exc)"))
    net.connect(src, dst, "exc").all_to_all(0.5)
    net.connect(src, dst, "inh").all_to_all(0.25)
    ir = lower(net)
    runtime, _, _ = load(ir)
    assert sorted(build_plan(ir).pop(1).sums) == ["exc", "inh"]
    assert runtime.get("pop1", "_sum_inh").tolist() == [0.0, 0.0]
    code = CudaBackend().generate(ir)[SOURCE_NAME]
    assert "T_inh[post] += acc;" in kernel_text(code, "sum_proj1")


def test_stop_kernels_and_manifest():
    sources = CudaBackend().generate(stop_ir("all"))
    manifest = json.loads(sources[MANIFEST_NAME])
    plan = build_plan(stop_ir("all"))
    assert manifest["stops"] == {
        "pop0": {"fn": "stop_pop0", "flag": plan.pops[0].int_stop},
        "pop1": {"fn": "stop_pop1", "flag": plan.pops[1].int_stop},
    }
    assert plan.pops[2].int_stop == -1
    assert "stop_pop0" not in [item["fn"] for item in manifest["launches"]]
    code = sources[SOURCE_NAME]
    body = kernel_text(code, "stop_pop0")
    assert "if (!(L_r[i] > 1.0)) {" in body and "__syncthreads_and(hit)" in body
    assert f"I[{plan.pops[0].int_stop}] = hit;" in body
    assert "__syncthreads_or(hit)" in kernel_text(code, "stop_pop1")
    assert "L_r[i] + t < 0.0" in kernel_text(code, "stop_pop1")


def _stop_runtime(hits: dict[str, int]):
    """A stop network whose stop kernels raise their flag from the step ``hits[owner]`` on."""
    ir = stop_ir()
    plan = build_plan(ir)
    holder = {}

    def raiser(pop):
        def effect(step):  # launched with the step after the one just done
            holder["rt"]._state.ints[pop.int_stop] = int(step >= hits[pop.owner])

        return effect

    effects = {f"stop_{p.owner}": raiser(p) for p in plan.pops if p.owner in hits}
    runtime, module, _ = load(ir, effects)
    holder["rt"] = runtime
    return runtime, module


def test_run_until_stops_after_the_first_step_where_the_condition_holds():
    runtime, module = _stop_runtime({"pop0": 4, "pop1": 2})
    assert runtime.stopped is False
    assert runtime.run_until(10, ["pop0"], "and") == 4
    assert runtime.step == 4 and runtime.stopped is True
    stops = [(name, step) for name, _, _, step in module.log if name.startswith("stop_")]
    assert stops == [("stop_pop0", s) for s in (1, 2, 3, 4)]  # t = time after the step
    assert module.log[-1][2] == (256,)  # one block of reduce threads


@pytest.mark.parametrize(("operator", "steps"), [("and", 4), ("or", 2)])
def test_run_until_combines_populations(operator, steps):
    runtime, _ = _stop_runtime({"pop0": 4, "pop1": 2})
    assert runtime.run_until(10, ["pop0", "pop1"], operator) == steps


def test_run_until_runs_at_most_nsteps_and_at_least_one():
    runtime, _ = _stop_runtime({"pop0": 50})
    assert runtime.run_until(6, ["pop0"]) == 6 and runtime.step == 6
    assert runtime.stopped is False  # ran out of steps
    runtime, _ = _stop_runtime({"pop0": 6})  # holds exactly at the last step
    assert runtime.run_until(6, ["pop0"]) == 6 and runtime.stopped is True
    runtime, _ = _stop_runtime({"pop0": 0})  # already true: still one step
    assert runtime.run_until(6, ["pop0"]) == 1 and runtime.step == 1
    with pytest.raises(InvalidConfiguration, match="'pop2' has no stop condition"):
        runtime.run_until(3, ["pop2"])


def test_export_import_state_round_trip():
    ir = structural_ir()
    runtime, _, _ = load(ir)
    state = runtime._state
    state.arrays[("pop0", "_refr")][...] = [3, 0, 1]
    state.arrays[("pop0", "_spiked")][...] = [2, 0, 0]
    state.arrays[("proj0", "_last_event")][...] = np.arange(5)
    state.set_int(build_plan(ir).pops[0].int_nspikes, 1)
    saved = runtime.export_state("pop0")
    assert saved["_refr"].tolist() == [3, 0, 1] and saved["_nspikes"].tolist() == [1]
    assert {"_spiked", "_refr", "_last"} <= set(saved) and "v" not in saved
    events = runtime.export_state("proj0")
    assert set(events) == {"_last_event"}
    other, _, _ = load(ir)
    other.import_state("pop0", saved)
    other.import_state("proj0", events)
    assert other.export_state("pop0")["_refr"].tolist() == [3, 0, 1]
    assert other._state.host_ints[build_plan(ir).pops[0].int_nspikes] == 1
    assert other.get("proj0", "_last_event").tolist() == [0, 1, 2, 3, 4]
    with pytest.raises(InvalidConfiguration, match="'_refr' has shape"):
        other.import_state("pop0", {"_refr": np.zeros(4, np.int32)})
    with pytest.raises(InvalidConfiguration, match="'v' does not fit"):
        other.import_state("pop0", {"v": np.zeros(3)})


def _csr(rows: dict[int, list[int]], delays=None) -> CSR:
    post = sorted(rows)
    counts = [len(rows[p]) for p in post]
    return CSR(
        post_ranks=np.asarray(post, np.int32),
        row_ptr=np.concatenate(([0], np.cumsum(counts))).astype(np.int64),
        pre_ranks=np.asarray([j for p in post for j in rows[p]], np.int32),
        delays=delays,
    )


def _loaded_structural():
    """Synapses (post, pre): (0, 0), (0, 2), (1, 1), (2, 0), (2, 1) with w = 1..5 (initial)."""
    runtime, _, _ = load(structural_ir())
    runtime.set("proj0", "w", [1.0, 2.0, 3.0, 4.0, 5.0])
    runtime.snapshot()
    return runtime


def test_set_connectivity_keeps_the_remaining_synapses():
    runtime = _loaded_structural()
    runtime._state.arrays[("proj0", "_last_event")][...] = [10, 11, 12, 13, 14]
    # drop (0, 2), add (1, 0) and (1, 2)
    runtime.set_connectivity("proj0", _csr({0: [0], 1: [0, 1, 2], 2: [0, 1]}), {})
    assert runtime.get("proj0", "w").tolist() == [1.0, 0.0, 3.0, 0.0, 4.0, 5.0]
    assert runtime.get("proj0", "_last_event").tolist() == [10, -10000, 12, -10000, 13, 14]
    assert runtime.get("proj0", "pre_ranks").tolist() == [0, 0, 1, 2, 0, 1]
    assert runtime.get("proj0", "pre_ptr").tolist() == [0, 3, 5, 6]
    assert runtime.get("proj0", "syn_row").tolist() == [0, 1, 1, 1, 2, 2]
    plan = runtime._plan.owner("proj0")
    assert runtime._state.host_ints[plan.int_nnz] == 6
    assert runtime._state.ints[plan.int_nnz] == 6
    pointers = runtime._state.pointers
    assert pointers[plan.attrs["w"].slot] == runtime._state.arrays[("proj0", "w")].ctypes.data
    runtime.set_connectivity("proj0", _csr({0: [1], 1: [2]}), {"w": [7.0, 8.0]})
    assert runtime.get("proj0", "w").tolist() == [7.0, 8.0]
    runtime.run(1)
    runtime.reset()  # (0, 1) is new: its given value; (1, 2) was created with w = 0
    assert runtime.get("proj0", "w").tolist() == [7.0, 0.0]
    with pytest.raises(InvalidConfiguration, match="1 values for 2 synapses"):
        runtime.set_connectivity("proj0", _csr({0: [1], 1: [2]}), {"w": [1.0]})
    with pytest.raises(InvalidConfiguration, match="not a projection"):
        runtime.set_connectivity("pop0", _csr({0: [1]}), {})


def test_set_connectivity_relaunches_with_the_new_counts():
    runtime, module, _ = load(rate_structural_ir())
    runtime.run(1)
    assert {"sum_proj0", "learn_proj0"} <= {name for name, *_ in module.log}
    runtime.set_connectivity("proj0", _csr({}), {})  # no row left: nothing to launch
    assert runtime.get("proj0", "w").tolist() == []
    module.log.clear()
    runtime.run(1)
    assert {"sum_proj0", "learn_proj0"}.isdisjoint(name for name, *_ in module.log)
    runtime.set_connectivity("proj0", _csr({1: [0, 2]}), {"w": [0.5, 0.25]})
    runtime.run(1)
    assert {"sum_proj0", "learn_proj0"} <= {name for name, *_ in module.log}


def test_set_connectivity_recorders_follow_the_new_arrays():
    runtime = _loaded_structural()
    rid = runtime.add_recorder("proj0", ["w"])
    runtime.run(2)
    assert runtime.fetch(rid)["w"].shape == (2, 5)
    runtime.set_connectivity("proj0", _csr({0: [0, 2]}), {})
    runtime.run(3)
    assert runtime.fetch(rid)["w"].tolist() == [[1.0, 2.0]] * 3


def test_nbytes_counts_every_device_array():
    ir = structural_ir()
    runtime, _, _ = load(ir)
    expected = sum(a.nbytes for (o, _), a in runtime._state.arrays.items() if o == "proj0")
    assert runtime.nbytes("proj0") == expected
    # w, x, _last_event (5 each), post_ranks, row_ptr, pre_ranks, pre_ptr, pre_syn, ...
    assert runtime.nbytes("proj0") >= 5 * 8 * 3
