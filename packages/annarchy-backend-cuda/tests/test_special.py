"""Special code of plugins on the cuda backend (annarchy-inputs' four kinds), without a GPU:
the kernels the generators give (text and NVRTC compilation) and the runtime's handling of the
special arrays over numpy."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from ANNarchy.core.network_ir import SpecialIR
from ANNarchy.errors import InvalidConfiguration, PluginError
from annarchy_cuda import CudaBackend
from annarchy_cuda.codegen import MANIFEST_NAME, SOURCE_NAME
from annarchy_cuda.layout import build_plan
from feature_irs import generators_ir, inputs_ir, rate_to_spike_ir
from test_features import kernel_text, nvrtc_or_skip
from test_runtime_host import load

pytest.importorskip("annarchy_inputs", reason="annarchy-inputs is not installed")


@pytest.mark.parametrize("precision", ["double", "float"])
@pytest.mark.parametrize("build", [inputs_ir, generators_ir])
def test_inputs_networks_compile_with_nvrtc(build, precision):
    nvrtc = nvrtc_or_skip()
    ir = build()
    ir = dataclasses.replace(ir, options={**ir.options, "precision": precision})
    assert nvrtc.compile_source(CudaBackend().generate(ir)[SOURCE_NAME], "sm_80")[:4] == b"\x7fELF"


def test_special_kernels_take_their_places_in_the_step():
    sources = CudaBackend().generate(inputs_ir())
    launches = json.loads(sources[MANIFEST_NAME])["launches"]
    # (the firing-rate kernels of the spiking populations run only after compute_firing_rate())
    order = [(item["fn"], item["phase"], item["kind"]) for item in launches if item["window"] < 0]
    assert order == [
        ("zero_sums_pop3", 0, "threads"),
        ("special_transmit_proj0", 0, "reduce"),  # instead of the weighted sum
        ("special_transmit_proj1", 0, "reduce"),  # instead of the spike propagation
        ("reset_spike_counters", 1, "single"),
        ("special_before_update_pop0", 1, "reduce"),
        ("special_before_update_pop1", 1, "reduce"),  # right before update_pop1
        ("update_pop1", 1, "threads"),
        ("update_pop2", 1, "threads"),
        ("update_pop3", 1, "threads"),
    ]


def test_generated_bodies():
    code = CudaBackend().generate(inputs_ir())[SOURCE_NAME]
    timed = kernel_text(code, "special_before_update_pop0")
    assert "double* __restrict__ X__rows_r = (double*)S[" in timed
    assert "L_r[i] = X__rows_r[row * n + i];" in timed
    assert timed.count("__syncthreads();") == 1
    spikes = kernel_text(code, "special_before_update_pop1")
    assert "L_emit[i] = fire ? 1 : 0;" in spikes
    inject = kernel_text(code, "special_transmit_proj0")
    assert "Post_g_exc[post] = Pre_r[j];" in inject
    decode = kernel_text(code, "special_transmit_proj1")
    assert "ann_atomic_add(&slot[C_syn_row[k]], (double)((*P_w)));" in decode
    assert "PostS_exc[post] += nsyn > 0 ? (ann_real)(count * scale / (double)nsyn)" in decode
    assert "const int j = Pre__spiked[s];" in decode


def test_global_rows_and_target_rates():
    ir = generators_ir()
    code = CudaBackend().generate(ir)[SOURCE_NAME]
    corr = kernel_text(code, "special_before_update_pop1")
    assert "if (threadIdx.x == 0)\n            *P_mu = X__rows_mu[row];" in corr
    assert "*P_sigma = X__rows_sigma[row];" in corr
    driven = kernel_text(code, "sum_proj0")  # rate-coded input into a spiking population
    assert "Post_g_exc[post] += acc;" in driven


def test_special_arrays_are_slots_with_their_lengths():
    ir = inputs_ir()
    plan = build_plan(ir)
    special = plan.pop(1).special
    assert sorted(special.slots) == ["_cursor", "_ptr", "_t0", "_times"]
    assert special.slots["_times"].ctype == "long long"
    assert special.slots["_t0"].extent == "scalar"
    assert special.slots["_cursor"].role == "special_state"
    runtime, _, _ = load(ir)
    ints = runtime._state.host_ints
    assert ints[special.lengths["_times"]] == 3  # steps 1, 3 and 2
    assert runtime.get("pop1", "_times").tolist() == [1, 3, 2]
    assert runtime.get("pop1", "_ptr").tolist() == [0, 2, 3]
    assert runtime.get("proj1", "_window").shape == (2 * 2,)  # window of 2 steps x 2 rows


def test_set_data_with_a_new_length_reallocates():
    runtime, _, _ = load(inputs_ir())
    plan = runtime._plan.pop(1).special
    runtime.set("pop1", "_times", [4, 5, 6, 9])
    runtime.set("pop1", "_ptr", [0, 1, 4])
    assert runtime.get("pop1", "_times").tolist() == [4, 5, 6, 9]
    assert runtime._state.host_ints[plan.lengths["_times"]] == 4
    assert runtime._state.ints[plan.lengths["_times"]] == 4
    slot = plan.slots["_times"]
    array = runtime._state.arrays[("pop1", "_times")]
    assert runtime._state.pointers[slot.slot] == array.ctypes.data
    runtime.set("pop1", "_t0", 7)  # 0-d: written in place
    assert int(runtime.get("pop1", "_t0")) == 7
    with pytest.raises(InvalidConfiguration, match="internal state of 2 values"):
        runtime.set("pop1", "_cursor", [0, 0, 0])


def test_reset_restores_state_and_keeps_data():
    runtime, _, _ = load(inputs_ir())
    runtime.set("pop1", "_cursor", [1, 1])
    runtime.set("pop0", "_t", 5)
    runtime.set("pop1", "_times", [3, 4, 5, 6])
    runtime.reset()
    assert runtime.get("pop1", "_cursor").tolist() == [0, 0]
    assert int(runtime.get("pop0", "_t")) == 0
    assert runtime.get("pop1", "_times").tolist() == [3, 4, 5, 6]


def test_a_kind_without_cuda_generator_is_a_plugin_error():
    ir = rate_to_spike_ir()
    pop = dataclasses.replace(ir.populations[0], special=SpecialIR("no_such_kind"))
    ir = dataclasses.replace(ir, populations=(pop, ir.populations[1]))
    with pytest.raises(PluginError, match="kind 'no_such_kind' for the 'cuda' backend"):
        CudaBackend().generate(ir)


def test_special_array_names_must_not_clash():
    ir = rate_to_spike_ir()
    special = SpecialIR("timed_values", data={"r": np.zeros(2)})
    pop = dataclasses.replace(ir.populations[0], special=special)
    ir = dataclasses.replace(ir, populations=(pop, ir.populations[1]))
    with pytest.raises(InvalidConfiguration, match="'r' of 'pop0' has the name of another"):
        build_plan(ir)
