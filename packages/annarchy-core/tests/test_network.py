"""Network: names and lookups, subclasses, configuration, constants, copy and clear."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest


def test_names_and_lookups(rate_neuron):
    net = ann.Network()
    a = net.create(3, rate_neuron, name="a")
    b = net.create(3, rate_neuron)
    proj = net.connect("a", b, "exc", name="ab")
    m = net.monitor(b, "r", name="mon")
    assert net.get_population("a") is a and net.get_population("pop1") is b
    assert net.get_projection("ab") is proj and net.get_monitor("mon") is m
    assert net.get_populations() == [a, b] and net.get_projections() == [proj]
    assert net.get_monitors() == [m]
    assert net.get_projections(post=b, target="exc") == [proj]
    assert net.get_projections(target="inh", suppress_error=True) == []
    with pytest.raises(ann.ANNarchyException, match="no projection"):
        net.get_projections(target="inh")
    with pytest.raises(ann.ANNarchyException, match="no population named 'zz'.*a, pop1"):
        net.get_population("zz")


def test_duplicate_names_refused(rate_neuron):
    net = ann.Network()
    a = net.create(3, rate_neuron, name="a")
    with pytest.raises(ann.InvalidConfiguration, match="population named 'a' already exists"):
        net.create(3, rate_neuron, name="a")
    net.connect(a, a, "exc", name="p")
    with pytest.raises(ann.InvalidConfiguration, match="projection named 'p'"):
        net.connect(a, a, "exc", name="p")
    net.monitor(a, "r", name="m")
    with pytest.raises(ann.InvalidConfiguration, match="monitor named 'm'"):
        net.monitor(a, "v", name="m")
    assert len(net.get_populations()) == 1 and len(net.get_projections()) == 1


def test_dt_and_seed(rate_neuron):
    net = ann.Network(dt=0.1, seed=3)
    assert net.dt == 0.1 and net.seed == 3
    assert np.allclose(net.default_rng.random(3), np.random.default_rng(3).random(3))
    net.config(dt=0.25, num_threads=2, method="midpoint")
    assert net.dt == 0.25 and net._config["num_threads"] == 2
    assert ann.Network().dt == 1.0 and ann.Network().seed is None
    with pytest.raises(ann.InvalidConfiguration, match="dt must be a positive"):
        ann.Network(dt=-1.0)
    with pytest.raises(ann.InvalidConfiguration, match="unknown setting 'foo'"):
        net.config(foo=1)
    with pytest.raises(ann.InvalidConfiguration, match="keyword"):
        net.config(0.1)


def test_subclass_with_arguments_and_passthrough(rate_neuron):
    class Simple(ann.Network):
        def __init__(self, n, name="x"):
            self.pop = self.create(n, rate_neuron, name=name)
            self.n = n

    net = Simple(7, dt=0.5, seed=11)
    assert net.pop.size == 7 and net.dt == 0.5 and net.seed == 11 and net.pop.name == "x"
    assert net.get_populations() == [net.pop]
    # as the reference: the given arguments only, dt of the parent, a seed of its own
    copy = net.copy(7)
    assert isinstance(copy, Simple) and copy.pop.size == 7 and copy.dt == 0.5
    assert copy.seed is None and copy.pop is not net.pop and not copy.compiled
    other = net.copy(3, name="y", seed=5)
    assert other.pop.size == 3 and other.dt == 0.5 and other.seed == 5
    assert net.copy(2, dt=0.1).dt == 0.1

    class TakesDt(ann.Network):
        def __init__(self, dt):
            super().__init__(dt=dt)
            self.seen = dt

    net = TakesDt(dt=0.2)
    assert net.seen == 0.2 and net.dt == 0.2


def test_subclass_calling_base_init_explicitly(rate_neuron):
    class Explicit(ann.Network):
        def __init__(self):
            ann.Network.__init__(self)
            self.create(2, rate_neuron)

    net = Explicit(dt=0.1)
    assert net.dt == 0.1 and len(net.get_populations()) == 1


def test_constants(rate_neuron):
    tau = ann.Constant("tau_c", 20.0)
    assert tau + 1 == 21.0 and 2 * tau == 40.0 and float(tau) == 20.0
    net = ann.Network()
    local = net.get_constant("tau_c")
    assert local is not tau and local.value == 20.0
    tau.set(30.0)
    assert local.value == 30.0 and tau * 2 == 60.0
    local.set(5.0)
    assert tau.value == 30.0
    k = net.constant("k", 0.25)
    assert net.get_constant("k") is k and {c.name for c in net.get_constants()} == {"tau_c", "k"}
    assert "k" not in {c.name for c in ann.Network().get_constants()}
    with pytest.raises(ann.InvalidConfiguration, match="already exists"):
        net.constant("k", 1.0)
    with pytest.raises(ann.InvalidConfiguration, match="already declared"):
        ann.Constant("tau_c", 1.0)
    with pytest.raises(ann.ANNarchyException, match="no constant named 'zz'"):
        net.get_constant("zz")
    assert net._parse_settings().constants == ("k", "tau_c")


def test_time_before_compile(rate_neuron):
    net = ann.Network(dt=0.5)
    net.create(2, rate_neuron)
    assert net.time == 0.0 and net.current_step == 0 and not net.compiled
    net.time = 3.0
    assert net.current_step == 6
    with pytest.raises(ann.NotCompiledError, match="compile"):
        net.simulate(10.0)
    with pytest.raises(ann.NotCompiledError):
        net.step()


def test_create_with_population_object_and_clear(rate_neuron):
    standalone = ann.Population(4, rate_neuron)  # joins the magic network first
    assert standalone in ann.magic_network().get_populations()
    net = ann.Network()
    assert net.create(standalone) is standalone
    assert standalone not in ann.magic_network().get_populations()
    assert net.get_populations() == [standalone] and standalone.name == "pop0"
    with pytest.raises(ann.InvalidConfiguration, match="not both"):
        net.create(population=ann.Population(2, rate_neuron), neuron=rate_neuron)
    net.clear()
    assert net.get_populations() == [] and not net.compiled


def test_connect_across_networks_refused(rate_neuron):
    a = ann.Network().create(2, rate_neuron)
    net = ann.Network()
    b = net.create(2, rate_neuron)
    with pytest.raises(ann.InvalidConfiguration, match="another network"):
        net.connect(a, b, "exc")
    with pytest.raises(ann.InvalidConfiguration, match="another network"):
        net.monitor(a, "r")
