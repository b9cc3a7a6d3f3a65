"""generate() without a GPU: every scenario network renders, with the expected kernels, and the
sources depend on the structure only."""

from __future__ import annotations

import dataclasses
import json
import re

import jinja2
import numpy as np
import pytest
from ANNarchy.core.network_ir import CSR
from annarchy_cuda import CudaBackend
from annarchy_cuda.codegen import MANIFEST_NAME, SOURCE_NAME, environment
from annarchy_cuda.layout import build_plan
from scenario_irs import scenario_ir, scenario_names

NAMES = [n for n in scenario_names() if n != "record"]


def launches(sources) -> list[str]:
    return [item["fn"] for item in json.loads(sources[MANIFEST_NAME])["launches"]]


@pytest.mark.parametrize("name", NAMES)
def test_every_scenario_renders(name):
    ir = scenario_ir(name)
    sources = CudaBackend().generate(ir)
    assert set(sources) == {SOURCE_NAME, MANIFEST_NAME}
    code = sources[SOURCE_NAME]
    assert "typedef double ann_real;" in code
    assert "#include" not in code  # NVRTC: no system header
    for fn in launches(sources):
        assert f'extern "C" __global__ void {fn}(void** S, const long long step)' in code
    for pop in ir.populations:
        spiking = pop.neuron.kind == "spike"
        if spiking or pop.neuron.updates.local:
            assert f"update_{pop.owner}" in launches(sources)
    for proj in ir.projections:
        kernel = "propagate" if proj.synapse.kind == "spike" else "sum"
        assert f"{kernel}_{proj.owner}" in launches(sources)


def test_rate_kernels_and_order():
    ir = scenario_ir("hebb_rate")
    sources = CudaBackend().generate(ir)
    manifest = json.loads(sources[MANIFEST_NAME])
    order = [(item["phase"], item["fn"]) for item in manifest["launches"]]
    assert order[0][0] == 0 and order[-1][0] == 1
    phases = [p for p, _ in order]
    assert phases == sorted(phases)  # inputs first, then updates
    names = [fn for _, fn in order]
    assert names.index("sum_proj0") < names.index("update_pop1") < names.index("learn_proj0")
    code = sources[SOURCE_NAME]
    assert "__shfl_down_sync(0xffffffffu, acc, offset)" in code  # warp reduction per row


def test_spiking_kernels():
    sources = CudaBackend().generate(scenario_ir("stdp"))
    names = launches(sources)
    assert names == [
        "propagate_proj0",
        "reset_spike_counters",
        "update_pop0",
        "firing_rate_pop0",  # launched only while compute_firing_rate() is on (see test below)
        "update_pop1",
        "firing_rate_pop1",
        "post_events_proj0",
    ]
    code = sources[SOURCE_NAME]
    assert "ann_atomic_add(&Post_g_exc[post], (L_w[k]));" in code
    assert "atomicAdd((unsigned long long*)&I[" in code  # spike list counter
    assert "if (learn) { L_w[k] = ann_clip(" in code


def test_firing_rate_kernel_is_launched_while_its_window_is_on():
    sources = CudaBackend().generate(scenario_ir("stdp"))
    manifest = json.loads(sources[MANIFEST_NAME])
    item = next(i for i in manifest["launches"] if i["fn"] == "firing_rate_pop0")
    plan = build_plan(scenario_ir("stdp"))
    pop = plan.pops[0]
    assert (item["kind"], item["count"]) == ("threads", pop.int_size)
    assert (item["guard"], item["window"]) == (pop.int_enabled, pop.int_fr_window)
    code = sources[SOURCE_NAME]
    assert "if (L__last[i] == step) {" in code and "L_r[i] = *P__fr_rate * (ann_real)count;" in code
    update = next(i for i in manifest["launches"] if i["fn"] == "update_pop0")
    assert update["window"] == -1


def test_delays_use_rings():
    code = CudaBackend().generate(scenario_ir("spike_delays"))[SOURCE_NAME]
    assert "Pre__ring + slot * npre" in code
    rate = CudaBackend().generate(scenario_ir("rate_delays"))[SOURCE_NAME]
    assert "history_pop0" in rate and "Hd_r[j]" in rate


def test_global_operations_are_block_reductions():
    code = CudaBackend().generate(scenario_ir("global_ops"))[SOURCE_NAME]
    assert "__shared__ double part[ANN_REDUCE_THREADS];" in code
    assert "#define ANN_REDUCE_THREADS 256" in code


def test_float_precision():
    ir = scenario_ir("lif_single")
    ir = dataclasses.replace(ir, options={**ir.options, "precision": "float"})
    code = CudaBackend().generate(ir)[SOURCE_NAME]
    assert "typedef float ann_real;" in code
    assert re.search(r"\b[0-9]+\.[0-9]+f\b", code)  # float literals


def test_identical_structure_identical_sources():
    ir = scenario_ir("hebb_rate")
    first = CudaBackend().generate(ir)
    assert CudaBackend().generate(ir) == first
    # other values, other sizes: same code
    proj = ir.projections[0]
    csr = proj.connectivity
    keep = np.arange(0, csr.nnz, 2)
    rows = np.repeat(np.arange(csr.n_rows), np.diff(csr.row_ptr))[keep]
    row_ids, counts = np.unique(rows, return_counts=True)
    thinner = CSR(
        post_ranks=np.asarray(csr.post_ranks)[row_ids].astype(np.int32),
        row_ptr=np.concatenate(([0], np.cumsum(counts))).astype(np.int64),
        pre_ranks=np.asarray(csr.pre_ranks)[keep].astype(np.int32),
    )
    changed = dataclasses.replace(
        ir,
        dt=0.5,
        seed=7,
        projections=(dataclasses.replace(proj, connectivity=thinner, storage_format="csr"),),
    )
    base = dataclasses.replace(ir, projections=(dataclasses.replace(proj, storage_format="csr"),))
    assert CudaBackend().generate(changed) == CudaBackend().generate(base)


def test_structure_change_changes_sources():
    ir = scenario_ir("hebb_rate")
    proj = ir.projections[0]
    csr_ir = dataclasses.replace(ir, projections=(dataclasses.replace(proj, storage_format="csr"),))
    dense_ir = dataclasses.replace(
        ir, projections=(dataclasses.replace(proj, storage_format="dense"),)
    )
    csr_src, dense_src = CudaBackend().generate(csr_ir), CudaBackend().generate(dense_ir)
    assert csr_src != dense_src
    assert "dense matrix (rows x npre)" in dense_src[SOURCE_NAME]
    assert "dense matrix" not in csr_src[SOURCE_NAME]


def test_templates_are_strict():
    template = environment().get_template("zero_sums.cu.j2")
    with pytest.raises(jinja2.UndefinedError):
        template.render(k={"fn": "f"})


def test_axonal_spikes():
    from scenario_irs import axon_ir

    sources = CudaBackend().generate(axon_ir())
    assert launches(sources)[:2] == ["propagate_proj0", "propagate_axon_proj0"]
    code = sources[SOURCE_NAME]
    assert "L__axon_spiked[a] = (int)i;" in code
    assert "ann_atomic_add(&Post_g_exc[post], (10.0*L_w[k]));" in code


def test_synapse_update_runs_on_its_learning_schedule():
    code = CudaBackend().generate(scenario_ir("hebb_rate"))[SOURCE_NAME]
    kernel = code[code.index("void learn_proj0") :]
    kernel = kernel[: kernel.index("\n}\n")]
    assert "% ann_period != 0) return;" in kernel  # enable_learning(period, offset)
    assert "const ann_real ann_learn_dt = dt * (ann_real)ann_period;" in kernel
    assert "_d_w*ann_learn_dt;" in kernel and "*dt;" not in kernel  # dt * period as time step


@pytest.mark.parametrize("where", ["reset", "pre_spike"])
def test_events_writing_a_global_variable_are_refused_by_name(where):
    import ANNarchy as ann
    from ANNarchy.core.lowering import lower
    from ANNarchy.errors import BackendCapabilityError

    reset = "v = 0\ng = g + 1" if where == "reset" else "v = 0"
    neuron = ann.Neuron(
        equations=["v = v + 1", ann.Variable("g = g", locality="global")],
        spike="v > 3",
        reset=reset,
    )
    pre_spike = "g_target += w\nc = c + 1" if where == "pre_spike" else "g_target += w"
    synapse = ann.Synapse(equations=[ann.Variable("c = c", locality="global")], pre_spike=pre_spike)
    net = ann.Network()
    pop = net.create(3, neuron)
    net.connect(pop, pop, "exc", synapse).all_to_all(0.5)
    name = "'g'" if where == "reset" else "'c'"
    with pytest.raises(BackendCapabilityError, match=f"{where} assigns the global variable {name}"):
        CudaBackend().generate(lower(net))
