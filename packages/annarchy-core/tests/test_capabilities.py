"""Optional runtime capabilities: ``supports``/``require`` and the errors a backend without one
gives (the fake backend offers none of them)."""

from __future__ import annotations

import ANNarchy as ann
import pytest
from ANNarchy.errors import BackendCapabilityError
from ANNarchy.plugin import (
    BuildResult,
    SupportsDelays,
    SupportsEnable,
    SupportsStop,
    protocol_members,
    require,
    supports,
)


class StopOnly:
    stopped = False

    def run_until(self, nsteps, owners, operator="and"):
        return nsteps


def test_supports_checks_every_member():
    assert supports(StopOnly(), SupportsStop)
    runner = StopOnly()
    del StopOnly.stopped  # run_until without ``stopped`` is not enough
    try:
        assert not supports(runner, SupportsStop)
    finally:
        StopOnly.stopped = False
    assert not supports(None, SupportsStop)
    assert protocol_members(SupportsStop) == ["run_until", "stopped"]


def test_require_names_backend_capability_and_members():
    runner = StopOnly()
    assert require(runner, SupportsStop, "simulate_until()", "mine") is runner
    with pytest.raises(BackendCapabilityError) as info:
        require(runner, SupportsDelays, "Projection 'p': delay", "mine", hint="set them earlier")
    assert str(info.value) == (
        "Projection 'p': delay: the 'mine' backend does not support changing delays after "
        "compile() (its runtime has no set_delay; SupportsDelays); set them earlier."
    )
    assert isinstance(info.value, NotImplementedError)


def _compiled(fake_backend, spiking=False):
    net = ann.Network()
    equations = "v = 1.0" if spiking else "r = 1.0"
    neuron = ann.Neuron(equations=equations, spike="v > 0.5" if spiking else None)
    pop = net.create(3, neuron, name="pop", stop_condition="v > 0.5" if spiking else "r > 0.5")
    net.config(paradigm="fake")
    net.compile(silent=True)
    return net, pop


def test_disable_on_a_backend_without_it_names_the_backend(fake_backend):
    _, pop = _compiled(fake_backend)
    with pytest.raises(BackendCapabilityError, match=r"Population 'pop': disable\(\): the 'fake'"):
        pop.disable()
    assert pop.enabled is True


def test_disable_uses_set_enabled(fake_backend):
    _, pop = _compiled(fake_backend)
    calls = []
    runtime = pop._runtime()
    runtime.set_enabled = lambda owner, flag: calls.append((owner, flag))
    assert supports(runtime, SupportsEnable)
    pop.disable()
    pop.enable()
    assert calls == [(pop.owner, False), (pop.owner, True)]


def test_simulate_until_without_stop_conditions(fake_backend):
    net, _ = _compiled(fake_backend)
    with pytest.raises(BackendCapabilityError, match="stop conditions"):
        net.simulate_until(10.0, net.get_population("pop"))


def test_compute_firing_rate_and_clear_without_support(fake_backend):
    _, pop = _compiled(fake_backend, spiking=True)
    with pytest.raises(BackendCapabilityError, match="SupportsFiringRate"):
        pop.compute_firing_rate(5.0)
    with pytest.raises(BackendCapabilityError, match="SupportsClearSpikes"):
        pop.clear()


def test_build_result_without_library():
    result = BuildResult()
    assert (result.library, result.key, result.cached) == (None, "", False)
    assert BuildResult(key="k", cached=True).key == "k"
