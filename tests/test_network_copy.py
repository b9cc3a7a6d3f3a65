"""Network.copy() of a compiled network: compiled with the same build, from the initial values.
Numbers checked against the reference (5.0.4.1)."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np

GROW = ann.Neuron(parameters="w = 0.5", equations="r = r + w")


class Growing(ann.Network):
    def __init__(self, w=0.5):
        self.pop = self.create(3, GROW)
        self.pop.w = w


def test_copy_of_a_compiled_network_is_compiled_from_the_cache(backend, tmp_path):
    net = Growing(w=1.0, dt=0.5)
    net.config(paradigm=backend)
    net.compile(directory=str(tmp_path / "build"), silent=True)
    net.simulate(2.0)  # 4 steps
    np.testing.assert_array_equal(net.pop.r, [4.0, 4.0, 4.0])
    copy = net.copy(w=2.0)
    assert copy.compiled and copy.dt == 0.5 and copy.directory == net.directory
    np.testing.assert_array_equal(copy.pop.r, [0.0, 0.0, 0.0])  # initial values, not current
    copy.simulate(2.0)
    np.testing.assert_array_equal(copy.pop.r, [8.0, 8.0, 8.0])
    np.testing.assert_array_equal(net.pop.r, [4.0, 4.0, 4.0])  # the parent is untouched
    default = net.copy()  # no argument: the constructor's defaults, as the reference
    assert default.compiled and default.dt == 0.5
    np.testing.assert_array_equal(default.pop.w, [0.5, 0.5, 0.5])
    finer = net.copy(w=3.0, dt=0.25)
    finer.simulate(1.0)
    np.testing.assert_array_equal(finer.pop.r, [12.0, 12.0, 12.0])
    builds = [p for p in (tmp_path / "build").iterdir() if p.is_dir()]
    assert len(builds) == 1  # one build for the parent and every copy
