"""Structural plasticity in core: connectivity edits, checks, and the periodic rules, with the
fake backend (its runtime gets a recording ``set_connectivity``)."""

from __future__ import annotations

import copy

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.core.structural import StructuralError
from ANNarchy.errors import BackendCapabilityError

RATE = ann.Neuron(parameters="baseline = 0.0", equations="r = baseline")


def _net(structural=True, seed=3):
    net = ann.Network(dt=1.0, seed=seed)
    net.config(paradigm="fake", structural_plasticity=structural)
    pre = net.create(4, RATE)
    post = net.create(3, RATE)
    return net, pre, post


def _shim(runtime):
    """Give the fake runtime a ``set_connectivity`` that keeps what it receives."""
    runtime.calls = []

    def set_connectivity(owner, csr, values):
        runtime.calls.append((owner, csr, values))
        for name, array in values.items():
            runtime.store[owner][name] = np.array(array, dtype=float)

    runtime.set_connectivity = set_connectivity
    return runtime


def test_methods_need_the_flag(fake_backend):
    net, pre, post = _net(structural=False)
    syn = ann.Synapse(parameters="T = 1.0 : projection", pruning="w > T")
    proj = net.connect(pre, post, "exc", syn)
    proj.all_to_all(weights=1.0)
    for call in (
        lambda: proj.dendrite(0).create_synapse(0, 1.0),
        lambda: proj.dendrite(0).prune_synapses([0, 1]),
        lambda: proj.start_pruning(2.0),
    ):
        with pytest.raises(StructuralError, match=r"net.config\(structural_plasticity=True\)"):
            call()
    assert proj.nb_synapses == 12


def test_edits_before_compile_keep_csr_order_and_values(fake_backend):
    net, pre, post = _net()
    syn = ann.Synapse(parameters="tau = 5.0", equations="x = 0.0 : init = 2.0")
    proj = net.connect(pre[0:3], post, "exc", syn)
    proj.all_to_all(weights=1.0)
    assert proj.w == [[1.0] * 3] * 3  # one weight per synapse under structural plasticity
    proj.dendrite(1).prune_synapses([0, 2])
    proj.tau = [[1.0, 2.0, 3.0], [4.0], [5.0, 6.0, 7.0]]
    proj.dendrite(1).create_synapses([2, 0], weights=[0.5, 0.25])
    assert proj.nb_synapses == 9 and proj.nb_synapses_per_dendrite == [3, 3, 3]
    assert proj.pre_ranks[1] == [0, 1, 2]
    assert proj.w[1] == [0.25, 1.0, 0.5]
    assert proj.tau[1] == [5.0, 4.0, 5.0]  # new synapses: the initial value
    assert proj.x[1] == [2.0, 2.0, 2.0]
    with pytest.raises(StructuralError, match="rank 3 is not part"):
        proj.dendrite(0).prune_synapse(3)  # outside the pre-synaptic view pre[0:3]
    with pytest.raises(StructuralError, match="same rank twice"):
        proj.dendrite(0).prune_synapses([1, 1])
    proj.dendrite(0).prune_synapses([0, 1])
    with pytest.raises(StructuralError, match="2 ranks but 3 weights"):
        proj.dendrite(0).create_synapses([0, 1], weights=[1, 2, 3])
    with pytest.raises(StructuralError, match="integers"):
        proj.dendrite(0).create_synapse(0.5)


def test_compiled_edit_hands_csr_and_values_to_the_runtime(fake_backend):
    net, pre, post = _net()
    proj = net.connect(pre, post, "exc")
    proj.fixed_number_pre(2, weights=1.0)
    net.compile(silent=True)
    rt = _shim(fake_backend.runtime)
    assert fake_backend.generated.projections[0].storage_format == "lil"
    before = np.asarray(proj._csr().pre_ranks).copy()
    missing = sorted(set(range(4)) - set(before[:2].tolist()))[0]
    proj.dendrite(0).create_synapse(missing, 0.75)
    owner, csr, values = rt.calls[-1]
    assert owner == "proj0" and csr.delays is None
    assert csr.row_ptr.tolist() == [0, 3, 5, 7]
    assert csr.pre_ranks[:3].tolist() == sorted([*before[:2].tolist(), missing])
    assert sorted(values) == ["w"]
    assert sorted(values["w"][:3].tolist()) == [0.75, 1.0, 1.0]
    assert proj.nb_synapses == 7 and proj.connectivity.csr is not None


def test_runtime_without_support_gives_a_clear_error(fake_backend):
    net, pre, post = _net()
    proj = net.connect(pre, post, "exc")
    proj.all_to_all(weights=1.0)
    net.compile(silent=True)
    match = "'fake' backend does not support changing the synapses of a compiled network"
    with pytest.raises(BackendCapabilityError, match=match):
        proj.dendrite(0).prune_synapse(0)


def test_dense_storage_is_refused_at_compile(fake_backend):
    net, pre, post = _net()
    proj = net.connect(pre, post, "exc", storage_format="dense")
    proj.all_to_all(weights=1.0)
    with pytest.raises(StructuralError, match="densely stored"):
        net.compile(silent=True)


def test_creating_draws_its_probability_from_the_network_rng(fake_backend):
    syn = ann.Synapse(
        parameters="k = 2.0 : projection",
        creating=ann.Creating("double(pre.r) + post.r > k * c", proba=0.5, w=0.1),
        functions="double(x) = 2 * x",
    )
    net, pre, post = _net()
    net.constant("c", 1.0)
    proj = net.connect(pre, post, "exc", syn)
    proj.from_matrix(np.array([[1.0, None, None, None], [None, 1.0, None, None], [None] * 4]))
    net.compile(silent=True)
    _shim(fake_backend.runtime)
    fake_backend.runtime.store["pop0"]["r"][...] = [1.0, 0.0, 2.0, 0.0]
    fake_backend.runtime.store["pop1"]["r"][...] = [0.0, 1.5, 0.5]
    # candidates: unconnected (row, pre) pairs of the existing dendrites (post 2 has none),
    # row-major; condition 2 * pre.r + post.r > 2
    rows = [0, 0, 0, 1, 1, 1]
    pres = [1, 2, 3, 0, 2, 3]
    cond = [False, True, False, True, True, False]
    draws = copy.deepcopy(net.default_rng).random(6) < 0.5
    proj.start_creating(period=4.0)
    net.step()  # step 0 is a multiple of the period
    made = np.flatnonzero(np.asarray(cond) & draws)
    assert 0 < made.size < 3  # the seed gives a mix
    expected = [[0], [1]]
    for k in made:
        expected[rows[k]].append(pres[k])
    assert proj.pre_ranks == [sorted(r) for r in expected]
    assert sorted(sum(proj.w, [])) == [0.1] * made.size + [1.0, 1.0]
    rt_r = fake_backend.runtime.store["pop1"]["r"]
    rt_r[...] = 10.0  # every pair now meets the condition, but steps 1-3 are not checked
    net.simulate(3.0)
    assert proj.nb_synapses == 2 + made.size


def test_pruning_reads_semiglobal_and_post_values(fake_backend):
    syn = ann.Synapse(
        parameters="m = 0.0 : postsynaptic",
        equations="age = 0.0",
        pruning=ann.Pruning("age > m and post.r > 0"),
    )
    net, pre, post = _net()
    proj = net.connect(pre, post, "exc", syn)
    proj.all_to_all(weights=1.0)
    net.compile(silent=True)
    rt = _shim(fake_backend.runtime)
    proj.m = [0.5, 2.5, 0.5]
    rt.store["proj0"]["age"][...] = np.tile([0.0, 1.0, 2.0, 3.0], 3)
    rt.store["pop1"]["r"][...] = [1.0, 1.0, 0.0]
    with pytest.raises(StructuralError, match="at least dt"):
        proj.start_pruning(period=0.2)
    proj.start_pruning()
    net.step()
    assert proj.pre_ranks == [[0], [0, 1, 2], [0, 1, 2, 3]]
    proj.stop_pruning()
    rt.store["proj0"]["age"][...] = 5.0
    net.step()
    assert proj.nb_synapses == 8
