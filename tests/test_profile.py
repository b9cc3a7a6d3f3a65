"""compile(profile_enabled=True): the openmp library times each phase of a step and
net.profile() reads it back; without it the generated code measures nothing."""

from __future__ import annotations

import time

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.errors import InvalidConfiguration

RATE = ann.Neuron(parameters="tau = 10.0", equations="tau * dr/dt + r = sum(exc) + 1.0")
LEARNING = ann.Synapse(parameters="eta = 0.01", equations="dw/dt = eta * pre.r * post.r")
PHASES = {
    "sums",
    "sums rates",
    "propagation spiking",
    "recording",
    "neuron update exc",
    "neuron update out",
    "neuron update rate",
    "synapse update rates",
    "post-synaptic events spiking",
}


def network(threads: int = 1) -> ann.Network:
    net = ann.Network(dt=0.5)
    net.config(paradigm="openmp", num_threads=threads)
    exc = net.create(40, ann.Izhikevich, name="exc")
    exc.i_offset = 12.0
    out = net.create(20, ann.Izhikevich, name="out")
    net.connect(exc, out, "exc", synapse=ann.STDP, name="spiking").fixed_probability(0.5, 0.2)
    rate = net.create(10, RATE, name="rate")
    net.connect(rate, rate, "exc", synapse=LEARNING, name="rates").all_to_all(0.05)
    net.monitor(exc, "spike")
    net.monitor(rate, "r")
    return net


@pytest.mark.parametrize("threads", [1, 2])
def test_each_phase_is_timed(tmp_path, threads):
    net = network(threads)
    net.compile(directory=tmp_path / "build", profile_enabled=True, silent=True)
    tic = time.perf_counter()
    net.simulate(50.0)  # 100 steps
    wall = time.perf_counter() - tic
    profile = net.profile()
    assert set(profile) == PHASES
    assert all(seconds >= 0.0 for seconds in profile.values())
    assert profile["neuron update exc"] > 0.0
    assert sum(profile.values()) <= wall
    calls = net._runtime.profile()
    assert calls["neuron update pop0"]["calls"] == 100
    assert calls["recording"]["calls"] == 100  # both recording points of each step
    cleared = net.profile(clear=True)
    assert cleared == profile
    assert set(net.profile().values()) == {0.0}
    net.simulate(1.0)
    assert net._runtime.profile()["synapse update proj1"]["calls"] == 2


def test_without_profile_enabled_nothing_is_measured(tmp_path):
    from annarchy_openmp import OpenMPBackend

    net = network()
    net.compile(directory=tmp_path / "build", silent=True)
    with pytest.raises(InvalidConfiguration, match="compile\\(profile_enabled=True\\)"):
        net.profile()
    plain = OpenMPBackend().generate(net._ir)["network.cpp"]
    assert "omp_get_wtime() - t_" not in plain
    profiled = network()
    profiled.compile(directory=tmp_path / "build", profile_enabled=True, silent=True)
    source = OpenMPBackend().generate(profiled._ir)["network.cpp"]
    assert source.count("omp_get_wtime() - t_") > 2 * len(PHASES)
    builds = [p for p in (tmp_path / "build").iterdir() if p.is_dir()]
    assert len(builds) == 2
    # the numbers do not change
    for n in (net, profiled):
        n.simulate(20.0)
    np.testing.assert_array_equal(net.get_population("rate").r, profiled.get_population("rate").r)
