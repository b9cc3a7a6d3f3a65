"""Network API through a compiled network: formats, learning switches, monitors, seeding, threads."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest

NOISY = ann.Neuron(
    parameters=dict(tau=10.0),
    equations=["tau*dv/dt = Uniform(0, 1) - v", "r = v + Normal(0, 0.1)"],
)
HEBB = ann.Synapse(parameters=dict(eta=0.01), equations="dw/dt = eta * pre.r * post.r")


def test_learning_switches_reshape_and_dendrites(backend):
    net = ann.Network(dt=1.0, seed=5)
    net.config(paradigm=backend, num_threads=2)
    pop = net.create((2, 3), NOISY)
    out = net.create(6, ann.Neuron(equations="r = sum(exc)"))
    proj = net.connect(pop, out, "exc", HEBB, storage_format="dense", storage_order="pre_to_post")
    proj.all_to_all(0.1)
    m = net.monitor(pop, "r")
    net.compile(clean=True, compiler_flags="-O2", silent=True)
    net.simulate(200.0)
    assert m.get("r", reshape=True).shape == (200, 2, 3)
    # v relaxes towards the mean of Uniform(0, 1): 0.5 +- noise of 6 neurons
    assert abs(pop.v.mean() - 0.5) < 0.1
    w0 = np.array(proj.w)
    net.disable_learning()
    net.simulate(5.0)
    assert np.array_equal(np.array(proj.w), w0)
    net.enable_learning()
    net.simulate(5.0)
    assert np.all(np.array(proj.w) > w0)
    assert proj.dendrite(0).size == 6
    assert np.array(proj.connectivity_matrix()).shape == (6, 6)


def _noisy_rates(backend, threads: int) -> np.ndarray:
    net = ann.Network(dt=1.0, seed=5)
    net.config(paradigm=backend, num_threads=threads)
    pop = net.create(50, NOISY)
    net.compile(silent=True)
    net.simulate(20.0)
    return pop.r.copy()


def test_seeded_draws_do_not_depend_on_threads(backend):
    one = _noisy_rates(backend, 1)
    assert np.array_equal(one, _noisy_rates(backend, 2))
    assert np.array_equal(one, _noisy_rates(backend, 1))
    assert len(np.unique(one)) == 50


def test_default_rng_is_seeded():
    a = ann.Network(seed=1).default_rng.uniform(size=3)
    b = ann.Network(seed=1).default_rng.uniform(size=3)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, ann.Network(seed=2).default_rng.uniform(size=3))


class Pair(ann.Network):
    def __init__(self, n):
        self.pop = self.create(
            n,
            ann.Neuron(parameters=dict(tau=10.0), equations=["tau*dv/dt = 1 - v", "r = v"]),
            name="p",
        )
        self.m = self.monitor(self.pop, "r")


def test_subclass_and_copy(backend):
    net = Pair(4, dt=0.5, seed=3)
    net.config(paradigm=backend)
    assert net.dt == 0.5
    assert net.get_population("p") is net.pop
    net.compile(silent=True)
    net.simulate(1.0)
    expected = 1.0 - 0.95**2
    assert net.pop.r == pytest.approx(np.full(4, expected))
    other = net.copy(4)  # the constructor's arguments are given again, as the reference
    assert other.compiled and other.dt == 0.5  # compiled from the same build
    other.simulate(1.0)
    assert other.pop.r == pytest.approx(np.full(4, expected))


def test_sum_of_a_target_the_model_does_not_read(backend):
    """``pop.sum(t)`` is the weighted sum of ``t`` even when the equations never read it, and
    zeros for a target no projection has (Population.sum in the spec)."""
    net = ann.Network()
    net.config(paradigm=backend)
    src = net.create(3, ann.Neuron(parameters="r = 1.0"))
    dst = net.create(2, ann.Neuron(equations="r = sum(exc)"))
    net.connect(src, dst, "exc").all_to_all(0.5)
    net.connect(src, dst, "inh").all_to_all(0.25)
    net.compile()
    net.step()
    assert dst.sum("exc").tolist() == [1.5, 1.5]
    assert dst.sum("inh").tolist() == [0.75, 0.75]
    assert dst.sum("mod").tolist() == [0.0, 0.0]
    assert dst.r.tolist() == [1.5, 1.5]


def test_delayed_reads_start_from_the_values_at_compile(backend):
    """Before the delay has passed, a delayed projection reads the values the population had at
    compile(), not those set between compile() and the first step (the reference's numbers)."""
    inp = ann.Neuron(parameters=dict(r0=ann.Parameter(0.0, locality="local")), equations="r = r0")
    out = ann.Neuron(equations="r = sum(exc)")
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    a, b = net.create(2, inp), net.create(2, out)
    a.r0 = [1.0, 2.0]
    net.connect(a, b, "exc").one_to_one(1.0, delays=3.0)
    m = net.monitor(b, "r")
    net.compile()
    a.r0 = [5.0, 7.0]
    a.r = [3.0, 4.0]
    net.simulate(6.0)
    assert m.get("r").tolist() == [[0.0, 0.0]] * 3 + [[5.0, 7.0]] * 3
