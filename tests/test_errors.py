"""Bad input gives a clear ANNarchyException before any C++ is written."""

from __future__ import annotations

import ANNarchy as ann
import pytest
from ANNarchy.intern.Messages import ANNarchyException as CompatException

HOSTILE = [
    "r = __import__('os').system('true')",
    'r = 1; system("true")',
    "r = v.__class__",
    "r = (lambda: 1)()",
    "r = [x for x in v]",
    "r = 'text'",
    "r = v[0]",
]


def test_exception_is_importable_from_both_places():
    assert CompatException is ann.ANNarchyException
    assert issubclass(ann.InvalidConfiguration, ann.ANNarchyException)


@pytest.mark.parametrize("equation", HOSTILE)
def test_hostile_equations_are_rejected(equation, tmp_path):
    neuron = ann.Neuron(parameters=dict(v=1.0), equations=equation)
    net = ann.Network()
    with pytest.raises(ann.ANNarchyException):
        net.create(2, neuron)
        net.compile(directory=str(tmp_path / "build"))
    assert not list(tmp_path.rglob("*.cpp"))


@pytest.mark.parametrize(
    "equations, fragment",
    [
        ("r = v +* 2", "r = v +* 2"),
        ("r = unknown_name + 1", "unknown_name"),
        ("r + v = 1", "r + v = 1"),
        ("r = sum(1)", "sum"),
        ("r = 1.0 : nonsense_flag", "nonsense_flag"),
        ("r = frobnicate(1.0)", "frobnicate"),
    ],
)
def test_bad_equation_names_model_and_token(equations, fragment):
    neuron = ann.Neuron(parameters=dict(tau=1.0), equations=equations, name="MyModel")
    net = ann.Network()
    with pytest.raises(ann.ANNarchyException) as err:
        net.create(2, neuron)
    message = str(err.value)
    assert "MyModel" in message
    assert fragment in message


def test_compiler_failure_shows_message_and_file(backend, tmp_path):
    neuron = ann.Neuron(equations="r = 1.0")
    net = ann.Network()
    net.config(paradigm=backend)
    net.create(2, neuron)
    with pytest.raises(ann.ANNarchyException) as err:
        net.compile(directory=str(tmp_path / "b"), compiler_flags="-O2 --no-such-flag-xyz")
    message = str(err.value)
    assert "no-such-flag-xyz" in message
    assert ".cpp" in message


def test_unknown_paradigm_names_the_distribution():
    net = ann.Network()
    net.create(1, ann.Neuron(equations="r = 1.0"))
    net.config(paradigm="cuda")
    with pytest.raises(ann.ANNarchyException, match="annarchy-backend-cuda"):
        net.compile()


def _spiking(spike="v > 1", reset="v = 0"):
    return ann.Neuron(equations="dv/dt = 1", spike=spike, reset=reset, name="Bad")


@pytest.mark.parametrize(
    "kwargs, fragment",
    [({"spike": "v = 1"}, "boolean"), ({"reset": "u = 0"}, "'u'")],  # v + 1: non-zero
)
def test_bad_spiking_neuron(kwargs, fragment):
    with pytest.raises(ann.ANNarchyException) as err:
        ann.Network().create(2, _spiking(**kwargs))
    assert "Bad" in str(err.value)
    assert fragment in str(err.value)


def test_pre_spike_on_rate_coded_pair():
    net = ann.Network()
    rate = ann.Neuron(equations="r = 1.0")
    a, b = net.create(2, rate), net.create(2, rate)
    with pytest.raises(ann.ANNarchyException, match="SpikeSyn.*rate-coded") as err:
        net.connect(a, b, "exc", ann.Synapse(pre_spike="g_target += w", name="SpikeSyn"))
    assert f"{a.name} -> {b.name} (exc)" in str(err.value)


def test_negative_delay():
    net = ann.Network()
    rate = ann.Neuron(equations="r = sum(exc)")
    proj = net.connect(net.create(2, rate), net.create(2, rate), "exc")
    with pytest.raises(ann.ANNarchyException, match="delays must be >= 0"):
        proj.all_to_all(1.0, delays=-1.0)


def test_spiking_synapse_onto_rate_coded_population(backend):
    """No compiler message: a clear error naming the projection and the fix."""
    net = ann.Network()
    net.config(paradigm=backend)
    spiking = net.create(2, ann.Neuron(equations="dv/dt = 1", spike="v > 1", reset="v = 0"))
    rate = net.create(2, ann.Neuron(equations="r = sum(exc)"))
    net.connect(spiking, rate, "exc").all_to_all(1.0)
    with pytest.raises(ann.ANNarchyException, match="cannot target the rate-coded.*Decoding"):
        net.compile()
