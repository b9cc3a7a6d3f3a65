"""The runtime's bookkeeping without a GPU: numpy stands in for CuPy and Python callables for
the compiled kernels (the kernels themselves are only checked by test_nvrtc.py here)."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from ANNarchy.errors import InvalidConfiguration, RecordingMemoryError
from annarchy_codegen import recording
from annarchy_cuda import recorders as rec
from annarchy_cuda.codegen import MANIFEST_NAME, generate_sources
from annarchy_cuda.layout import build_plan
from annarchy_cuda.runtime import CudaRuntime, launch_shape
from scenario_irs import scenario_ir


class StubModule:
    """Kernels as Python callables: ``effects[name](step)`` runs at each launch, if given."""

    def __init__(self, effects=None):
        self.effects = effects or {}
        self.log: list[tuple[str, tuple, tuple, int]] = []

    def get_function(self, name):
        def launch(grid, block, args):
            step = int(args[-1])
            self.log.append((name, grid, block, step))
            if name in self.effects:
                self.effects[name](step)

        return launch


def load(ir, effects=None):
    manifest = json.loads(generate_sources(ir, "test")[MANIFEST_NAME])
    module = StubModule(effects)
    runtime = CudaRuntime("stub.cubin", manifest, build_plan(ir), ir, xp=np, module=module)
    return runtime, module, manifest


def test_launch_shapes():
    assert launch_shape("single", 0, 256) == ((1,), (1,))
    assert launch_shape("threads", 1000, 256) == ((4,), (256,))
    assert launch_shape("warps", 9, 256) == ((2,), (256,))  # 9 rows of 32 threads
    assert launch_shape("blocks", 10, 256) == ((10,), (128,))
    assert launch_shape("blocks", 10**6, 256) == ((4096,), (128,))
    assert launch_shape("reduce", 0, 256) == ((1,), (256,))
    assert launch_shape("threads", 0, 256) is None


def test_kernels_launch_in_manifest_order_each_step():
    ir = scenario_ir("stdp")
    runtime, module, manifest = load(ir)
    runtime.run(3)
    names = [item["fn"] for item in manifest["launches"] if item["window"] < 0]  # rates: off
    assert [entry[0] for entry in module.log] == names * 3
    assert [entry[3] for entry in module.log] == [s for s in range(3) for _ in names]
    assert runtime.step == 3
    sizes = {p.owner: p.size for p in ir.populations}
    update = [e for e in module.log if e[0] == "update_pop1"][0]
    assert update[1] == ((sizes["pop1"] + 255) // 256,) and update[2] == (256,)


def test_get_set_round_trip_is_bit_exact():
    ir = scenario_ir("hebb_rate")
    runtime, _, _ = load(ir)
    pop = ir.populations[-1]
    values = np.random.default_rng(1).normal(size=pop.size)
    runtime.set(pop.owner, "r", values)
    got = runtime.get(pop.owner, "r")
    assert got.dtype == np.float64 and np.array_equal(got, values)
    runtime.set(pop.owner, "r", 0.25)  # broadcast
    assert np.array_equal(runtime.get(pop.owner, "r"), np.full(pop.size, 0.25))
    with pytest.raises(InvalidConfiguration, match=f"{pop.owner}.r"):
        runtime.set(pop.owner, "r", np.zeros(pop.size + 1))
    with pytest.raises(InvalidConfiguration, match="no attribute 'nope'"):
        runtime.get(pop.owner, "nope")


def test_masked_dense_storage_exchanges_csr_order():
    ir = scenario_ir("hebb_rate")
    proj = ir.projections[0]
    csr = proj.connectivity
    # drop the first synapse so that a dense matrix must be masked
    keep = np.arange(1, csr.nnz)
    rows = np.repeat(np.arange(csr.n_rows), np.diff(csr.row_ptr))[keep]
    row_ids, counts = np.unique(rows, return_counts=True)
    thinner = dataclasses.replace(
        csr,
        post_ranks=np.asarray(csr.post_ranks)[row_ids].astype(np.int32),
        row_ptr=np.concatenate(([0], np.cumsum(counts))).astype(np.int64),
        pre_ranks=np.asarray(csr.pre_ranks)[keep].astype(np.int32),
    )
    dense = dataclasses.replace(proj, connectivity=thinner, storage_format="dense")
    ir = dataclasses.replace(ir, projections=(dense,))
    runtime, _, _ = load(ir)
    weights = np.arange(1.0, thinner.nnz + 1.0)
    runtime.set(proj.owner, "w", weights)
    assert np.array_equal(runtime.get(proj.owner, "w"), weights)
    matrix = runtime._state.arrays[(proj.owner, "w")]
    npre = ir.populations[proj.pre].size
    assert matrix.size == thinner.n_rows * npre
    assert matrix.sum() == weights.sum() and np.count_nonzero(matrix) == thinner.nnz


def test_reset_restores_the_state_at_load():
    ir = scenario_ir("hebb_rate")
    pop = ir.populations[-1]
    runtime, _, _ = load(ir)
    before = runtime.get(pop.owner, "r")
    runtime.set(pop.owner, "r", 3.0)
    runtime.run(5)
    runtime.reset()
    assert runtime.step == 0
    assert np.array_equal(runtime.get(pop.owner, "r"), before)


def test_array_recorder_period_offset_and_drains(monkeypatch):
    monkeypatch.setattr(rec, "MAX_RECORDS", 3)  # drain the device buffer every 3 records
    ir = scenario_ir("hebb_rate")
    pop = ir.populations[-1]
    state = {}

    def bump(step):
        state["r"][...] = step + 1.0  # what "the kernel" leaves at the end of step `step`

    runtime, _, _ = load(ir, {f"update_{pop.owner}": bump})
    state["r"] = runtime._state.arrays[(pop.owner, "r")]
    rid = runtime.add_recorder(pop.owner, ["r"], period=2, offset=1)
    runtime.run(10)
    data = runtime.fetch(rid)["r"]
    assert data.shape == (5, pop.size)  # steps 1, 3, 5, 7, 9
    assert np.array_equal(data[:, 0], [2.0, 4.0, 6.0, 8.0, 10.0])
    runtime.pause(rid)
    runtime.run(2)
    assert runtime.fetch(rid)["r"].shape == (0, pop.size)
    runtime.resume(rid)
    runtime.run(2)  # steps 12, 13: 13 is recorded
    assert np.array_equal(runtime.fetch(rid)["r"][:, 0], [14.0])
    runtime.remove(rid)
    with pytest.raises(InvalidConfiguration, match="No recorder"):
        runtime.fetch(rid)


def test_spike_recorder_sorts_and_drains(monkeypatch):
    monkeypatch.setattr(rec, "SPIKE_STEPS", 2)
    spiked = np.array([4, 1, 3, 0, 0], dtype=np.int32)
    count = np.array([3], dtype=np.int64)

    def record_spikes(channel, step):  # what the ann_record_spikes kernel does
        base, n = int(channel.fill[0]), int(channel.count_view[0])
        channel.buffer[base : base + n] = step
        channel.ranks[base : base + n] = channel.source[:n]
        channel.fill[0] = base + n

    recorders = rec.RecorderSet(np, record_spikes)
    channel = rec.Channel("spike", spiked, True, count_view=count)
    rid = recorders.add(rec.Recorder("pop0", [channel], period=1, offset=0))
    for step in range(5):
        recorders.record(step, 1)
    steps, ranks = recorders.fetch(rid)["spike"]
    assert steps.tolist() == [s for s in range(5) for _ in range(3)]
    assert ranks.tolist() == [1, 3, 4] * 5


def clock_runtime(monkeypatch, max_records):
    monkeypatch.setattr(rec, "MAX_RECORDS", max_records)
    ir = scenario_ir("hebb_rate")
    pop = ir.populations[-1]
    state = {}

    def bump(step):
        state["r"][...] = step + 1.0

    runtime, _, _ = load(ir, {f"update_{pop.owner}": bump})
    state["r"] = runtime._state.arrays[(pop.owner, "r")]
    return runtime, pop


def test_array_recorder_step_loop_drains_every_full_buffer(monkeypatch):
    runtime, pop = clock_runtime(monkeypatch, 3)
    rid = runtime.add_recorder(pop.owner, ["r"])
    for _ in range(10):
        runtime.run(1)
    runtime.run(2)  # ends on a full buffer
    runtime.run(1)
    assert np.array_equal(runtime.fetch(rid)["r"][:, 0], np.arange(1.0, 14.0))


def test_recording_too_large_is_refused_before_running(monkeypatch):
    runtime, pop = clock_runtime(monkeypatch, 3)
    rid = runtime.add_recorder(pop.owner, ["r"])
    runtime.run(2)
    need = 10_000_000 * pop.size * 8
    monkeypatch.setattr(recording, "available_memory", lambda: need - 1)
    with pytest.raises(RecordingMemoryError, match=r"10000000 steps.*nothing was simulated"):
        runtime.run(10_000_000)
    assert runtime.step == 2
    monkeypatch.setattr(recording, "available_memory", lambda: need)
    runtime.check_recording(10_000_000)  # fits exactly
    assert runtime.fetch(rid)["r"].shape == (2, pop.size)


def test_recording_outgrowing_memory_stops_after_the_step_and_keeps_data(monkeypatch):
    runtime, pop = clock_runtime(monkeypatch, 3)
    rid = runtime.add_recorder(pop.owner, ["r"])
    monkeypatch.setattr(recording, "available_memory", lambda: 8)
    with pytest.raises(RecordingMemoryError, match="memory are available"):
        runtime.run(10)
    assert runtime.step == 3  # the step that filled the buffer completed
    assert np.array_equal(runtime.fetch(rid)["r"][:, 0], [1.0, 2.0, 3.0])


def test_a_write_that_does_not_fit_is_dropped_and_reported(monkeypatch):
    runtime, pop = clock_runtime(monkeypatch, 3)
    rid = runtime.add_recorder(pop.owner, ["r"])
    runtime.run(1)
    channel = runtime._recorders.get(rid).channels[0]
    channel.count = channel.capacity  # as if the buffer had not been drained
    with pytest.raises(RecordingMemoryError, match="1 record.*dropped"):
        runtime.run(1)
    channel.count = 1
    assert np.array_equal(runtime.fetch(rid)["r"][:, 0], [1.0])


def test_spike_kernel_overflow_is_reported(monkeypatch):
    monkeypatch.setattr(rec, "SPIKE_STEPS", 2)
    spiked = np.array([4, 1, 3, 0, 0], dtype=np.int32)
    count = np.array([5], dtype=np.int64)

    def record_spikes(channel, step):  # the kernel, given a buffer one step too short
        base, n = int(channel.fill[0]), int(channel.count_view[0])
        if base + n > channel.rows - 5:
            channel.fill[1] += 1
            return
        channel.buffer[base : base + n] = step
        channel.ranks[base : base + n] = channel.source[:n]
        channel.fill[0] = base + n

    recorders = rec.RecorderSet(np, record_spikes)
    channel = rec.Channel("spike", spiked, True, count_view=count)
    rid = recorders.add(rec.Recorder("pop0", [channel], period=1, offset=0))
    recorders.record(0, 1)
    recorders.record(1, 1)  # dropped by the kernel, seen when the buffer is drained
    assert recorders.pending
    with pytest.raises(RecordingMemoryError, match="pop0.spike.*1 record"):
        recorders.raise_pending()
    steps, _ = recorders.fetch(rid)["spike"]
    assert steps.tolist() == [0] * 5


def test_constants_and_learning_flags():
    ir = scenario_ir("hebb_rate")
    runtime, _, _ = load(ir)
    proj = build_plan(ir).projs[0]
    runtime.set_learning(proj.owner, False)
    assert runtime._state.ints[proj.int_learn] == 0
    with pytest.raises(InvalidConfiguration, match="not a projection"):
        runtime.set_learning("pop0", False)
    with pytest.raises(InvalidConfiguration, match="No constant named 'zzz'"):
        runtime.set_constant("zzz", 1.0)


class KeyedModule(StubModule):
    """A module that holds only the kernels of the manifest and the build key ``key``."""

    def __init__(self, manifest, key):
        super().__init__()
        self.names = {item["fn"] for item in manifest["launches"]} | {"ann_record_spikes"}
        self.names.add(f"ann_build_key_{key}")

    def get_function(self, name):
        if name not in self.names:
            raise LookupError(name)
        return super().get_function(name)


def test_an_image_of_another_build_is_refused():
    from ANNarchy.errors import BrokenBuildError

    ir = scenario_ir("rate_delays")
    manifest = json.loads(generate_sources(ir, "test")[MANIFEST_NAME])
    mine, other = "ab" * 32, "cd" * 32
    module = KeyedModule(manifest, mine)
    runtime = CudaRuntime("a.cubin", manifest, build_plan(ir), ir, xp=np, module=module, key=mine)
    assert runtime.step == 0
    with pytest.raises(BrokenBuildError, match="a.cubin does not hold its build key"):
        CudaRuntime("a.cubin", manifest, build_plan(ir), ir, xp=np, module=module, key=other)
    with pytest.raises(BrokenBuildError, match="built for another ABI"):
        CudaRuntime("a.cubin", {**manifest, "abi": -1}, build_plan(ir), ir, xp=np, module=module)
