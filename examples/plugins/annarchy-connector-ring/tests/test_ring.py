"""The ring and small-world connectors, reached as Projection methods through the entry point."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.plugin import ConnectorError

NEURON = ann.Neuron(equations="r = sum(exc)")


def _proj(n=6, seed=None, pre_slice=None):
    net = ann.Network(seed=seed)
    pop = net.create(n, NEURON, name="P")
    pre = pop if pre_slice is None else pop[pre_slice]
    post = pop if pre_slice is None else pop[pre_slice]
    return net.connect(pre, post, "exc", name="R")


def test_ring_neighbours():
    proj = _proj(6).ring(k=1, weights=0.5)
    assert proj.post_ranks == [0, 1, 2, 3, 4, 5]
    assert proj.pre_ranks == [[1, 5], [0, 2], [1, 3], [2, 4], [3, 5], [0, 4]]
    assert proj.nb_synapses == 12
    assert proj.w == 0.5


def test_ring_with_self_connections_is_all_to_all():
    proj = _proj(5).ring(k=2, self_connections=True)
    assert proj.pre_ranks == [[0, 1, 2, 3, 4]] * 5
    assert proj.nb_synapses == 25


def test_ring_on_views_uses_positions():
    # pop[0:8:2] holds ranks 0, 2, 4, 6: neighbours on the ring of these four.
    proj = _proj(8, pre_slice=slice(0, 8, 2)).ring(k=1)
    assert proj.post_ranks == [0, 2, 4, 6]
    assert proj.pre_ranks == [[2, 6], [0, 4], [2, 6], [0, 4]]


def test_ring_weights_from_a_distribution():
    proj = _proj(10, seed=3).ring(k=2, weights=ann.Uniform(1.0, 2.0), delays=2.0)
    w = np.concatenate(proj.w)
    assert w.shape == (40,) and np.all((w >= 1.0) & (w <= 2.0)) and np.unique(w).size == 40
    assert proj.delay == 2.0


def test_small_world_without_rewiring_is_the_ring():
    assert _proj(7, seed=1).small_world(k=2, p=0.0).pre_ranks == _proj(7).ring(k=2).pre_ranks


def _rewired(seed, n=400, k=2, p=0.5):
    return _proj(n, seed=seed).small_world(k=k, p=p).pre_ranks


def test_small_world_rewiring():
    n, k = 400, 2
    rows = _rewired(seed=42, n=n, k=k)
    ring = _proj(n).ring(k=k).pre_ranks
    assert all(len(row) == 2 * k and len(set(row)) == 2 * k for row in rows)
    assert all(i not in row and row == sorted(row) for i, row in enumerate(rows))
    changed = sum(len(set(row) - set(old)) for row, old in zip(rows, ring, strict=True))
    # each of the 1600 synapses moves with probability 0.5 (minus the rare redraw of itself)
    assert 0.44 < changed / (n * 2 * k) < 0.55


def test_small_world_is_reproducible():
    first = _rewired(seed=7, n=60)
    assert _rewired(seed=7, n=60) == first
    assert _rewired(seed=8, n=60) != first


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda p: p.ring(k=3), "'k' must be an integer with 1 <= k and 2k < 6, got 3"),
        (lambda p: p.ring(k=1.5), "'k' must be an integer"),
        (lambda p: p.small_world(k=1, p=1.5), "'p' must be a probability in \\[0, 1\\]"),
        (lambda p: p.ring(k=1, weights="x"), "'weights' must be a number or a RandomDistribution"),
    ],
)
def test_invalid_arguments(call, message):
    with pytest.raises(ConnectorError, match=message):
        call(_proj(6))


def test_sides_of_different_sizes():
    net = ann.Network()
    a, b = net.create(6, NEURON), net.create(5, NEURON)
    with pytest.raises(ConnectorError, match="same number of neurons \\(6 pre, 5 post\\)"):
        net.connect(a, b, "exc", name="AB").ring(k=1)
