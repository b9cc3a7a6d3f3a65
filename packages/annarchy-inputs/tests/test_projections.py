"""CurrentInjection and DecodingProjection: values of the reference, step by step."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest

SPIKES = [[2.0, 3.0, 4.0, 10.0], [3.0, 4.0], [4.0]]


def test_current_injection_sets_g_target_to_the_pre_rates(run):
    net = ann.Network(dt=1.0)
    inp = net.create(3, ann.Neuron(parameters="k = 0.0", equations="r = t + k"))
    pop = net.create(3, ann.Izhikevich)
    proj = net.connect(ann.CurrentInjection(inp, pop, "exc"))
    assert proj.connect_current() is proj
    inp.k = [0.0, 0.5, 1.0]
    m = net.monitor(pop, ["g_exc", "v"])
    m_inp = net.monitor(inp, "r")
    run(net)
    net.simulate(5)
    data, r = m.get(), m_inp.get("r")
    # g_exc at step s is r of the previous step (reference values)
    np.testing.assert_array_equal(data["g_exc"][1:], r[:-1])
    assert data["g_exc"][0].tolist() == [0.0, 0.0, 0.0]
    v_ref = [-68.0, -70.04, -70.003936, -68.96965378031612, -67.49409963482975]
    np.testing.assert_allclose(data["v"][:, 0], v_ref, rtol=1e-12)


def test_current_injection_errors():
    net = ann.Network()
    rate = net.create(3, ann.Neuron(parameters="r = 0.0"))
    spiking = net.create(3, ann.Izhikevich)
    with pytest.raises(ann.ANNarchyException, match="must be rate-coded and the post-synaptic"):
        ann.CurrentInjection(spiking, spiking, "exc")
    with pytest.raises(ann.ANNarchyException, match=r"pre \(2 neurons\) and post \(3 neurons\)"):
        ann.CurrentInjection(net.create(2, ann.Neuron(parameters="r = 0.0")), spiking, "exc")
    with pytest.raises(ann.ANNarchyException, match="one name"):
        ann.CurrentInjection(rate, spiking, ["exc", "inh"])


@pytest.mark.parametrize(
    ("window", "weight", "expected"),
    [
        # reference: window of 3 steps, weight 1, 3 synapses per post neuron
        (3.0, 1.0, [0, 0, 0, 1000 / 9, 3000 / 9, 6000 / 9, 5000 / 9, 3000 / 9, 0, 0, 0, 1000 / 9]),
        # reference: no window (one step), weight 2
        (0.0, 2.0, [0, 0, 0, 2000 / 3, 4000 / 3, 2000, 0, 0, 0, 0, 0, 2000 / 3]),
    ],
)
def test_decoding_counts_spikes_over_the_window(run, window, weight, expected):
    net = ann.Network(dt=1.0)
    ssa = net.create(ann.SpikeSourceArray(spike_times=SPIKES))
    post = net.create(2, ann.Neuron(equations="r = sum(exc)"))
    proj = net.connect(ann.DecodingProjection(ssa, post, "exc", window=window))
    proj.all_to_all(weight)
    m = net.monitor(post, "r")
    run(net)
    net.simulate(12)
    r = m.get("r")
    np.testing.assert_allclose(r[:, 0], expected, rtol=1e-12)
    np.testing.assert_array_equal(r[:, 0], r[:, 1])


def test_decoding_normalises_per_synapse(run):
    net = ann.Network(dt=0.5)
    ssa = net.create(ann.SpikeSourceArray(spike_times=SPIKES))
    post = net.create(2, ann.Neuron(equations="r = sum(exc)"))
    proj = net.connect(ann.DecodingProjection(ssa, post, "exc", window=2.0))
    # post 0 listens to neuron 0 only (weight 1), post 1 to neurons 1 and 2 (weights 1 and 3)
    proj.from_matrix(np.array([[1.0, np.nan, np.nan], [np.nan, 1.0, 3.0]]))
    m = net.monitor(post, "r")
    run(net)
    net.simulate(6.0)
    r = m.get("r")
    # spikes at steps 4, 6, 8 (neuron 0), 6, 8 (neuron 1), 8 (neuron 2); the sum at step s
    # counts those of steps s-4 .. s-1
    scale = 1000.0 / (4 * 0.5)
    count0 = np.array([0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 2, 1])  # spikes of neuron 0 in window
    np.testing.assert_allclose(r[:, 0], count0 * scale)
    count1 = np.array([0, 0, 0, 0, 0, 0, 0, 1, 1, 5, 5, 4])  # 1 * n1 + 3 * n2 in window
    np.testing.assert_allclose(r[:, 1], count1 * scale / 2)


def test_decoding_errors():
    net = ann.Network()
    rate = net.create(3, ann.Neuron(parameters="r = 0.0"))
    ssa = net.create(ann.SpikeSourceArray(spike_times=SPIKES))
    with pytest.raises(ann.ANNarchyException, match="must be spiking and the post-synaptic"):
        ann.DecodingProjection(rate, rate, "exc")
    with pytest.raises(ann.ANNarchyException, match="window must be >= 0 ms"):
        ann.DecodingProjection(ssa, rate, "exc", window=-1.0)
