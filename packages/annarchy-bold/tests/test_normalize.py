"""Baselines (``normalize_input``), start/restart, and the network boundary. Expected numbers
printed by the reference implementation for the same script: r = b + t/1000 (b = 1, then 0.5
for the second population from t = 10 ms), monitors started at t = 10 ms."""

from __future__ import annotations

import ANNarchy as ann
import ANNarchy.extensions.bold as bold
import numpy as np
import pytest

# window of 3 ms: 0 during the window, then (x - B) / (B + 1e-7), B = mean of x over the window
WINDOW3 = [0.0, 0.0, 0.0, 0.0019801978237427914, 0.002970296735614077, 0.003960395647485583]
WINDOW3_S = [0.0, 0.0, 0.0, 1.980197823742813e-06, 4.949208716614177e-06, 8.906389787247408e-06]
# a second start(): a new 3-step window, whose values extend the first baseline (6 steps)
RESTART = [
    0.0,
    0.0,
    0.0,
    0.0049358336687233455,
    0.005923000402467883,
    0.006910167136212639,
    0.007897333869957177,
    0.008884500603701934,
    0.00987166733744647,
    0.010858834071191228,
    0.011846000804935766,
    0.012833167538680523,
    0.01382033427242506,
    0.014807501006169817,
]
# two populations, scale factors [1, 2], windows [5, 10] ms
TWO_WINDOWS = [
    0.0,
    0.0,
    0.0,
    0.0,
    0.0,
    0.002967358756937921,
    0.003956478342583748,
    0.0049455979282297955,
    0.0059347175138756226,
    0.006923837099521669,
    -0.1500284527307314,
    -0.1454900879896719,
    -0.1409517232486126,
    -0.13641335850755312,
    -0.1318749937664938,
    -0.1273366290254343,
    -0.12279826428437501,
    -0.1182598995433155,
    -0.1137215348022562,
    -0.1091831700611967,
]
TWO_WINDOWS_BOLD = [-8.136460992346884e-11, -1.1767075285062491e-10, -1.6298960370265905e-10]
# fmt: skip


@pytest.fixture
def ramp_net():
    net = ann.Network(dt=1.0)
    neuron = ann.Neuron(
        parameters=dict(b=ann.Parameter(1.0, locality="local")), equations="r = b + t / 1000"
    )
    return net, net.create(2, neuron), net.create(3, neuron)


def test_baselines_windows_and_restart(ramp_net, run):
    net, pa, pb = ramp_net
    m3 = net.boldmonitor([pa], normalize_input=[3], recorded_variables=["I_CBF", "s"])
    m510 = net.boldmonitor(
        [pa, pb], scale_factor=[1.0, 2.0], normalize_input=[5, 10],
        recorded_variables=["I_CBF", "BOLD"],
    )  # fmt: skip
    run(net)
    net.simulate(10)
    # not started: the model gets no input and stays at rest
    assert (m3.population.I_CBF[0], m3.population.s[0], m3.population.f_in[0]) == (0.0, 0.0, 1.0)
    m3.start()
    m510.start()
    pb.b = 0.5
    net.simulate(6)
    np.testing.assert_allclose(m3.get("I_CBF")[:, 0], WINDOW3, rtol=1e-9, atol=1e-16)
    np.testing.assert_allclose(m3.get("s")[:, 0], WINDOW3_S, rtol=1e-9, atol=1e-16)
    m3.start()
    net.simulate(14)
    np.testing.assert_allclose(m3.get("I_CBF")[:, 0], RESTART, rtol=1e-9)
    np.testing.assert_allclose(m510.get("I_CBF")[:, 0], TWO_WINDOWS, rtol=1e-9)
    np.testing.assert_allclose(m510.get("BOLD")[-3:, 0], TWO_WINDOWS_BOLD, rtol=1e-7)
    with pytest.raises(bold.BoldMonitorError, match="before compile"):
        net.boldmonitor([pa])


def test_plugin_wiring(ramp_net):
    net, pa, pb = ramp_net
    m = net.boldmonitor([pa, pb])
    assert isinstance(m, bold.BoldMonitor) and net.get_extensions() == [m]
    assert net.get_extension(m.name) is m
    assert isinstance(m.bold_model, bold.balloon_RN)
    assert m.scale_factor == [0.4, 0.6] and m.recorded_variables == ["BOLD"]
    assert m.monitor in net.get_monitors() and m.population in net.get_populations()
    assert [p.target for p in net.get_projections()] == ["I_CBF", "I_CBF"]
    from ANNarchy.plugins import registry

    assert registry("monitors").get("BoldMonitor") is bold.BoldMonitor
    assert registry("bold_models").get("balloon_two_inputs") is bold.balloon_two_inputs


def test_without_the_plugin_the_error_names_the_distribution(ramp_net):
    from ANNarchy import plugins

    net, pa, _ = ramp_net
    manager = plugins.manager()
    plugin = manager.get_plugin("bold")
    manager.unregister(plugin)
    plugins.refresh()
    try:
        with pytest.raises(ann.ANNarchyException, match="pip install annarchy-bold"):
            net.boldmonitor([pa])
    finally:
        manager.register(plugin, name="bold")
        plugins.refresh()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(mapping={"I_X": "r"}), "'I_X' is not an input of the BOLD model"),
        (dict(mapping={"I_CBF": "u"}), "has no attribute 'u'"),
        (dict(mapping="r"), "mapping must be a dict"),
        (dict(scale_factor=[1.0]), "scale_factor needs one value per population"),
        (dict(normalize_input=[1, 2, 3]), "normalize_input needs one value per population"),
        (dict(normalize_input=-5), "normalize_input must be >= 0"),
        (dict(recorded_variables=["BOLD", "x"]), "has no variable 'x'"),
        (dict(bold_model=ann.Neuron(equations="r = 1")), "bold_model must be a BoldModel"),
        (dict(populations=[]), "populations must be a Population"),
    ],
)
def test_bad_arguments(ramp_net, kwargs, message):
    net, pa, pb = ramp_net
    kwargs = {"populations": [pa, pb], **kwargs}
    with pytest.raises(bold.BoldMonitorError, match=message):
        net.boldmonitor(**kwargs)
    assert net.get_extensions() == [] and len(net.get_populations()) == 2


def test_population_of_another_network(ramp_net):
    _, pa, _ = ramp_net
    other = ann.Network(dt=1.0)
    with pytest.raises(bold.BoldMonitorError, match="belongs to another network"):
        other.boldmonitor([pa])


def test_get_of_a_variable_not_recorded(ramp_net, run):
    net, pa, _ = ramp_net
    m = net.boldmonitor(pa, start=True)
    run(net)
    net.simulate(3)
    with pytest.raises(bold.BoldMonitorError, match="'s'"):
        m.get("s")
    assert m.get("BOLD").shape == (3, 1)


def test_direct_construction_joins_the_populations_network(ramp_net):
    net, pa, _ = ramp_net
    m = bold.BoldMonitor(populations=[pa], bold_model=bold.balloon_RL, mapping={"I_CBF": "r"})
    assert net.get_extensions() == [m] and isinstance(m.bold_model, bold.balloon_RL)
