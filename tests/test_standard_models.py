"""The built-in models of ``ANNarchy.models`` simulated with the OpenMP backend and compared with
numbers printed by the reference implementation (annarchy 5.0.4.1) for the same scripts (the
defaults and localities are checked without a backend in annarchy-core's test_models.py)."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest


@pytest.fixture
def compiled(tmp_path):
    """Compile a network into a fresh directory with the OpenMP backend."""
    counter = iter(range(100))

    def compile_(net):
        net.compile(directory=str(tmp_path / f"net{next(counter)}"), silent=True)
        return net

    return compile_


# model, constructor arguments, reference spike steps, reference v at steps 0, 1, 999
# (one neuron, dt = 0.1, 100 ms, constant current).
CONSTANT_CURRENT = [
    ("Izhikevich", dict(i_offset=10.0), [33, 270, 721], (-64.3, -63.61204, -67.13340731087925)),
    (
        "Izhikevich",
        dict(i_offset=10.0, tau_refrac=5.0, c=-50.0, d=2.0),
        [15, 83, 153, 226, 304, 396, 924, 995],
        (-49.0, -47.896, -50.0),
    ),
    ("IF_curr_exp", dict(i_offset=1.0), [277, 555, 833], (None, None, -53.72098572643076)),
    (
        "IF_curr_exp",
        dict(i_offset=1.0, tau_refrac=2.0),
        [277, 575, 873],
        (-64.90024958385365, -64.80099667498337, -56.772099393567146),
    ),
    ("IF_cond_exp", dict(i_offset=1.0), [277, 555, 833], (None, None, -53.72098572643076)),
    (
        "IF_cond_exp",
        dict(i_offset=1.0, tau_refrac=2.0, v_reset=-60.0),
        [219, 459, 699, 939],
        (-59.92518718789024, -59.850747506237525, -57.280961296169735),
    ),
    ("IF_curr_alpha", dict(i_offset=1.0), [277, 555, 833], (None, None, -53.72098572643076)),
    (
        "IF_cond_alpha",
        dict(i_offset=1.0, tau_refrac=2.0),
        [277, 575, 873],
        (None, None, -56.772099393567146),
    ),
    (
        "HH_cond_exp",
        dict(i_offset=0.2),
        [],
        (-64.90024958385365, -64.80064196131947, -52.02738291111887),
    ),
    (
        "HH_cond_exp",
        dict(i_offset=1.0),
        [],
        (-64.50124791926824, -64.00463050768894, -47.69129425924624),
    ),
    ("HH_cond_exp", dict(i_offset=5.0), [12], (None, None, -67.78575435577267)),
    (
        "EIF_cond_exp_isfa_ista",
        dict(i_offset=1.0),
        [118, 256, 416, 604, 825],
        (-70.24412723673859, -69.89205364247834, -51.05720951602993),
    ),
    (
        "EIF_cond_alpha_isfa_ista",
        dict(i_offset=1.0),
        [118, 256, 416, 604, 825],
        (-70.24412723673859, -69.89205364247834, -51.05720951602993),
    ),
]


def _check_v(v, expected, steps):
    for step, value in zip(steps, expected, strict=True):
        if value is not None:
            assert v[step] == pytest.approx(value, rel=1e-7, abs=1e-9), step


@pytest.mark.parametrize("name, kwargs, spikes, v_ref", CONSTANT_CURRENT)
def test_constant_current_matches_reference(compiled, name, kwargs, spikes, v_ref):
    net = ann.Network(dt=0.1)
    pop = net.create(1, getattr(ann, name)(**kwargs))
    m = net.monitor(pop, ["spike", "v"])
    compiled(net)
    net.simulate(100.0)
    assert list(m.get("spike")[0]) == spikes
    _check_v(m.get("v")[:, 0], v_ref, (0, 1, 999))


# model, weight, reference spike steps of the driven neuron, v at steps 277, 278, 280, 300, 400,
# 999: an IF_curr_exp(i_offset=1.0) spiking at 277, 555 and 833 drives one neuron of the model.
DRIVEN = [
    ("IF_curr_exp", 5.0, [340, 595, 867],
     (-65.0, -64.50124791926824, -63.54057700548469, -56.243527271941694, -60.80155540953209,
      -57.37200237994009)),
    ("IF_cond_exp", 0.05, [],
     (-65.0, -64.67661959684796, -64.0582984199953, -59.560391696072145, -56.012747194407176,
      -55.128434143815554)),
    ("IF_curr_alpha", 2.0, [427, 652, 910],
     (-65.0, -65.0, -64.96857985022842, -63.03077028064328, -50.64109721560105,
      -56.63304144959329)),
    ("IF_cond_alpha", 0.02, [],
     (-65.0, -65.0, -64.97958011916505, -63.732828551136976, -56.43072823778235,
      -53.28285414619879)),
    ("EIF_cond_exp_isfa_ista", 0.05, [336, 620],
     (-70.5999228111859, -69.34369638772213, -67.00880010217085, -52.80652147954372,
      -63.28343433983054, -58.65827111195451)),
    ("EIF_cond_alpha_isfa_ista", 0.02, [662],
     (-70.5999228111859, -70.59992277226281, -70.52095576170221, -66.00096496801454,
      -48.648844489456245, -52.08029944015282)),
    ("Izhikevich", 20.0, [],
     (-70.82610302365354, -68.82402540204987, -69.04831886464726, -70.29798927837334,
      -70.61944604163482, -70.15214845642691)),
    ("HH_cond_exp", 2.0, [280, 558, 836],
     (-64.83568884284222, -23.937259619127378, 24.097558777330832, -87.09550263250354,
      -78.42427569358381, -75.80610165318163)),
]  # fmt: skip


@pytest.mark.parametrize("name, weight, spikes, v_ref", DRIVEN)
def test_synaptic_input_matches_reference(compiled, name, weight, spikes, v_ref):
    net = ann.Network(dt=0.1)
    pre = net.create(1, ann.IF_curr_exp(i_offset=1.0))
    post = net.create(1, getattr(ann, name))
    net.connect(pre, post, "exc").all_to_all(weights=weight)
    m = net.monitor(post, ["spike", "v"])
    compiled(net)
    net.simulate(100.0)
    assert list(m.get("spike")[0]) == spikes
    _check_v(m.get("v")[:, 0], v_ref, (277, 278, 280, 300, 400, 999))


def test_leaky_integrator_matches_reference(compiled):
    net = ann.Network()
    pop = net.create(3, ann.LeakyIntegrator(T=0.2))
    pop.B = [0.5, 1.0, 2.0]
    m = net.monitor(pop, "r")
    compiled(net)
    net.simulate(50.0)
    r = m.get("r")
    np.testing.assert_allclose(r[1], [0.0, 0.0, 0.16253849384403646], rtol=1e-9)
    np.testing.assert_allclose(
        r[49], [0.29663102650045725, 0.7932620530009145, 1.786524106001829], rtol=1e-9
    )


def test_noisy_leaky_integrator(compiled):
    net = ann.Network(dt=1.0, seed=1)
    pop = net.create(2000, ann.LeakyIntegrator(noise="Normal(0.0, 1.0)", T=-100.0))
    compiled(net)
    net.simulate(100.0)
    # stationary std of exponential Euler with unit noise: sqrt((1 - a) / (1 + a)), a = e^-0.1
    a = np.exp(-0.1)
    assert pop.v.std() == pytest.approx(np.sqrt((1 - a) / (1 + a)), rel=0.1)
    assert abs(pop.v.mean()) < 0.05


# rule, w (post x pre) and post.r after 20 ms (dt = 1).
RATE_RULES = [
    ("Hebb", dict(eta=0.01),
     [[0.5233341793147853, 0.5466683586295706], [0.5314525382823847, 0.5629050765647696]],
     [0.6244590478057176, 0.8037447287001391]),
    ("Oja", dict(eta=0.01, alpha=2.0),
     [[0.495430760082749, 0.5179421607065338], [0.48247068717648317, 0.5120841625811662]],
     [0.6135303367350771, 0.7833663793314315]),
    ("IBCM", dict(eta=0.01, tau=20.0),
     [[0.5093583939476044, 0.5187167878952087], [0.515708889559106, 0.531417779118212]],
     [0.6136855231661665, 0.7910859236601477]),
]  # fmt: skip


@pytest.mark.parametrize("name, kwargs, w_ref, r_ref", RATE_RULES)
def test_rate_learning_rules_match_reference(compiled, name, kwargs, w_ref, r_ref):
    net = ann.Network()
    pre = net.create(2, ann.LeakyIntegrator())
    pre.B = [0.5, 1.0]
    post = net.create(2, ann.LeakyIntegrator())
    post.B = [0.2, 0.4]
    proj = net.connect(pre, post, "exc", getattr(ann, name)(**kwargs))
    proj.all_to_all(weights=0.5)
    compiled(net)
    net.simulate(20.0)
    np.testing.assert_allclose(np.asarray(proj.w), w_ref, rtol=1e-9)
    np.testing.assert_allclose(post.r, r_ref, rtol=1e-9)
    if name == "IBCM":
        np.testing.assert_allclose(proj.theta, [0.10957305150465818, 0.1935438077404211])


PRE_SPIKES = [15, 33, 53, 76, 104, 146, 624, 645, 669, 698, 748]


def test_stp_matches_reference(compiled):
    net = ann.Network(dt=0.1)
    pre = net.create(1, ann.Izhikevich(i_offset=10.0, c=-50.0, d=2.0))
    post = net.create(1, ann.IF_curr_exp())
    proj = net.connect(pre, post, "exc", ann.STP(tau_rec=100.0, tau_facil=50.0, U=0.2))
    proj.all_to_all(weights=1.0)
    m, mp = net.monitor(post, "g_exc"), net.monitor(pre, "spike")
    compiled(net)
    net.simulate(100.0)
    assert list(mp.get("spike")[0]) == PRE_SPIKES
    g = m.get("g_exc")[:, 0]
    expected = {15: 0.0, 16: 0.2, 17: 0.19603973466135105, 84: 0.436647556060648,
                85: 0.4280013551532842, 154: 0.1977576257327608, 155: 0.19384176237954598,
                999: 0.0008002153858229782}  # fmt: skip
    for step, value in expected.items():
        assert g[step] == pytest.approx(value, rel=1e-7, abs=1e-12), step
    assert np.ravel(proj.x)[0] == pytest.approx(0.025319221319688622, rel=1e-7)
    assert np.ravel(proj.u)[0] == pytest.approx(0.7350001211810605, rel=1e-7)


def test_stdp_matches_reference(compiled):
    net = ann.Network(dt=0.1)
    pre = net.create(1, ann.Izhikevich(i_offset=10.0, c=-50.0, d=2.0))
    post = net.create(1, ann.Izhikevich(i_offset=8.0, c=-50.0, d=2.0))
    proj = net.connect(pre, post, "exc", ann.STDP(A_plus=0.05, A_minus=0.04, w_max=2.0))
    proj.all_to_all(weights=0.5)
    mp, mq = net.monitor(pre, "spike"), net.monitor(post, "spike")
    compiled(net)
    net.simulate(200.0)
    assert list(mp.get("spike")[0])[:11] == PRE_SPIKES
    assert list(mq.get("spike")[0]) == [
        17, 37, 60, 89, 138, 723, 744, 769, 802, 1360, 1381, 1406, 1439, 1997
    ]  # fmt: skip
    assert np.ravel(proj.w)[0] == pytest.approx(2.0)
    assert np.ravel(proj.x)[0] == pytest.approx(0.31491901693388863, rel=1e-7)
    assert np.ravel(proj.y)[0] == pytest.approx(-0.09720314792474066, rel=1e-7)
