"""Time and durations: a duration runs ceil(duration / dt) steps (with a tolerance of about
1e-9 steps), and a bad dt or duration is the library's own error.

The step counts were printed by the reference implementation (ANNarchy 5.0.4.1):
``net.simulate(d)`` then ``net.current_step`` for each duration.
"""

from __future__ import annotations

import math
import warnings

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.core import config as _config

# (dt, duration, steps run by the reference)
REFERENCE_STEPS = [
    (1.0, 0.4, 1),
    (1.0, 2.5, 3),
    (1.0, 1.0, 1),
    (1.0, 0.0, 0),
    (1.0, 0.9999999999, 1),
    (1.0, 1.000001, 2),
    (1.0, 2.0000001, 3),
    (0.1, 1.1, 11),
    (0.1, 0.3, 3),
    (0.1, 0.7, 7),
    (0.1, 0.05, 1),
    (0.1, 1.15, 12),
    (0.1, 2.9999999, 30),
    (0.25, 0.3, 2),
    (0.25, 1.0, 4),
    (0.25, 0.26, 2),
]


def compiled(dt, rate_neuron):
    net = ann.Network(dt=dt)
    net.config(paradigm="fake")
    net.create(2, rate_neuron)
    net.compile(silent=True)
    return net


@pytest.mark.parametrize("dt, duration, steps", REFERENCE_STEPS)
def test_simulate_runs_ceil_of_duration_over_dt(fake_backend, rate_neuron, dt, duration, steps):
    net = compiled(dt, rate_neuron)
    net.simulate(5 * dt)
    net.simulate(duration)
    assert net.current_step == 5 + steps
    assert fake_backend.runtime.step == 5 + steps


@pytest.mark.parametrize(
    "dt, duration, steps",
    # within 1e-9 steps of a whole number: that number (the reference runs 1, 2 and 4 steps,
    # the floating-point rounding of duration / dt deciding)
    [(1.0, 1e-10, 0), (1.0, 1.0000000001, 1), (0.1, 0.1 + 0.2, 3), (0.1, 1000.1, 10001)],
)
def test_a_quotient_within_the_tolerance_is_a_whole_number(
    fake_backend, rate_neuron, dt, duration, steps
):
    net = compiled(dt, rate_neuron)
    net.simulate(duration)
    assert net.current_step == steps


@pytest.mark.parametrize("duration", [math.inf, -math.inf, math.nan, -1.0, -0.4, 1e300])
def test_bad_durations_are_clear_errors(fake_backend, rate_neuron, duration):
    net = compiled(0.5, rate_neuron)
    with pytest.raises(ann.InvalidConfiguration, match="simulate"):
        net.simulate(duration)
    with pytest.raises(ann.InvalidConfiguration, match="simulate"):
        net.simulate(np.float64(duration))
    assert net.current_step == 0


@pytest.mark.parametrize("duration", ["ten", None, [1.0], 1j])
def test_durations_that_are_not_numbers(fake_backend, rate_neuron, duration):
    net = compiled(0.5, rate_neuron)
    with pytest.raises(ann.InvalidConfiguration, match="number of ms"):
        net.simulate(duration)


@pytest.mark.parametrize("dt", [math.inf, math.nan, 0.0, -0.1, -math.inf, True, "0.1", [0.1]])
def test_bad_dt_is_a_clear_error(dt):
    kwargs = {"dt": dt}
    with pytest.raises(ann.InvalidConfiguration, match="dt must be a positive finite number"):
        ann.Network(**kwargs)
    net = ann.Network()
    with pytest.raises(ann.InvalidConfiguration, match="dt must be"):
        net.config(**kwargs)
    with pytest.raises(ann.InvalidConfiguration, match="dt must be"):
        _config.setup(**kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ann.InvalidConfiguration, match="dt must be"):
            ann.setup(**kwargs)
    assert net.dt == 1.0 and ann.Network().dt == 1.0


def test_a_valid_dt_still_works():
    assert ann.Network(dt=np.float32(0.5)).dt == 0.5
    assert ann.Network(dt=2).dt == 2.0
    assert ann.Network(dt=1e-300).dt == 1e-300


def test_assigning_dt_is_the_library_error(fake_backend, rate_neuron):
    net = ann.Network(dt=0.5)
    with pytest.raises(ann.InvalidConfiguration, match=r"net.config\(dt=...\)"):
        net.dt = 0.1
    assert net.dt == 0.5
    net = compiled(0.25, rate_neuron)
    with pytest.raises(ann.InvalidConfiguration, match="cannot be assigned"):
        net.dt = math.inf
    assert net.dt == 0.25


def test_global_setup_and_simulate(fake_backend, rate_neuron):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ann.setup(dt=0.25, paradigm="fake")
        ann.Population(2, rate_neuron)
        ann.compile(silent=True)
        ann.simulate(0.3)
        assert ann.get_current_step() == 2
        ann.simulate(2.5)
        assert ann.get_current_step() == 12
        with pytest.raises(ann.InvalidConfiguration, match="finite"):
            ann.simulate(math.inf)
        with pytest.raises(ann.InvalidConfiguration, match="finite"):
            ann.simulate(-1.0)
        assert ann.get_current_step() == 12
