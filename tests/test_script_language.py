"""The equation language as existing scripts write it, compiled, against the numbers of the
reference implementation (ANNarchy 5.0.4.1, `shared/tools/oracle`): targets named by Python
keywords, ``true``/``false``, numeric spike conditions, ``pre.sum``/``post.sum`` in rate
synapses, and ``ann.models.list_standard_neurons()``."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.errors import ANNarchyException, InvalidConfiguration


def test_keyword_targets_in_and_if(backend):
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    inp = net.create(geometry=2, neuron=ann.Neuron(equations="r = t + 1.0"))
    out = net.create(geometry=1, neuron=ann.Neuron(equations="r = sum(in) + 0.5*sum(if)"))
    net.connect(inp, out, target="in").all_to_all(weights=1.0)
    net.connect(inp, out, target="if").all_to_all(weights=2.0)
    lif = ann.Neuron(
        parameters="tau = 10.0",
        equations="tau * dv/dt = -v + g_in",
        spike="v > 100",
        reset="v = 0",
    )
    src = net.create(ann.SpikeSourceArray(spike_times=[[1.0, 3.0]]))
    spk = net.create(geometry=1, neuron=lif)
    net.connect(src, spk, target="in").all_to_all(weights=0.5)
    m = net.monitor(out, "r")
    m2 = net.monitor(spk, ["v", "g_in"])
    net.compile()
    net.simulate(5)
    # oracle: r = sum(in) + 0.5 * sum(if) of the inputs' previous r (t), 2 inputs
    assert m.get("r").ravel().tolist() == [0.0, 4.0, 8.0, 12.0, 16.0]
    assert m2.get("g_in").ravel().tolist() == [0.0, 0.0, 0.5, 0.0, 0.5]
    np.testing.assert_allclose(m2.get("v").ravel(), [0.0, 0.0, 0.05, 0.045, 0.0905], rtol=1e-12)
    assert out.sum("in").tolist() == [8.0]  # the inputs at t = 3: 2 * 4


def test_true_false_literals(backend):
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    models = [
        ("b = false : bool", "x = true : bool\nr = x"),
        ("b = true : bool", "r = ite(b == false, 3.0, 4.0)"),
        ("b = false : bool", "r = ite(t == false, 3.0, 4.0)"),
        ("b = false", "r = if (t > 1) and true: 1.0 else: 2.0"),
        ("b = False : bool", "x = t > 1 : bool\nr = if x == true: 5 else: 6"),
    ]
    pops = [net.create(geometry=1, neuron=ann.Neuron(parameters=p, equations=e)) for p, e in models]
    monitors = [net.monitor(p, "r") for p in pops]
    net.compile()
    net.simulate(3)
    got = [m.get("r").ravel().tolist() for m in monitors]
    assert got == [[1.0] * 3, [4.0] * 3, [3.0, 4.0, 4.0], [2.0, 2.0, 1.0], [6.0, 6.0, 5.0]]
    assert [bool(p.b[0]) for p in pops] == [False, True, False, False, False]
    assert bool(pops[0].x[0]) is True


def test_numeric_spike_condition_non_zero_is_true(backend):
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    models = [
        ann.Neuron(equations="v = t", spike="modulo(t, 3)", reset=""),
        ann.Neuron(
            parameters="a = 0.5",
            equations="v = if modulo(t, 4) == 1: a else: 0.0",
            spike="v",
        ),
        ann.Neuron(equations="v = modulo(t, 2) : int", spike="v", reset="v = 0"),
    ]
    pops = [net.create(geometry=1, neuron=n) for n in models]
    monitors = [net.monitor(p, "spike") for p in pops]
    net.compile()
    net.simulate(10)
    got = [list(m.get("spike")[0]) for m in monitors]
    assert got == [[1, 2, 4, 5, 7, 8], [1, 5, 9], [1, 3, 5, 7, 9]]  # oracle


SUM_SYNAPSE = ann.Synapse(
    equations="""
    x = pre.sum(exc)
    y = post.sum(exc) + 10 * post.sum(mod)
    dw/dt = 0.01 * post.sum(exc) * pre.r
"""
)


def test_pre_and_post_sum_in_rate_synapse(backend):
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    inp = net.create(
        geometry=2, neuron=ann.Neuron(parameters="base = 0.0", equations="r = t + 1 + base")
    )
    inp.base = [0.0, 2.0]
    mid = net.create(geometry=2, neuron=ann.Neuron(equations="r = sum(exc)"))
    out = net.create(geometry=2, neuron=ann.Neuron(equations="r = sum(exc) + 0.1*sum(mod)"))
    net.connect(inp, mid, target="exc").all_to_all(weights=1.0)
    q = net.connect(mid, out, target="exc", synapse=SUM_SYNAPSE)
    q.all_to_all(weights=0.5)
    net.connect(inp, out, target="mod").one_to_one(weights=1.0)
    net.compile()
    xs, ys, ws = [], [], []
    for _ in range(4):
        net.simulate(1)
        xs.append(np.array(q.x)[:, 0].tolist())
        ys.append(np.array(q.y)[:, 0].tolist())
        ws.append(np.array(q.w)[0, 0])
    # oracle: the synapse sees the sums of the current step (those the neurons just used)
    assert xs == [[0.0, 0.0], [4.0, 4.0], [6.0, 6.0], [8.0, 8.0]]
    np.testing.assert_allclose(
        ys, [[0.0, 0.0], [10.0, 30.0], [24.0, 44.0], [38.88, 58.88]], rtol=1e-12
    )
    np.testing.assert_allclose(ws, [0.5, 0.5, 0.74, 1.4504], rtol=1e-12)
    np.testing.assert_allclose(out.r, [9.18, 9.38], rtol=1e-12)


@pytest.mark.parametrize(
    "equation, match",
    [
        ("x = pre.sum(foo)", "pre.sum\\(foo\\).*receives no projection with target 'foo'"),
        ("x = post.sum(inh)", "post.sum\\(inh\\).*receives no projection with target 'inh'"),
    ],
)
def test_sum_of_a_target_not_received_is_refused(equation, match):
    net = ann.Network(dt=1.0)
    pop = net.create(geometry=2, neuron=ann.Neuron(equations="r = sum(exc)"))
    net.connect(pop, pop, "exc", ann.Synapse(equations=equation)).all_to_all(1.0)
    with pytest.raises(ANNarchyException, match=match):
        net.compile()


def test_pre_sum_of_a_spiking_population_is_refused():
    net = ann.Network(dt=1.0)
    pre = net.create(geometry=2, neuron=ann.Izhikevich)
    post = net.create(geometry=2, neuron=ann.Neuron(equations="r = sum(exc)"))
    syn = ann.Synapse(equations="x = pre.sum(exc)", psp="w")
    net.connect(pre, pre, "exc").all_to_all(1.0)
    net.connect(pre, post, "exc", syn).all_to_all(1.0)
    with pytest.raises(ANNarchyException, match="'pop0' is spiking .*g_exc"):
        net.compile()


def test_list_standard_models():
    neurons = ann.models.list_standard_neurons()
    synapses = ann.models.list_standard_synapses()
    assert isinstance(neurons, list) and isinstance(synapses, list)
    assert [c.__name__ for c in neurons] == [
        "LeakyIntegrator",
        "Izhikevich",
        "IF_curr_exp",
        "IF_cond_exp",
        "IF_curr_alpha",
        "IF_cond_alpha",
        "HH_cond_exp",
        "EIF_cond_alpha_isfa_ista",
        "EIF_cond_exp_isfa_ista",
    ]  # the reference's list, less GIF_curr and GIF_curr_exp (not in the spec)
    assert synapses == [ann.STP, ann.STDP, ann.Hebb, ann.Oja, ann.IBCM]
    assert all(issubclass(c, ann.Neuron) for c in neurons)
    assert all(issubclass(c, ann.Synapse) for c in synapses)


def test_unknown_pre_or_post_attribute_names_the_projection(tmp_path):
    net = ann.Network()
    pop = net.create(2, ann.Neuron(parameters="tau = 10.0", equations="r = 1"))
    for side in ("pre", "post"):
        syn = ann.Synapse(equations=f"dw/dt = {side}.foo", name=f"bad_{side}")
        net.connect(pop, pop, f"t_{side}", synapse=syn).all_to_all(1.0)
    with pytest.raises(
        InvalidConfiguration, match=r"reads pre\.foo.*no attribute 'foo'.*r, t_last, tau"
    ):
        net.compile(directory=str(tmp_path), silent=True)
