"""Spiking networks against spike times computed by hand: LIF with constant input, refractory
periods, axonal delays, exact monitors, STDP pairs, axonal spikes, continuous transmission."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest

LIF = ann.Neuron(
    parameters=dict(
        tau=10.0,
        I=ann.Parameter(0.0, locality="local"),
        t_ref=ann.Parameter(0.0, locality="local"),
    ),
    equations="tau * dv/dt = -v + I",
    spike="v > 10.0",
    reset="v = 0.0",
    refractory="t_ref",
)


def lif_spike_steps(current: float, t_ref: float, dt: float, nsteps: int) -> list[int]:
    """Explicit Euler by hand: v += dt * (I - v) / tau; reset; frozen t_ref / dt steps."""
    v, frozen, spikes = 0.0, 0, []
    for step in range(nsteps):
        if frozen:
            frozen -= 1
            continue
        v = v + dt * ((current - v) / 10.0)
        if v > 10.0:
            spikes.append(step)
            v, frozen = 0.0, int(round(t_ref / dt))
    return spikes


def test_lif_with_constant_input_spikes_at_computed_steps(backend):
    net = ann.Network(dt=0.1)
    net.config(paradigm=backend)
    pop = net.create(4, LIF)
    pop.I = [15.0, 20.0, 30.0, 9.0]
    pop.t_ref = [0.0, 2.0, 5.0, 0.0]
    m = net.monitor(pop, "spike")
    net.compile()
    net.simulate(200.0)
    spikes = m.get("spike")
    for rank, (current, t_ref) in enumerate([(15.0, 0.0), (20.0, 2.0), (30.0, 5.0), (9.0, 0.0)]):
        assert list(spikes.get(rank, [])) == lif_spike_steps(current, t_ref, 0.1, 2000)
    # I = 9 never reaches the threshold; the first spike of I = 15 is at 10.9 ms (ln 3 * tau)
    assert 3 not in spikes or len(spikes[3]) == 0
    assert spikes[0][0] == 109
    # the refractory period delays each next spike by exactly t_ref / dt steps
    isi_free = np.diff(lif_spike_steps(20.0, 0.0, 0.1, 2000))
    assert set(np.diff(spikes[1]) - isi_free[: len(spikes[1]) - 1]) == {20}
    t, n = m.raster_plot(spikes)
    assert len(t) == sum(len(s) for s in spikes.values())
    np.testing.assert_allclose(np.sort(t[n == 2]), 0.1 * np.array(spikes[2]))


@pytest.mark.parametrize("delay", [0.0, 1.0, 3.0])
def test_spike_arrives_after_the_delay(delay, backend):
    clock = ann.Neuron(equations="dv/dt = 1.0", spike="v >= 4.5", reset="v = -100.0")
    post = ann.Neuron(equations="dv/dt = -v + g_exc", spike="v > 1e9", reset="v = 0.0")
    net = ann.Network(dt=0.5)
    net.config(paradigm=backend)
    src = net.create(1, clock)
    dst = net.create(1, post)
    proj = net.connect(src, dst, "exc")
    proj.all_to_all(weights=2.5, delays=delay)
    ms, mg = net.monitor(src, "spike"), net.monitor(dst, "g_exc")
    net.compile()
    net.simulate(10.0)
    spike_step = ms.get("spike")[0][0]
    assert spike_step == 8  # v = 0.5 * (s + 1) >= 4.5
    g = mg.get("g_exc")[:, 0]
    arrival = spike_step + max(int(round(delay / 0.5)), 1)
    assert np.flatnonzero(g).tolist() == [arrival]
    assert g[arrival] == 2.5
    assert proj.delay == pytest.approx(max(delay, 0.5))


def test_stdp_pair_at_known_lag_matches_the_rule(backend):
    """One pre spike at step 5, one post spike at step 12 (dt = 1).

    As in the reference (numbers checked with it), ``pre_spike`` runs when the spike arrives, one
    step after its emission, and ``post_spike`` at the step of the post-synaptic spike; the
    event-driven traces decay up to the emission step of the pre-synaptic spike. The causal pair
    (pre 5 arriving at 6, post 12) sees a lag of 6 ms, the other (post 12, pre 19) 7 ms.
    """
    clock = ann.Neuron(
        parameters=dict(at=ann.Parameter(0.0, locality="local")),
        equations="dv/dt = 1.0",
        spike="(v > at - 0.5) and (v < at + 0.5)",
        reset="",
    )
    stdp = ann.Synapse(
        parameters=dict(tau_plus=20.0, tau_minus=15.0, A_plus=0.1, A_minus=0.12),
        equations=[
            ann.Variable("tau_plus * dx/dt = -x", method="event-driven"),
            ann.Variable("tau_minus * dy/dt = -y", method="event-driven"),
        ],
        pre_spike="g_target += w\nx += A_plus\nw = w - y",
        post_spike="y += A_minus\nw = w + x",
    )
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    pre = net.create(2, clock)
    post = net.create(2, clock)
    pre.at = [6.0, 20.0]  # v after step s is s + 1: spikes at steps 5 and 19
    post.at = [13.0, 13.0]  # post spikes at step 12
    proj = net.connect(pre, post, "exc", stdp)
    proj.from_matrix([[0.5, None], [None, 0.5]])
    net.compile()
    net.simulate(30.0)
    w = np.array(proj.w).ravel()
    assert w[0] == pytest.approx(0.5 + 0.1 * np.exp(-6.0 / 20.0), rel=1e-12)
    assert w[1] == pytest.approx(0.5 - 0.12 * np.exp(-7.0 / 15.0), rel=1e-12)
    # the reference's numbers for the same script
    assert w.tolist() == pytest.approx([0.5740818220681718, 0.42474930976723324], rel=1e-12)


def test_axonal_spikes_trigger_pre_axon_spike_only(backend):
    neuron = ann.Neuron(
        parameters=dict(I=ann.Parameter(0.3, locality="local")),
        equations=["dv/dt = I", "da/dt = I"],
        spike="v >= 1.0",
        reset="v = 0.0",
        axon_spike="a >= 0.7",
        axon_reset="a = 0.0",
        refractory=2.0,
    )
    post = ann.Neuron(equations="dv/dt = -v + g_exc", spike="v > 100.0", reset="v = 0.0")
    syn = ann.Synapse(pre_spike="g_target += w", pre_axon_spike="g_target += 10 * w")
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    pre = net.create(2, neuron)
    pre.I = [0.3, 0.45]
    out = net.create(2, post)
    proj = net.connect(pre, out, "exc", syn)
    proj.from_matrix([[1.0, None], [0.5, 2.0]])
    m, mg = net.monitor(pre, ["spike", "a"]), net.monitor(out, "g_exc")
    net.compile()
    net.simulate(12.0)
    data = m.get()
    assert data["spike"][0] == [3, 9] and data["spike"][1] == [2, 7]
    # a grows by I per step (frozen while refractory) and resets at 0.7: axon spikes at
    # steps 2 and 7 (rank 0), 1, 4 and 9 (rank 1), independently of the somatic spikes
    a = data["a"]
    np.testing.assert_allclose(a[:8, 0], [0.3, 0.6, 0.0, 0.3, 0.3, 0.3, 0.6, 0.0])
    g = mg.get("g_exc")
    np.testing.assert_allclose(g[:12, 0], [0, 0, 0, 10, 1, 0, 0, 0, 10, 0, 1, 0])
    np.testing.assert_allclose(g[:5, 1], [0, 0, 20, 7, 0.5])


def test_pre_axon_spike_with_delays_is_refused(backend):
    neuron = ann.Neuron(equations="dv/dt = 1", spike="v > 1", reset="v = 0", axon_spike="v > 0.5")
    syn = ann.Synapse(pre_spike="g_target += w", pre_axon_spike="g_target += w")
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    pop = net.create(2, neuron)
    net.connect(pop, pop, "exc", syn).all_to_all(weights=1.0, delays=3.0)
    with pytest.raises(ann.ANNarchyException, match="pre_axon_spike.*delays"):
        net.compile()


def test_reset_may_change_a_local_parameter(backend):
    """A local parameter changed in ``reset`` becomes a variable, as in the reference (same
    script there: spikes at steps 1, 4, 8 and thr = 4)."""
    neuron = ann.Neuron(
        parameters=dict(thr=ann.Parameter(1.0, locality="local")),
        equations="dv/dt = 1",
        spike="v > thr",
        reset="v = 0\nthr = thr + 1",
    )
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    pop = net.create(2, neuron)
    m = net.monitor(pop, "spike")
    net.compile()
    net.simulate(10.0)
    assert m.get("spike") == {0: [1, 4, 8], 1: [1, 4, 8]}
    assert pop.thr.tolist() == [4.0, 4.0]
