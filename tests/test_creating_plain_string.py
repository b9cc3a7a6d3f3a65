"""``creating="condition"`` as a plain string (no ``: proba=..., w=...`` flags).

The manual (StructuralPlasticity.qmd) gives the defaults of the flags (``proba`` 1.0, ``w``
0.0, ``d`` the projection's delay or dt) and does not single plain strings out; the reference
(ANNarchy 5.0.4.1, ``tools/oracle``) treats one as ``ann.Creating(condition)``: once
``start_creating()`` was called, every pre/post pair meeting it at a checking step gets a synapse
of weight 0, and nothing is created without ``start_creating()``. (It compiles no spiking
projection with structural plasticity, so the expected values are rate-coded.)
"""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest

SOURCE = ann.Neuron(parameters=dict(v0=ann.Parameter(0.0, locality="local")), equations="r = v0")
TARGET = ann.Neuron(equations="r = sum(exc)")


def run(backend, creating, start: bool):
    """4 sources -> 2 neurons (synapses 0 -> 0 and 3 -> 1, weight 1); the sources' r becomes
    [0, 1, 0.2, 3] before step 4; ``start_creating(period=3.0)``. Returns the synapse count
    after each of 10 steps, the projection and the target population."""
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend, structural_plasticity=True)
    pre = net.create(4, SOURCE)
    post = net.create(2, TARGET)
    syn = ann.Synapse(parameters="eta = 0.1", creating=creating)
    proj = net.connect(pre, post, "exc", synapse=syn)
    proj.from_matrix(np.array([[1.0, None, None, None], [None, None, None, 1.0]]))
    net.compile()
    if start:
        proj.start_creating(period=3.0)
    counts = []
    for step in range(10):
        if step == 4:
            pre.v0 = [0.0, 1.0, 0.2, 3.0]
        net.step()
        counts.append(int(proj.nb_synapses))
    return counts, proj, post


@pytest.mark.parametrize("form", ["string", "object"])
def test_plain_string_creates_with_probability_one_and_weight_zero(backend, form):
    creating = "pre.r > 0.5" if form == "string" else ann.Creating("pre.r > 0.5")
    counts, proj, post = run(backend, creating, start=True)
    assert counts == [2, 2, 2, 2, 2, 2, 5, 5, 5, 5]  # reference: checked at step 6
    assert proj.dendrite(0).pre_ranks == [0, 1, 3]
    assert proj.dendrite(0).w == [1.0, 0.0, 0.0]
    assert proj.dendrite(1).pre_ranks == [1, 3]
    assert proj.dendrite(1).w == [0.0, 1.0]
    assert post.r.tolist() == [0.0, 3.0]


def test_plain_string_creates_nothing_before_start_creating(backend):
    counts, proj, _ = run(backend, "pre.r > 0.5", start=False)
    assert counts == [2] * 10
    assert (proj.dendrite(0).pre_ranks, proj.dendrite(1).pre_ranks) == ([0], [3])


def test_plain_string_with_flags_as_the_reference(backend):
    counts, proj, post = run(backend, "pre.r > 0.5 : proba = 1.0, w = 0.5", start=True)
    assert counts == [2, 2, 2, 2, 2, 2, 5, 5, 5, 5]
    assert proj.dendrite(0).w == [1.0, 0.5, 0.5]
    assert proj.dendrite(1).w == [0.5, 1.0]
    assert post.r.tolist() == [0.5 * 3.0 + 0.5, 0.5 + 3.0]
