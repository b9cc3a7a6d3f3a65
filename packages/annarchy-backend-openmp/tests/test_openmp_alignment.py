"""Where the arrays of the populations lie (``annarchy_openmp.alignment``)."""

from __future__ import annotations

import numpy as np
import pytest
from annarchy_openmp.alignment import LINE, PAGE, STAGGER, aligned
from irtools import compile_network, network, parse_neuron, population

LEAKY = parse_neuron("Leaky", parameters={"tau": 10.0}, equations=["tau*dv/dt + v = 1.0", "r = v"])


@pytest.mark.parametrize(
    "values",
    [
        np.arange(5.0),
        np.arange(12, dtype=np.int32).reshape(3, 4),
        np.zeros(0, dtype=np.uint8),
        np.float64(2.5),
    ],
)
def test_an_aligned_copy_keeps_the_values_at_its_slots_place(values):
    for index in (0, 1, 13, 70):
        out = aligned(values, index)
        assert out.dtype == values.dtype and out.shape == np.shape(values)
        np.testing.assert_array_equal(out, values)
        if values.size:  # an empty array has no place
            assert out.ctypes.data % PAGE == index * STAGGER % PAGE
            assert out.ctypes.data % LINE == 0


def test_the_arrays_of_a_population_start_on_their_own_cache_lines(cache_dir):
    net = network([population(0, 1000, LEAKY), population(1, 37, LEAKY)], [])
    rt = compile_network(net, cache_dir)
    state = rt._state
    offsets = set()
    for slot in state.plan.slots:
        array = state.arrays[(slot.owner, slot.name)]
        assert int(state.pointers[slot.slot]) == array.ctypes.data
        assert array.ctypes.data % PAGE == slot.slot * STAGGER % PAGE, slot.name
        offsets.add(array.ctypes.data % PAGE)
    assert len(offsets) == len(state.plan.slots)  # no two at the same place within a page
    rt.run(3)  # the values stay: 3 Euler steps of tau dv/dt = 1 - v from 0
    expected = 0.0
    for _ in range(3):
        expected += (1.0 - expected) / 10.0
    np.testing.assert_allclose(rt.get("pop0", "v"), np.full(1000, expected), rtol=1e-15)
    rt.set("pop1", "v", np.arange(37.0))  # a replaced array goes to the same place
    slot = next(s for s in state.plan.slots if (s.owner, s.name) == ("pop1", "v"))
    assert state.arrays[("pop1", "v")].ctypes.data % PAGE == slot.slot * STAGGER % PAGE
    np.testing.assert_array_equal(rt.get("pop1", "v"), np.arange(37.0))
