"""compile() with an in-test backend: values and monitors go through the Runtime contract."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest


def make(rate_neuron, hebb=True):
    net = ann.Network(dt=0.5, seed=5)
    net.config(paradigm="fake")
    a = net.create(3, rate_neuron, name="a")
    b = net.create(2, rate_neuron, name="b")
    syn = ann.Synapse(parameters=dict(eta=0.1), equations="dw/dt = eta * pre.r")
    proj = net.connect(a, b, "exc", syn if hebb else None).all_to_all(weights=0.25)
    return net, a, b, proj


def test_initial_values_pushed(fake_backend, rate_neuron, tmp_path):
    net, a, b, proj = make(rate_neuron)
    a.v = [1.0, 2.0, 3.0]
    a.tau = 4.0
    proj.w = [[1, 2, 3], [4, 5, 6]]
    c = net.constant("c", 2.5)
    proj.disable_learning()
    net.compile(directory=tmp_path / "build", silent=True)
    rt = fake_backend.runtime
    assert net.compiled and net.directory == str(tmp_path / "build")
    assert fake_backend.options.directory == tmp_path / "build"
    assert fake_backend.options.compiler is None and fake_backend.options.num_threads == 1
    assert rt.store["pop0"]["v"].tolist() == [1.0, 2.0, 3.0]
    assert float(rt.store["pop0"]["tau"]) == 4.0
    assert rt.store["pop1"]["b"].tolist() == [0.5, 0.5]
    assert rt.store["proj0"]["w"].tolist() == [1, 2, 3, 4, 5, 6]
    assert float(rt.store["proj0"]["eta"]) == 0.1
    assert rt.constants == {"c": 2.5} and rt.learning == {"proj0": False}
    assert fake_backend.generated.projections[0].connectivity.nnz == 6
    c.set(3.0)
    assert rt.constants == {"c": 3.0}


def test_reads_and_writes_after_compile_go_through_runtime(fake_backend, rate_neuron):
    net, a, b, proj = make(rate_neuron)
    net.compile(silent=True)
    rt = fake_backend.runtime
    rt.store["pop0"]["v"][:] = [7.0, 8.0, 9.0]
    assert a.v.tolist() == [7.0, 8.0, 9.0] and a[1:].v.tolist() == [8.0, 9.0]
    a[0:2].v = 1.0
    assert rt.store["pop0"]["v"].tolist() == [1.0, 1.0, 9.0]
    proj.dendrite(1).w = [0.0, 1.0, 2.0]
    assert rt.store["proj0"]["w"].tolist() == [0.25] * 3 + [0.0, 1.0, 2.0]
    rt.store["pop1"]["_sum_exc"][:] = [0.5, 1.5]
    assert b.sum("exc").tolist() == [0.5, 1.5]
    proj.enable_learning()
    assert rt.learning["proj0"] is True
    with pytest.raises(ann.InvalidConfiguration, match="after compile"):
        net.create(2, rate_neuron)
    with pytest.raises(ann.InvalidConfiguration, match="before compile"):
        proj.all_to_all(1.0)


def test_simulate_counts_steps_and_time(fake_backend, rate_neuron):
    net, a, b, proj = make(rate_neuron)
    net.compile(silent=True)
    net.simulate(3.0)
    assert net.current_step == 6 and net.time == 3.0
    net.simulate(0.74)  # 1.48 steps -> ceil: 2 (as the reference)
    net.step()
    assert net.current_step == 9 and fake_backend.runtime.step == 9
    net.current_step = 2
    assert fake_backend.runtime.step == 2 and net.time == 1.0


def test_monitors_recorded_and_accumulated(fake_backend, rate_neuron):
    net, a, b, proj = make(rate_neuron)
    m_before = net.monitor(a, "r", period=1.5)  # every 3 steps
    m_view = net.monitor(a[1:], ["v", "tau"], start=False)
    m_proj = net.monitor(proj, "w")
    net.compile(silent=True)

    def update(rt, step):
        rt.store["pop0"]["r"][:] = step * 0.5 + np.arange(3)
        rt.store["pop0"]["v"][:] = -step
        rt.store["proj0"]["w"][:] = step

    fake_backend.runtime.update = update
    net.simulate(3.0)
    m_view.resume()
    net.simulate(2.0)
    m_view.pause()
    net.simulate(1.0)
    m_view.resume()
    net.simulate(1.0)
    r = m_before.get("r")
    assert r[:, 0].tolist() == [0.0, 1.5, 3.0, 4.5, 6.0]
    assert r.shape == (5, 3)
    assert m_before.times() == {"r": {"start": [0], "stop": [14]}}
    data = m_view.get()
    assert data["v"].tolist() == [[-s, -s] for s in (6, 7, 8, 9, 12, 13)]
    assert data["tau"].tolist() == [10.0] * 6
    assert m_view.times("v") == {"v": {"start": [6, 12], "stop": [10, 14]}}
    w = m_proj.get("w")
    assert w.shape == (14, 2, 3) and w[3].tolist() == [[3.0] * 3] * 2
    m_late = net.monitor(b[0], "v", period=1.0, period_offset=0.5)
    net.simulate(3.0)
    assert m_late.get("v").shape == (3, 1)
    assert m_before.get("r", keep=True).shape == (2, 3)
    assert m_before.get("r").shape == (2, 3) and m_before.get("r").shape == (0, 3)


def test_monitor_reshape_and_force_dict(fake_backend):
    neuron = ann.Neuron(equations="r = 1.0")
    net = ann.Network()
    net.config(paradigm="fake")
    pop = net.create((2, 3), neuron)
    m = net.monitor(pop, "r")
    net.compile(silent=True)
    net.simulate(2.0)
    assert m.get("r", keep=True).shape == (2, 2, 3)
    assert m.get("r", reshape=False, keep=True).shape == (2, 6)
    assert set(m.get("r", force_dict=True)) == {"r"}
    with pytest.raises(ann.InvalidConfiguration, match="does not record 'v'"):
        m.get("v")


def test_reset_restores_initial_values(fake_backend, rate_neuron):
    net, a, b, proj = make(rate_neuron)
    a.v = [1.0, 2.0, 3.0]
    m = net.monitor(a, "v")
    net.compile(silent=True)
    rt = fake_backend.runtime
    net.simulate(2.0)
    rt.store["pop0"]["v"][:] = 0.0
    rt.store["proj0"]["w"][:] = 9.0
    net.reset()
    assert rt.resets == 1 and net.current_step == 0
    assert a.v.tolist() == [1.0, 2.0, 3.0]
    assert rt.store["proj0"]["w"].tolist() == [9.0] * 6  # projections kept by default
    assert m.get("v").shape == (0, 3)
    net.simulate(1.0)
    assert m.get("v").shape == (2, 3)
    net.reset(projections=True)  # as the reference: the weights belong to the synapses
    assert rt.store["proj0"]["w"].tolist() == [9.0] * 6
    net.reset(projections=True, synapses=True)
    assert rt.store["proj0"]["w"].tolist() == [0.25] * 6
    a.v = 5.0
    a.reset(["v"])
    assert a.v.tolist() == [1.0, 2.0, 3.0]


def test_spike_recording_and_views(fake_backend, spike_neuron):
    net = ann.Network()
    net.config(paradigm="fake")
    pop = net.create(4, spike_neuron)
    m = net.monitor(pop, "spike")
    mv = net.monitor(pop[1:3], "spike")
    with pytest.raises(ann.InvalidConfiguration, match="'sum\\(target\\)'|'spike',"):
        net.monitor(pop, "x")
    net.compile(silent=True)
    trains = {0: [3, 7], 1: [2, 4], 3: [1, 3, 5]}
    fake_backend.runtime.spikes = lambda rt, s: {
        "pop0": [r for r, steps in trains.items() if s in steps]
    }
    net.simulate(6.0)
    assert m.get("spike") == {0: [3], 1: [2, 4], 2: [], 3: [1, 3, 5]}
    assert mv.get("spike") == {1: [2, 4], 2: []}
    net.simulate(3.0)
    assert m.get("spike")[0] == [7]


def test_monitor_errors(rate_neuron):
    net = ann.Network()
    pop = net.create(2, rate_neuron)
    with pytest.raises(ann.InvalidConfiguration, match="only be recorded for spiking"):
        net.monitor(pop, "spike")
    with pytest.raises(ann.InvalidConfiguration, match="'w' is not an attribute"):
        net.monitor(pop, ["r", "w"])
    with pytest.raises(ann.InvalidConfiguration, match="at least one variable"):
        net.monitor(pop, [])
    with pytest.raises(ann.InvalidConfiguration, match="period must be at least dt"):
        net.monitor(pop, "r", period=0.1)
    with pytest.raises(ann.InvalidConfiguration, match="records a Population"):
        net.monitor("pop0", "r")
    m = net.monitor(pop, "sum(exc)")
    assert m.variables == ["sum(exc)"] and m.period == 1.0 and m.period_offset == 0.0
