"""Threads: one parallel region per run, the adaptive choice between one thread and the team,
and the settings taken from the environment (``annarchy_openmp.threads``)."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys

import numpy as np
import pytest
from ANNarchy.errors import InvalidConfiguration
from annarchy_openmp import OpenMPBackend, threads
from annarchy_openmp.layout import (
    INT_MIN_WORK,
    INT_PROBE_NS,
    INT_PROBE_STEPS,
    INT_STEP,
    INT_TEAM_POLICY,
    INT_TUNE_GAP,
    INT_TUNE_SERIAL,
    INT_TUNE_START,
    INT_TUNE_TEAM,
)
from irtools import (
    compile_network,
    csr_from_matrix,
    network,
    parse_neuron,
    parse_synapse,
    population,
    projection,
)

LEAKY = parse_neuron(
    "Leaky",
    parameters={"tau": 10.0},
    equations=["tau*dv/dt + v = sum(exc) + Uniform(0.0, 0.1)", "r = pos(v)", "m = mean(r)"],
)
LIF = parse_neuron(
    "Lif",
    parameters={"tau": 5.0},
    equations=["tau*dv/dt = -v + g_exc + 1.2", "tau*dg_exc/dt = -g_exc"],
    spike="v > 1.0",
    reset="v = 0.0",
)
HEBB = parse_synapse(
    "Hebb", parameters={"eta": 0.001}, equations="dw/dt = eta * pre.r * post.r : min=0.0, max=1.0"
)


def _network(size: int, num_threads: int):
    rng = np.random.default_rng(1)
    csr, w = csr_from_matrix(np.where(rng.uniform(size=(size, size)) < 0.01, 0.5, np.nan))
    spikes, _ = csr_from_matrix(np.where(rng.uniform(size=(size, size)) < 0.01, 0.5, np.nan))
    net = network(
        [population(0, size, LEAKY), population(1, size, LIF)],
        [
            projection(0, 0, 0, "exc", HEBB, csr),
            projection(1, 1, 1, "exc", parse_synapse("Lin"), spikes),
        ],
        num_threads=num_threads,
    )
    return net, w


def test_one_parallel_region_per_run_and_shared_loops_inside():
    source = OpenMPBackend().generate(_network(10, 2)[0])["network.cpp"]
    assert source.count("#pragma omp parallel") == 1  # ann_run_team's, none per kernel
    assert "parallel for" not in source
    # the loops of the rate-coded update (draws and update of pop0), of the weighted sum and of
    # the synapse update are shared by OpenMP; the spiking kernels take ranges (ann_share)
    assert source.count("#pragma omp for schedule(static)") == 5
    assert source.count("#pragma omp for schedule(static) nowait") == 1  # pop0's draw loop


def _team_kernel(source: str, name: str) -> str:
    start = source.index(f"static void {name}(")
    return source[start : source.index("\n}\n", start)]


def test_spiking_kernels_share_ranges_of_neurons_on_a_team():
    csr, _ = csr_from_matrix(np.where(np.eye(10, k=1) > 0, 0.5, np.nan))
    syn = parse_synapse("Pulse", pre_spike="g_target += w")
    net = network([population(1, 10, LIF)], [projection(1, 1, 1, "exc", syn, csr)])
    source = OpenMPBackend().generate(net)["network.cpp"]
    update = _team_kernel(source, "update_pop1_mt")
    # every thread updates its neurons and lists their spikes in its own range of `_emit`,
    # without waiting for the others (no barrier, nothing on one thread, also when disabled)
    assert "ann_share(n, _tid, _nth, &_lo, &_hi);" in update
    assert "for (int64_t i = _lo; i < _hi; i++)" in update
    assert "int64_t nspikes = _lo;" in update and "L__emit[nspikes++] = (int32_t)i;" in update
    assert "ann_team[_tid * ANN_TEAM_STRIDE + 0] = nspikes - _lo;" in update
    assert "#pragma omp" not in update
    # one thread joins the ranges in rank order where the team meets at the end of the step
    merge = _team_kernel(source, "update_pop1_merge")
    assert "memcpy(L__spiked + nspikes, L__emit + lo, (size_t)count * sizeof(int32_t));" in merge
    # the spikes reach each thread's post-synaptic neurons (a binary search per spike)
    propagate = _team_kernel(source, "propagate_proj1_mt")
    assert "ann_first_post(C_pre_post" in propagate and "#pragma" not in propagate
    # and each thread updates them at once: the step has no barrier between the propagation
    # and the update; the recording of the inputs (only at steps where a channel records)
    # waits for every thread first, and its last thread records
    step = _team_kernel(source, "ann_step_team")
    between = step[step.index("propagate_proj1_mt(S, step);") : step.index("update_pop1_mt(")]
    assert "#pragma omp barrier" not in between
    assert between.count("#pragma omp single") == 1  # a small propagation: on one thread
    assert "if (ann_recording(S, step, 0)) {\n        if (ann_arrive(run, nth)) {" in between
    # the end of the step: one meeting (no barrier), whose last thread merges the spikes,
    # records and ends the step
    end = step[step.index("update_pop1_mt(") :]
    assert "#pragma omp" not in end.replace("#pragma omp single\n            update_pop1(", "")
    meeting = end[end.index("if (ann_arrive(run, nth)) {") :]
    calls = [
        "update_pop1_merge(S, step);",
        "ann_record(S, step, 1);",
        "ann_end_step(S, step, n, run);",
        "ann_release(run);",
    ]
    assert [meeting.index(c) for c in calls] == sorted(meeting.index(c) for c in calls)


def test_spike_loops_fetch_the_rows_of_later_spikes():
    def prefetch(pre_spike: str) -> list[str]:
        csr, _ = csr_from_matrix(np.where(np.eye(10, k=1) > 0, 0.5, np.nan))
        syn = parse_synapse("Pulse", pre_spike=pre_spike)
        net = network([population(1, 10, LIF)], [projection(1, 1, 1, "exc", syn, csr)])
        source = OpenMPBackend().generate(net)["network.cpp"]
        return [
            line.strip()
            for name in ("propagate_proj1", "propagate_proj1_mt")
            for line in _team_kernel(source, name).splitlines()
            if "ann_prefetch_spike(" in line
        ]

    # a weight per synapse: the synapse indices of the rows too; a constant: the ranks only
    assert prefetch("g_target += w") == [
        "ann_prefetch_spike(spikes, m, nspikes, C_pre_ptr, C_pre_post, C_pre_syn, 0.0, 1.0);",
        "ann_prefetch_spike(spikes, m, nspikes, C_pre_ptr, C_pre_post, C_pre_syn, _flo, _fhi);",
    ]
    assert prefetch("g_target += 0.5") == [
        "ann_prefetch_spike(spikes, m, nspikes, C_pre_ptr, C_pre_post, NULL, 0.0, 1.0);",
        "ann_prefetch_spike(spikes, m, nspikes, C_pre_ptr, C_pre_post, NULL, _flo, _fhi);",
    ]


def _update_waits(pre_spike: str, neuron=LIF) -> bool:
    """Whether the team step of a recurrent network waits for every thread's propagation before
    the update (otherwise only the recording of the inputs waits, at steps where it records)."""
    csr, _ = csr_from_matrix(np.where(np.eye(10, k=1) > 0, 0.5, np.nan))
    syn = parse_synapse("Pulse", pre_spike=pre_spike)
    net = network([population(1, 10, neuron)], [projection(1, 1, 1, "exc", syn, csr)])
    step = _team_kernel(OpenMPBackend().generate(net)["network.cpp"], "ann_step_team")
    between = step[step.index("propagate_proj1_mt(S, step);") : step.index("update_pop1_mt(")]
    recording = between[between.index("if (ann_recording(S, step, 0))") :]
    waits = "#pragma omp barrier" in between
    assert between.count("#pragma omp barrier") == int(waits)
    assert ("ann_arrive" in recording) != waits  # the recording waits itself when nothing did
    return waits


def test_the_update_waits_for_propagations_that_read_what_it_writes():
    assert not _update_waits("g_target += w")
    # reading the pre-synaptic neurons' own variables (any rank) races with their update
    assert _update_waits("g_target += w * pre.v")
    # post-synaptic variables are read at the thread's own neurons only
    assert not _update_waits("g_target += w * post.v")
    # global equations of the neuron run on one thread while others may still propagate
    drifting = parse_neuron(
        "LIFDrift",
        parameters={"tau": 10.0, "tau_d": 100.0},
        equations=["tau * dv/dt = -v + g_exc", "tau_d * dd/dt = 1.0 : population"],
        spike="v > 1.0",
        reset="v = 0.0",
    )
    assert _update_waits("g_target += w", drifting)


def test_events_writing_shared_data_stay_on_one_thread():
    from annarchy_openmp.kernels_spike import owned_targets

    syn = parse_synapse(
        "Counting",
        equations=["n = n : postsynaptic", "total = total : projection"],
        pre_spike=["g_target += w", "n += 1"],
    )
    assert owned_targets(syn.pre_spike, syn.attributes, ("local", "semiglobal"))
    shared = parse_synapse(
        "Total", equations="total = total : projection", pre_spike=["g_target += w", "total += 1"]
    )
    assert not owned_targets(shared.pre_spike, shared.attributes, ("local", "semiglobal"))
    lif = parse_neuron(
        "Counter",
        equations=["dv/dt = 1.0", "count = count : population"],
        spike="v > 1.0",
        reset="v = 0.0; count += 1",
    )
    assert not owned_targets(lif.reset, lif.attributes, ("local",))
    assert owned_targets(LIF.reset, LIF.attributes, ("local",))


def test_adaptive_run_measures_both_ways_and_gives_the_same_numbers(cache_dir):
    results = []
    for num_threads in (1, 2):
        net, w = _network(3000, num_threads)
        rt = compile_network(net, cache_dir)
        rt.set("proj0", "w", w)
        rt.run(60)
        ints = rt._state.ints
        if num_threads == 1:  # one thread never measures
            assert ints[INT_TUNE_SERIAL] == 0 and ints[INT_TUNE_TEAM] == 0
        else:  # probes of 16 steps each way in turn, twice (the last one 12 steps), then chunks
            assert ints[INT_TUNE_SERIAL] > 0 and ints[INT_TUNE_TEAM] > 0
            assert ints[INT_TUNE_START] == 4
        results.append([rt.get("pop0", "r").copy(), rt.get("proj0", "w"), rt.get("pop1", "v")])
    for a, b in zip(*results, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(("probe_ns", "steps", "probes"), [(10**10, 16, 1), (1, 8, 4)])
def test_a_probe_ends_once_it_has_timed_long_enough(
    cache_dir, monkeypatch, probe_ns, steps, probes
):
    # the first probe runs on one thread: 16 steps where steps are short against the probe's
    # time (here 10 s), so it takes all 16 steps of the run; where a step is longer than that
    # time (here 1 ns), every probe ends after 2 steps (the first is not timed), so 8 steps are
    # the 4 probes of the start, and a network with slow steps runs few on the slower way
    monkeypatch.setattr(threads, "PROBE_NS", probe_ns)
    net, w = _network(3000, 2)
    rt = compile_network(net, cache_dir)
    rt.set("proj0", "w", w)
    rt.run(steps)
    ints = rt._state.ints
    assert ints[INT_TUNE_START] == probes
    assert ints[INT_PROBE_STEPS] == steps
    assert ints[INT_STEP] == steps


def test_networks_below_the_threshold_stay_on_one_thread(cache_dir, monkeypatch):
    monkeypatch.setenv("ANNARCHY_MIN_WORK", "100000")
    net, w = _network(3000, 2)
    rt = compile_network(net, cache_dir)
    rt.run(20)
    assert rt._state.ints[INT_TUNE_TEAM] == 0  # no loop is large enough to share


def test_probes_of_the_slower_way_grow_apart_while_they_confirm_the_choice(cache_dir, monkeypatch):
    # a team sharing loops over 10 neurons only adds synchronisation: one thread stays faster,
    # and each probe of the team confirms it, so the gap between probes doubles up to 16 chunks
    # (1 + 2 + 4 + 8 chunks of 256 steps, then 16)
    monkeypatch.setenv("ANNARCHY_MIN_WORK", "0")
    net, w = _network(10, 2)
    rt = compile_network(net, cache_dir)
    rt.run(256 * 20)
    ints = rt._state.ints
    assert 0 < ints[INT_TUNE_SERIAL] < ints[INT_TUNE_TEAM]
    assert ints[INT_TUNE_GAP] == 16


def test_thread_settings_from_the_environment(monkeypatch):
    monkeypatch.delenv("ANNARCHY_MIN_WORK", raising=False)
    monkeypatch.delenv("ANNARCHY_THREAD_POLICY", raising=False)
    probe = {INT_PROBE_NS: threads.PROBE_NS}
    assert threads.thread_settings() == {
        INT_MIN_WORK: threads.MIN_WORK,
        INT_TEAM_POLICY: 0,
        **probe,
    }
    monkeypatch.setenv("ANNARCHY_MIN_WORK", "0")
    monkeypatch.setenv("ANNARCHY_THREAD_POLICY", "team")
    assert threads.thread_settings() == {INT_MIN_WORK: 0, INT_TEAM_POLICY: 1, **probe}
    monkeypatch.setenv("ANNARCHY_MIN_WORK", "-3")
    with pytest.raises(InvalidConfiguration, match="ANNARCHY_MIN_WORK must be a non-negative"):
        threads.thread_settings()
    monkeypatch.setenv("ANNARCHY_MIN_WORK", "12")
    monkeypatch.setenv("ANNARCHY_THREAD_POLICY", "fast")
    with pytest.raises(InvalidConfiguration, match="'adaptive', 'team'.*not 'fast'"):
        threads.thread_settings()


def test_idle_threads_spin_less_unless_the_user_chose(monkeypatch):
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    monkeypatch.delenv("GOMP_SPINCOUNT", raising=False)
    monkeypatch.setattr(threads, "openmp_loaded", lambda: True)
    threads.prepare_openmp()  # too late: the runtime read its settings when it loaded
    assert "GOMP_SPINCOUNT" not in os.environ
    monkeypatch.setattr(threads, "openmp_loaded", lambda: False)
    threads.prepare_openmp()
    assert os.environ["GOMP_SPINCOUNT"] == threads.SPIN_COUNT
    monkeypatch.setenv("GOMP_SPINCOUNT", "7")
    threads.prepare_openmp()
    assert os.environ["GOMP_SPINCOUNT"] == "7"


@pytest.mark.skipif(not os.path.exists("/proc/self/maps"), reason="reads /proc/self/maps")
def test_idle_threads_spin_less_once_the_plugins_are_loaded():
    # the native helpers link OpenMP's runtime: loading the plugins must not load it before
    # the spin bound is set (a fresh process, without the user's OpenMP settings)
    env = {k: v for k, v in os.environ.items() if k not in ("GOMP_SPINCOUNT", "OMP_WAIT_POLICY")}
    script = (
        "import os, ANNarchy as ann\n"
        "ann.Network()\n"
        "print(os.environ.get('GOMP_SPINCOUNT'), 'libgomp' in open('/proc/self/maps').read())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    spin, loaded = out.stdout.split()
    assert loaded == "False" or spin == threads.SPIN_COUNT


def test_spike_merges_run_where_the_team_meets_next():
    from annarchy_openmp.team_step import Call, team_blocks

    prop = Call("prop", "prop_mt", work="I[1]", grouped=True)
    upd0 = Call("upd0", "upd0_mt", work="I[1]", merge="upd0_merge")
    upd1 = Call("upd1", "upd1_mt", work="I[2]", merge="upd1_merge")
    record = Call(None, phase=1)
    syn = Call("syn", "syn_mt", work="I[3]")
    gop = Call("gop")

    def layout(calls):
        return [
            (b.kind, [c.serial for c in b.calls], b.unsynced, [c.merge for c in b.merges])
            for b in team_blocks(calls)
        ]

    # two updates one after the other, their merges where the threads next meet: at the start of
    # the single block after them, which then waits for every thread
    assert layout([prop, upd0, upd1, gop, record]) == [
        ("grouped", ["prop"], False, []),
        ("shared", ["upd0"], False, []),
        ("shared", ["upd1"], False, []),
        ("single", ["gop", None], True, ["upd0_merge", "upd1_merge"]),
    ]
    # before a recording alone (skipped at steps without one) or a shared loop: a block of their own
    assert layout([prop, upd0, record, syn, gop]) == [
        ("grouped", ["prop"], False, []),
        ("shared", ["upd0"], False, []),
        ("single", [], True, ["upd0_merge"]),
        ("single", [None], False, []),
        ("shared", ["syn"], False, []),
        ("single", ["gop"], False, []),
    ]
    assert layout([upd0, syn]) == [
        ("shared", ["upd0"], False, []),
        ("single", [], True, ["upd0_merge"]),
        ("shared", ["syn"], False, []),
    ]
    # the last update of the step: the merge ends the step
    assert layout([upd1]) == [("shared", ["upd1"], False, []), ("single", [], True, ["upd1_merge"])]
    # the cuts of a team move where its step ends at a meeting: the last thread weighs them
    from annarchy_openmp.team_step import balanced

    assert balanced(team_blocks([prop, upd0, upd1, gop, record]))
    assert balanced(team_blocks([upd1]))
    assert not balanced(team_blocks([prop, upd0, record, syn, gop]))


def _pulses(size: int, num_threads: int):
    """LIF neurons driven by pulses through random rows of about 40 synapses (the spike loops
    locate each thread's part of a row)."""
    rng = np.random.default_rng(3)
    csr, w = csr_from_matrix(np.where(rng.uniform(size=(size, size)) < 0.1, 0.005, np.nan))
    syn = parse_synapse("Pulse", pre_spike="g_target += w")
    pops = [population(1, size, LIF)]
    net = network(pops, [projection(1, 1, 1, "exc", syn, csr)], num_threads=num_threads)
    return net, w


def test_the_last_thread_moves_the_cuts_towards_the_faster_threads(cache_dir):
    import ctypes

    rt = compile_network(_pulses(40, 2)[0], cache_dir)
    rebalance = rt._lib.ann_rebalance
    rebalance.argtypes = [ctypes.c_void_p, ctypes.c_int]

    def moved(cuts, busy):
        nt = len(busy)
        bal = threads.balance_array(nt)
        bal[1 : nt + 2] = cuts
        bal[nt + 2 : 2 * nt + 2] = busy
        bal[2 * nt + 2] = 64.0
        rebalance(bal.ctypes.data, nt)
        assert not bal[nt + 2 : 2 * nt + 3].any()  # new sums start
        return bal[1 : nt + 2]

    # thread 1 took three times as long: halfway from 1/2 towards 3/4 for thread 0
    np.testing.assert_allclose(moved([0, 0.5, 1], [1e6, 3e6]), [0, 0.625, 1])
    # shares stay between half and 1.5 times an equal share
    np.testing.assert_allclose(moved([0, 0.7, 1], [1e6, 1e8]), [0, 0.75, 1])
    # three threads, the last one half as fast: towards shares 0.4, 0.4, 0.2
    np.testing.assert_allclose(
        moved([0, 1 / 3, 2 / 3, 1], [1e6, 1e6, 2e6]), [0, 11 / 30, 22 / 30, 1]
    )
    # no measurement: the cuts stay
    np.testing.assert_allclose(moved([0, 0.6, 1], [0.0, 0.0]), [0, 0.6, 1])


def test_any_cuts_of_a_balanced_team_give_the_numbers_of_one_thread(cache_dir, monkeypatch):
    monkeypatch.setenv("ANNARCHY_MIN_WORK", "0")
    monkeypatch.setenv("ANNARCHY_THREAD_POLICY", "team")
    results = {}
    for num_threads, cuts in (
        (1, None),
        (2, [0, 0.5, 1]),
        (2, [0, 0.27, 1]),
        (3, [0, 0.1, 0.9, 1]),
    ):
        net, w = _pulses(400, num_threads)
        rt = compile_network(net, cache_dir)
        rt.set("proj1", "w", w)
        rt.set("pop1", "v", np.random.default_rng(4).uniform(0.0, 1.0, 400))
        if cuts is not None:
            rt._state.balance[1 : num_threads + 2] = cuts
        rt.run(300)
        results[num_threads, str(cuts)] = (rt.get("pop1", "v").copy(), rt.get("pop1", "g_exc"))
        if num_threads > 1:
            bal = rt._state.balance
            # one team run of 300 steps: its last thread summed steps 2 to 300 and moved the cuts
            # every 64 of them (the first step, which wakes the threads up, is not weighed)
            assert bal[2 * num_threads + 2] == 299 % 64
            assert bal[1] == 0 and bal[num_threads + 1] == 1
            assert np.all(np.diff(bal[1 : num_threads + 2]) >= 0.5 / num_threads - 1e-12)
    reference = results[1, "None"]
    assert reference[0].min() < 0.5 < reference[0].max()  # neurons spiked and were reset
    for key, (v, g) in results.items():
        np.testing.assert_array_equal(v, reference[0], err_msg=str(key))
        np.testing.assert_array_equal(g, reference[1], err_msg=str(key))


@pytest.mark.skipif(
    platform.machine() not in ("x86_64", "AMD64") or shutil.which("objdump") is None,
    reason="reads x86-64 machine code with objdump",
)
def test_the_compiled_spike_loops_prefetch(cache_dir):
    # GCC takes a function that only prefetches for one without effect and drops its calls
    # unless it is inlined first (ann_prefetch_spike is always inlined)
    rt = compile_network(_pulses(40, 1)[0], cache_dir)
    code = subprocess.run(
        ["objdump", "-d", rt._lib._name], capture_output=True, text=True, check=True
    ).stdout
    assert code.count("prefetch") >= 4  # row pointers and rows, serial and team spike loops
