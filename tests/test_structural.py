"""Structural plasticity on a compiled network: dendrite-level creation/pruning and the
``creating``/``pruning`` rules of a synapse. Expected numbers are hand-computed; the step at which
rules act and the resulting connectivity were checked against the reference (5.0.4.1)."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.core.structural import StructuralError

INPUT = ann.Neuron(parameters="r0 = 0.0", equations="r = r0")
SUM = ann.Neuron(equations="r = sum(exc)")
CLOCK = ann.Neuron(parameters="off = 0.0", equations="r = t + off")


def _rate_net(backend, structural=True):
    net = ann.Network(dt=1.0, seed=1)
    net.config(paradigm=backend, structural_plasticity=structural)
    inp = net.create(3, INPUT)
    out = net.create(2, SUM)
    proj = net.connect(inp, out, "exc")
    proj.all_to_all(weights=1.0)
    net.compile(silent=True)
    inp.r0 = [1.0, 2.0, 4.0]
    return net, inp, out, proj


def test_pruned_synapse_stops_transmitting_and_created_one_starts(backend):
    net, _, out, proj = _rate_net(backend)
    assert proj.w == [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]  # one weight per synapse
    net.simulate(2.0)
    np.testing.assert_array_equal(out.r, [7.0, 7.0])
    proj.dendrite(0).prune_synapse(1)
    assert proj.nb_synapses == 5
    assert proj.nb_synapses_per_dendrite == [2, 3]
    assert proj.dendrite(0).pre_ranks == [0, 2]
    assert proj.w == [[1.0, 1.0], [1.0, 1.0, 1.0]]
    net.step()
    np.testing.assert_array_equal(out.r, [5.0, 7.0])  # lost exactly 1.0 * r(1) = 2
    proj.dendrite(0).create_synapse(1, 0.5)
    assert proj.dendrite(0).pre_ranks == [0, 1, 2]
    assert proj.dendrite(0).w == [1.0, 0.5, 1.0]
    net.step()
    np.testing.assert_array_equal(out.r, [6.0, 7.0])  # gained 0.5 * 2 from the next step
    proj.dendrite(1).prune_synapses([0, 1, 2])
    assert proj.nb_synapses == 3 and proj.post_ranks == [0, 1]  # the empty dendrite stays
    assert proj.dendrite(1).pre_ranks == []
    net.step()
    np.testing.assert_array_equal(out.r, [6.0, 0.0])
    proj.dendrite(1).create_synapses([2, 0], weights=[0.25, 3.0])
    net.step()
    np.testing.assert_array_equal(out.r, [6.0, 4.0])  # 3 * 1 + 0.25 * 4


def test_bad_structural_calls_are_refused(backend):
    net, _, _, proj = _rate_net(backend, structural=False)
    with pytest.raises(StructuralError, match="structural_plasticity=True"):
        proj.dendrite(0).prune_synapse(1)
    net, _, _, proj = _rate_net(backend)
    proj.dendrite(0).prune_synapse(1)
    with pytest.raises(StructuralError, match="neuron 1 to prune"):
        proj.dendrite(0).prune_synapses([0, 1])
    with pytest.raises(StructuralError, match="already exists"):
        proj.dendrite(0).create_synapse(0, 0.5)
    with pytest.raises(StructuralError, match="rank 3 is not part"):
        proj.dendrite(0).create_synapse(3, 0.5)
    with pytest.raises(StructuralError, match="no 'pruning' condition"):
        proj.start_pruning(1.0)
    assert proj.nb_synapses == 5  # the refused calls changed nothing


def test_spiking_transmission_follows_the_connectivity(backend):
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend, structural_plasticity=True)
    fire = net.create(3, ann.Neuron(equations="v = 1.0", spike="v > 0.5"))
    out = net.create(1, ann.Neuron(equations="v = g_exc", spike="v > 1000.0"))
    proj = net.connect(fire, out, "exc")
    proj.from_matrix(np.array([[1.0, 2.0, 4.0]]))
    m = net.monitor(out, "v")
    net.compile(silent=True)
    net.simulate(3.0)
    proj.dendrite(0).prune_synapse(1)
    net.simulate(2.0)
    proj.dendrite(0).create_synapse(1, 8.0)
    net.simulate(2.0)
    # spikes of step s arrive at step s + 1
    np.testing.assert_array_equal(m.get("v")[:, 0], [0, 7, 7, 5, 5, 13, 13])


def test_new_synapses_of_a_non_uniform_projection_use_their_delay(backend):
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend, structural_plasticity=True)
    clock = net.create(2, CLOCK)
    out = net.create(1, SUM)
    clock.off = [0.0, 100.0]
    proj = net.connect(clock, out, "exc")
    proj.from_matrix(np.array([[1.0, 1.0]]), delays=np.array([[1.0, 3.0]]))
    net.compile(silent=True)
    net.simulate(5.0)
    assert out.r[0] == 3.0 + 101.0  # r(4) = clock0(3) + clock1(1)
    proj.dendrite(0).prune_synapse(1)
    proj.dendrite(0).create_synapse(1, 1.0, delay=4.0)  # above the 3 steps kept: they grow
    assert (proj.delay, proj.max_delay) == ([[1.0, 4.0]], 4)
    net.step()
    assert out.r[0] == 4.0  # clock0(4) + clock1(1), a step the history did not keep: 0
    net.step()
    assert out.r[0] == 5.0 + 102.0  # clock0(5) + clock1(2)
    proj.dendrite(0).prune_synapse(1)
    proj.dendrite(0).create_synapse(1, 1.0, delay=2.0)
    net.step()
    assert out.r[0] == 6.0 + 105.0  # clock0(6) + clock1(5)
    assert proj.delay == [[1.0, 2.0]]


def test_uniform_projection_refuses_another_delay(backend):
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend, structural_plasticity=True)
    clock = net.create(2, CLOCK)
    out = net.create(1, SUM)
    proj = net.connect(clock, out, "exc")
    proj.all_to_all(weights=1.0, delays=2.0)
    net.compile(silent=True)
    proj.dendrite(0).prune_synapse(0)
    with pytest.raises(StructuralError, match="share the delay 2.0 ms"):
        proj.dendrite(0).create_synapse(0, 1.0, delay=3.0)
    proj.dendrite(0).create_synapse(0, 1.0)  # default: the projection's delay
    proj.dendrite(0).prune_synapse(1)
    net.simulate(6.0)
    assert out.r[0] == 3.0  # clock0 two steps earlier


AGING = ann.Synapse(
    parameters="T = 4 : projection",
    equations="age = age + 1 : init=0",
    pruning=ann.Pruning("age > T"),
)


def test_pruning_rule_acts_at_the_multiples_of_its_period(backend):
    net = ann.Network(dt=1.0, seed=1)
    net.config(paradigm=backend, structural_plasticity=True)
    pre, post = net.create(3, INPUT), net.create(3, INPUT)
    every = net.connect(pre, post, "a", AGING)
    every.one_to_one(weights=1.0)
    late = net.connect(pre, post, "b", AGING)
    late.one_to_one(weights=1.0)
    net.compile(silent=True)
    late.T = 0
    every.start_pruning(period=1.0)
    net.simulate(2.0)
    late.start_pruning(period=3.0)
    counts = []
    for _ in range(4):
        net.step()
        counts.append((every.nb_synapses, late.nb_synapses))
    # reference: 'late' (age > 0 from step 0) goes at the end of step 3 (3 % 3 == 0, not at
    # the start call at step 2); 'every' at the end of step 4, when age reaches 5 > 4
    assert counts == [(3, 3), (3, 0), (0, 0), (0, 0)]
    every.stop_pruning()
    net.simulate(3.0)


def test_creating_rule_connects_active_pairs_including_self_connections(backend):
    grow = ann.Synapse(
        parameters="T = 1.5 : projection",
        equations="x = x + 1 : init=0",
        creating=ann.Creating("pre.r * post.r > T", w=0.25),
    )
    net = ann.Network(dt=1.0, seed=1)
    net.config(paradigm=backend, structural_plasticity=True)
    a, b = net.create(3, INPUT), net.create(3, INPUT)
    ab = net.connect(a, b, "inh", grow)
    ab.one_to_one(weights=1.0)
    bb = net.connect(b, b, "c", grow)
    bb.from_matrix(np.array([[None, 0.5, None], [None, None, 0.5], [0.5, None, None]]))
    net.compile(silent=True)
    a.r0, b.r0 = [1.0, 2.0, 1.0], [1.0, 1.0, 2.0]
    net.simulate(8.0)
    ab.start_creating(period=3.0)
    bb.start_creating(period=3.0)
    net.step()
    assert ab.pre_ranks == [[0], [1], [2]]  # step 8: not a multiple of 3
    net.step()  # step 9
    assert ab.pre_ranks == [[0, 1], [1], [0, 1, 2]]
    assert ab.w == [[1.0, 0.25], [1.0], [0.25, 0.25, 1.0]]
    assert ab.x == [[10.0, 0.0], [10.0], [0.0, 0.0, 10.0]]  # created after the update
    b.r0 = [2.0, 2.0, 2.0]
    net.simulate(3.0)  # step 12
    assert bb.pre_ranks == [[0, 1, 2], [0, 1, 2], [0, 1, 2]]
    np.testing.assert_array_equal(bb.w, [[0.25, 0.5, 0.25], [0.25, 0.25, 0.5], [0.5, 0.25, 0.25]])
    net.step()
    assert ab.x[0] == [14.0, 4.0, 1.0]  # (0, 2) was created at step 12
    ab.stop_creating()


def test_dendrite_monitor_across_pruning_and_reset(backend):
    net, _, out, proj = _rate_net(backend)
    m = net.monitor(proj.dendrite(0), "w")
    mp = net.monitor(proj, "w")
    net.simulate(2.0)
    proj.dendrite(0).prune_synapse(0)
    proj.dendrite(0).w = [2.0, 3.0]
    net.simulate(1.0)
    assert m.get("w") == [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [2.0, 3.0]]
    assert mp.get("w")[2] == [[2.0, 3.0], [1.0, 1.0, 1.0]]
    net.reset(populations=False, projections=True)
    assert proj.w == [[2.0, 3.0], [1.0, 1.0, 1.0]]  # synapses and weights kept (reference)
    net.step()
    np.testing.assert_array_equal(out.r, [16.0, 7.0])
    net.reset(populations=False, projections=True, synapses=True)
    assert proj.w == [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]  # the synapses and values of compile
    net.step()
    np.testing.assert_array_equal(out.r, [7.0, 7.0])


def test_rules_also_act_during_simulate_until(backend):
    """simulate_until() interrupts its native loop at the steps where a rule is due, like
    simulate(), and still stops at the step where the stop condition first holds."""
    net = ann.Network(dt=1.0, seed=1)
    net.config(paradigm=backend, structural_plasticity=True)
    pre = net.create(3, INPUT)
    post = net.create(3, CLOCK, stop_condition="r > 6.5")
    proj = net.connect(pre, post, "a", AGING)
    proj.one_to_one(weights=1.0)
    net.compile(silent=True)
    proj.start_pruning(period=1.0)
    # age > 4 first holds at the end of step 4 (as in the test above); t > 6.5 at step 7
    assert net.simulate_until(100.0, post) == 8.0
    assert proj.nb_synapses == 0
    assert net.current_step == 8


def test_rules_of_the_synapse_switch_structural_plasticity_on(backend):
    """No net.config(structural_plasticity=True): a synapse with creating/pruning turns it on at
    compile, silently, as the reference does; the rules then create exactly what the reference
    creates (pre 0 and 2 are active, pre 1 is not)."""
    syn = ann.Synapse(pruning="w < 0.5", creating="pre.r > 0.5 : proba=1.0, w=2.0")
    net = ann.Network(dt=1.0, seed=1)
    net.config(paradigm=backend)
    inp = net.create(3, INPUT)
    out = net.create(3, SUM)
    proj = net.connect(inp, out, "exc", synapse=syn)
    proj.one_to_one(weights=1.0)
    assert not net._config["structural_plasticity"]
    net.compile(silent=True)
    assert net._config["structural_plasticity"]
    inp.r0 = [1.0, 0.0, 1.0]
    proj.start_creating(period=1.0)
    proj.start_pruning(period=1.0)
    net.simulate(3.0)
    assert proj.nb_synapses == 7
    assert [proj.dendrite(i).pre_ranks for i in range(3)] == [[0, 2], [0, 1, 2], [0, 2]]
    assert proj.w == [[1.0, 2.0], [2.0, 1.0, 2.0], [2.0, 1.0]]
