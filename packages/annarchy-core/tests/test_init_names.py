"""A variable's init may name a parameter declared before it (init="c")."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest


def test_init_names_a_local_and_a_global_parameter():
    neuron = ann.Neuron(
        parameters=dict(c=ann.Parameter(-65.0, locality="local"), d=2.0),
        equations=[
            ann.Variable("dv/dt = 0", init="c"),
            ann.Variable("du/dt = 0", init="d"),
            "r = v",
        ],
    )
    pop = ann.Network().create(3, neuron)
    assert np.array_equal(pop.v, [-65.0, -65.0, -65.0])
    assert np.array_equal(pop.u, [2.0, 2.0, 2.0])


def test_init_naming_an_unknown_attribute_is_refused():
    neuron = ann.Neuron(equations=[ann.Variable("dv/dt = 0", init="nowhere"), "r = v"])
    with pytest.raises(ann.ANNarchyException, match="nowhere"):
        ann.Network().create(2, neuron)
