"""Monitor.get()/save() with force_dict: a single variable name gives (and saves) its values
directly, a list, no name or force_dict a dictionary (the reference: get('r') an array,
get('r', force_dict=True) a dict {'r': ...})."""

from __future__ import annotations

import pickle

import ANNarchy as ann
import numpy as np

RAMP = ann.Neuron(equations="r = t\nv = 2 * t")
EXPECTED_R = [[0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [2.0, 2.0, 2.0]]


def recorded(backend):
    net = ann.Network()
    net.config(paradigm=backend)
    pop = net.create(3, RAMP)
    m = net.monitor(pop, ["r", "v"])
    net.compile(silent=True)
    net.simulate(3.0)
    return m


def test_get_force_dict(backend):
    m = recorded(backend)
    np.testing.assert_array_equal(m.get("r", keep=True), EXPECTED_R)
    forced = m.get("r", keep=True, force_dict=True)
    assert list(forced) == ["r"]
    np.testing.assert_array_equal(forced["r"], EXPECTED_R)


def test_save_single_variable_directly_or_as_dict(backend):
    m = recorded(backend)
    m.save("r.npy", "r", keep=True)
    np.testing.assert_array_equal(np.load("r.npy"), EXPECTED_R)  # a plain array, no pickle
    m.save("r_dict.npy", "r", keep=True, force_dict=True)
    loaded = np.load("r_dict.npy", allow_pickle=True).item()
    assert list(loaded) == ["r"]
    np.testing.assert_array_equal(loaded["r"], EXPECTED_R)
    m.save("r.pkl", "r", keep=True)
    with open("r.pkl", "rb") as handle:
        np.testing.assert_array_equal(pickle.load(handle), EXPECTED_R)
    m.save("r_dict.pkl", "r", keep=True, force_dict=True)
    with open("r_dict.pkl", "rb") as handle:
        assert list(pickle.load(handle)) == ["r"]
    m.save("all.pkl", keep=True)
    with open("all.pkl", "rb") as handle:
        both = pickle.load(handle)
    assert sorted(both) == ["r", "v"]
    np.testing.assert_array_equal(both["v"], 2 * np.asarray(EXPECTED_R))
    m.save("r.npz", "r")  # an archive is always keyed by variable; then emptied
    with np.load("r.npz", allow_pickle=True) as archive:
        assert list(archive.keys()) == ["r"]
        np.testing.assert_array_equal(archive["r"].astype(float), EXPECTED_R)
    assert m.get("r").shape[0] == 0
