"""The built-in models of ``ANNarchy.models``: defaults, overrides and localities of the
reference pages (the simulations compared with the reference: tests/test_standard_models.py)."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.models import NEURON_MODELS, SYNAPSE_MODELS

# Defaults of each model page (reference/<Name>.qmd).
_IF = dict(
    v_rest=-65.0, cm=1.0, tau_m=20.0, tau_refrac=0.0, tau_syn_E=5.0, tau_syn_I=5.0,
    v_thresh=-50.0, v_reset=-65.0, i_offset=0.0,
)  # fmt: skip
_COND = dict(_IF, e_rev_E=0.0, e_rev_I=-70.0)
_EIF = dict(
    v_rest=-70.6, cm=0.281, tau_m=9.3667, tau_refrac=0.1, tau_syn_E=5.0, tau_syn_I=5.0,
    e_rev_E=0.0, e_rev_I=-80.0, tau_w=144.0, a=4.0, b=0.0805, i_offset=0.0, delta_T=2.0,
    v_thresh=-50.4, v_reset=-70.6, v_spike=-40.0,
)  # fmt: skip
NEURON_DEFAULTS = {
    "LeakyIntegrator": dict(tau=10.0, B=0.0, T=0.0),
    "Izhikevich": dict(
        a=0.02, b=0.2, c=-65.0, d=8.0, v_thresh=30.0, i_offset=0.0, noise=0.0, tau_refrac=0.0
    ),
    "IF_curr_exp": _IF,
    "IF_cond_exp": _COND,
    "IF_curr_alpha": _IF,
    "IF_cond_alpha": _COND,
    "HH_cond_exp": dict(
        gbar_Na=20.0,
        gbar_K=6.0,
        gleak=0.01,
        cm=0.2,
        v_offset=-63.0,
        e_rev_Na=50.0,
        e_rev_K=-90.0,
        e_rev_leak=-65.0,
        e_rev_E=0.0,
        e_rev_I=-80.0,
        tau_syn_E=0.2,
        tau_syn_I=2.0,
        i_offset=0.0,
        v_thresh=0.0,
    ),
    "EIF_cond_alpha_isfa_ista": _EIF,
    "EIF_cond_exp_isfa_ista": _EIF,
}
# Initial values of the variables, and the variables every instance has.
NEURON_VARIABLES = {
    "LeakyIntegrator": dict(v=0.0, r=0.0),
    "Izhikevich": dict(I=0.0, v=-65.0, u=-13.0, r=0.0, g_exc=0.0, g_inh=0.0),
    "IF_curr_exp": dict(v=-65.0, g_exc=0.0, g_inh=0.0, r=0.0),
    "IF_cond_exp": dict(v=-65.0, g_exc=0.0, g_inh=0.0, r=0.0),
    "IF_curr_alpha": dict(gmax_exc=0.0, v=-65.0, alpha_exc=0.0, alpha_inh=0.0, g_exc=0.0),
    "IF_cond_alpha": dict(gmax_inh=0.0, v=-65.0, alpha_exc=0.0, alpha_inh=0.0, g_inh=0.0),
    "HH_cond_exp": dict(prev_v=0.0, an=0.0, bh=0.0, n=0.0, m=0.0, h=1.0, v=-65.0, g_exc=0.0),
    "EIF_cond_alpha_isfa_ista": dict(I=0.0, v=-70.6, w=0.0, alpha_exc=0.0, g_exc=0.0),
    "EIF_cond_exp_isfa_ista": dict(I=0.0, v=-70.6, w=0.0, g_exc=0.0, g_inh=0.0),
}
GLOBAL_NEURON_PARAMETERS = {"LeakyIntegrator": ("tau", "T")}
SPIKING = [n for n in NEURON_DEFAULTS if n != "LeakyIntegrator"]

SYNAPSE_DEFAULTS = {
    "Hebb": dict(eta=0.01),
    "Oja": dict(eta=0.01, alpha=1.0),
    "IBCM": dict(eta=0.01, tau=2000.0),
    "STP": dict(tau_rec=100.0, tau_facil=0.01, U=0.5),
    "STDP": dict(tau_plus=20.0, tau_minus=20.0, A_plus=0.01, A_minus=0.01, w_min=0.0, w_max=1.0),
}
LOCAL_SYNAPSE_PARAMETERS = {"STP": ("U",)}
SYNAPSE_VARIABLES = {
    "Hebb": dict(w=0.5),
    "Oja": dict(w=0.5),
    "IBCM": dict(theta=0.0, w=0.5),
    "STP": dict(x=1.0, u=0.5),
    "STDP": dict(x=0.0, y=0.0, w=0.5),
}
SEMIGLOBAL = {"theta"}


def test_every_model_resolves_at_top_level():
    names = {cls.__name__ for cls in NEURON_MODELS + SYNAPSE_MODELS}
    assert names == set(NEURON_DEFAULTS) | set(SYNAPSE_DEFAULTS)
    for cls in NEURON_MODELS:
        assert getattr(ann, cls.__name__) is cls
        assert issubclass(cls, ann.Neuron)
    for cls in SYNAPSE_MODELS:
        assert getattr(ann, cls.__name__) is cls
        assert issubclass(cls, ann.Synapse)


@pytest.mark.parametrize("name", list(NEURON_DEFAULTS))
@pytest.mark.parametrize("as_class", [True, False], ids=["class", "instance"])
def test_neuron_defaults(name, as_class):
    model = getattr(ann, name)
    net = ann.Network()
    pop = net.create(3, model if as_class else model())
    assert pop.neuron_type.type == ("rate" if name == "LeakyIntegrator" else "spike")
    assert set(pop.parameters) == set(NEURON_DEFAULTS[name])
    assert set(NEURON_VARIABLES[name]) <= set(pop.variables)
    glob = GLOBAL_NEURON_PARAMETERS.get(name, ())
    for attr, value in NEURON_DEFAULTS[name].items():
        got = np.asarray(getattr(pop, attr))
        assert got.shape == (() if attr in glob else (3,)), attr
        np.testing.assert_allclose(got, value, err_msg=attr)
    for attr, value in NEURON_VARIABLES[name].items():
        np.testing.assert_allclose(getattr(pop, attr), np.full(3, value), err_msg=attr)


@pytest.mark.parametrize("name", list(NEURON_DEFAULTS))
def test_neuron_overrides(name):
    values = {k: v + 1.5 for k, v in NEURON_DEFAULTS[name].items()}
    net = ann.Network()
    pop = net.create(2, getattr(ann, name)(**values))
    for attr, value in values.items():
        np.testing.assert_allclose(getattr(pop, attr), value, err_msg=attr)
    pop.v = [1.0, 2.0]
    np.testing.assert_allclose(pop.v, [1.0, 2.0])


# Initial values following the parameters (as the reference does).
INITIAL = [
    ("Izhikevich", dict(c=-50.0, b=0.25), dict(v=-50.0, u=-12.5)),
    ("IF_curr_exp", dict(v_rest=-61.0, v_reset=-62.0), dict(v=-62.0)),
    ("IF_cond_exp", dict(v_rest=-61.0, v_reset=-62.0), dict(v=-62.0)),
    ("IF_curr_alpha", dict(v_rest=-61.0, v_reset=-62.0), dict(v=-62.0)),
    ("IF_cond_alpha", dict(v_rest=-61.0, v_reset=-62.0), dict(v=-62.0)),
    ("EIF_cond_alpha_isfa_ista", dict(v_rest=-61.0, v_reset=-62.0), dict(v=-62.0)),
    ("EIF_cond_exp_isfa_ista", dict(v_rest=-61.0, v_reset=-62.0), dict(v=-62.0)),
    ("HH_cond_exp", dict(e_rev_leak=-60.0, v_offset=-61.0), dict(v=-60.0, n=0.0, m=0.0, h=1.0)),
]


@pytest.mark.parametrize("name, kwargs, expected", INITIAL)
def test_initial_values_follow_parameters(name, kwargs, expected):
    net = ann.Network()
    pop = net.create(2, getattr(ann, name)(**kwargs))
    for attr, value in expected.items():
        np.testing.assert_allclose(getattr(pop, attr), [value, value], err_msg=attr)


@pytest.mark.parametrize("name", SPIKING)
def test_spiking_neurons_receive_exc_and_inh(name):
    net = ann.Network()
    pre = net.create(2, ann.IF_curr_exp)
    post = net.create(2, getattr(ann, name))
    for target in ("exc", "inh"):
        net.connect(pre, post, target).all_to_all(weights=0.1)
    assert set(post.neuron_type._parse().targets) == {"exc", "inh"}


def test_refractory_periods():
    for cls in NEURON_MODELS:
        model = cls()
        if cls.__name__ in ("LeakyIntegrator", "HH_cond_exp"):
            assert model.refractory is None
        else:
            assert model.refractory == "tau_refrac"
    assert ann.HH_cond_exp().reset is None


def test_leaky_integrator_options():
    model = ann.LeakyIntegrator(sum="sum(ampa)", noise="Normal(0.0, 1.0)")
    net = ann.Network()
    pop = net.create(2, model)
    assert set(pop.neuron_type._parse().targets) == {"ampa"}
    assert "Normal(0.0, 1.0)" in model.equations[0].equation
    assert model.equations[0].method == "exponential"
    assert "Normal" not in ann.LeakyIntegrator().equations[0].equation


def test_izhikevich_conductance():
    model = ann.Izhikevich(conductance="g_ampa * (1 + g_nmda) - g_gaba")
    net = ann.Network()
    pop = net.create(2, model)
    assert set(pop.neuron_type._parse().targets) == {"ampa", "nmda", "gaba"}
    assert {"g_ampa", "g_nmda", "g_gaba"} <= set(pop.variables)


def _projection(name, model):
    net = ann.Network()
    neuron = ann.Izhikevich if name in ("STP", "STDP") else ann.LeakyIntegrator
    pre, post = net.create(2, neuron), net.create(3, neuron)
    proj = net.connect(pre, post, "exc", model)
    proj.all_to_all(weights=0.5)
    return proj


@pytest.mark.parametrize("name", list(SYNAPSE_DEFAULTS))
@pytest.mark.parametrize("as_class", [True, False], ids=["class", "instance"])
def test_synapse_defaults(name, as_class):
    model = getattr(ann, name)
    proj = _projection(name, model if as_class else model())
    assert proj.synapse_type.type == ("spike" if name in ("STP", "STDP") else "rate")
    assert set(SYNAPSE_DEFAULTS[name]) <= set(proj.parameters)
    assert set(SYNAPSE_VARIABLES[name]) <= set(proj.variables) | {"w"}
    local = LOCAL_SYNAPSE_PARAMETERS.get(name, ())
    for attr, value in SYNAPSE_DEFAULTS[name].items():
        got = np.asarray(getattr(proj, attr))
        assert got.shape == ((3, 2) if attr in local else ()), attr
        np.testing.assert_allclose(got, value, err_msg=attr)
    for attr, value in SYNAPSE_VARIABLES[name].items():
        shape = (3,) if attr in SEMIGLOBAL else (3, 2)
        np.testing.assert_allclose(getattr(proj, attr), np.full(shape, value), err_msg=attr)


@pytest.mark.parametrize("name", list(SYNAPSE_DEFAULTS))
def test_synapse_overrides(name):
    values = {k: v + 0.25 for k, v in SYNAPSE_DEFAULTS[name].items()}
    proj = _projection(name, getattr(ann, name)(**values))
    for attr, value in values.items():
        np.testing.assert_allclose(getattr(proj, attr), value, err_msg=attr)
    if name == "STP":  # u starts at U
        np.testing.assert_allclose(proj.u, values["U"])


def test_models_under_the_module_paths_of_the_reference():
    from ANNarchy.models.Neurons import Izhikevich, list_standard_neurons
    from ANNarchy.models.Synapses import STDP, list_standard_synapses

    assert Izhikevich is ann.Izhikevich and STDP is ann.STDP
    assert len(list_standard_neurons()) == len(NEURON_MODELS) == 9
    assert len(list_standard_synapses()) == len(SYNAPSE_MODELS) == 5
