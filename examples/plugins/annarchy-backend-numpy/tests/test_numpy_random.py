"""Random draws in equations: the counter-based generator of the openmp backend (Philox-4x32-10),
so that seeded networks give the same numbers."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.plugin import registry
from annarchy_numpy.draws import Draws, philox


def test_philox_known_answers():
    """The known-answer vectors of Random123 for Philox-4x32-10 (key, counter -> output)."""
    zero = [int(x[0]) for x in philox(0, 0, 0, np.zeros(1, dtype=np.uint64))]
    assert zero == [0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8]
    ones = philox(0xFFFFFFFFFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, np.array([2**64 - 1], np.uint64))
    assert [int(x[0]) for x in ones] == [0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD]


def test_distributions_have_the_right_moments():
    draws = Draws(seed=7, step=3)
    index = np.arange(200_000, dtype=np.uint64)
    uniform = draws.draw("Uniform", 1, index, [2.0, 4.0])
    assert uniform.min() > 2.0 and uniform.max() < 4.0 and abs(uniform.mean() - 3.0) < 0.01
    normal = draws.draw("Normal", 2, index, [1.0, 2.0])
    assert abs(normal.mean() - 1.0) < 0.02 and abs(normal.std() - 2.0) < 0.02
    gamma = draws.draw("Gamma", 3, index, [0.5, 2.0])
    assert abs(gamma.mean() - 1.0) < 0.02
    binomial = draws.draw("Binomial", 4, index, [5.0, 0.3])
    assert set(np.unique(binomial)) <= set(range(6)) and abs(binomial.mean() - 1.5) < 0.02


def _noisy(paradigm):
    net = ann.Network(dt=0.5, seed=42)
    net.config(paradigm=paradigm)
    neuron = ann.Neuron(
        parameters=dict(tau=10.0, s=ann.Parameter(0.3, locality="global")),
        equations=[
            "g = Normal(0.0, s) : population",
            "tau*dv/dt = -v + Uniform(0.0, 1.0) + g + Gamma(0.5, 2.0) + Binomial(5, 0.3)",
            "u = DiscreteUniform(1, 6) + LogNormal(0.0, 0.2) + Exponential(2.0)"
            " + Normal(0.0, 1.0, -0.5, 0.5)",
            "r = pos(v)",
        ],
    )
    syn = ann.Synapse(
        parameters=dict(eta=0.01),
        equations=[
            "noise = Uniform(-1.0, 1.0) : postsynaptic",
            "dw/dt = eta * (pre.r * post.r + Normal(0.0, 0.1) + noise)",
        ],
    )
    a, b = net.create(5, neuron), net.create(3, neuron)
    proj = net.connect(a, b, "exc", syn)
    proj.fixed_probability(0.6, weights=ann.Uniform(0.0, 0.5), delays=ann.Uniform(1.0, 3.0))
    m = net.monitor(b, ["v", "u", "g"])
    net.compile(directory=f"noisy_{paradigm}", silent=True)
    net.simulate(10.0)
    return m.get(), np.concatenate([np.ravel(d) for d in proj.w])


def test_seeded_draws_are_reproducible_and_bounded():
    (first, w1), (second, w2) = _noisy("numpy"), _noisy("numpy")
    assert np.array_equal(first["u"], second["u"]) and np.array_equal(w1, w2)
    assert first["g"].shape == (20,) and len(np.unique(first["g"])) == 20  # one per step
    assert len(np.unique(first["u"][-1])) == 3


def test_seeded_draws_equal_openmp():
    backends = registry("backends")
    if "openmp" not in backends or not backends.get("openmp").available()[0]:
        pytest.skip("annarchy-backend-openmp is not installed or has no compiler")
    (ours, w_ours), (theirs, w_theirs) = _noisy("numpy"), _noisy("openmp")
    for name in ("v", "u", "g"):
        np.testing.assert_allclose(ours[name], theirs[name], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(w_ours, w_theirs, rtol=1e-12, atol=1e-12)
