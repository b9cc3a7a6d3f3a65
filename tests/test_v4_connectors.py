"""The ANNarchy 4 connector names: ``proj.connect_X(...)`` builds the same synapses as
``proj.X(...)`` (same arguments, same seed) and warns with a ``DeprecationWarning``."""

from __future__ import annotations

import warnings

import ANNarchy as ann
import numpy as np
import pytest
import scipy.io
import scipy.sparse as sp
from ANNarchy.core.v4_connectors import v4_name, v4_names

RATE = ann.Neuron(parameters="baseline = 0.0", equations="r = baseline")


def _lil(pre, post, dt, weight):
    lil = ann.LILConnectivity(dt=dt)
    for r in post.ranks:
        lil.add(r, [(r + 1) % pre.size, (r + 3) % pre.size], [weight], [2.0])
    return lil


# (4.x name, 5.x name, args, kwargs); weights and delays drawn from distributions where the
# connector accepts them, so that the same seed must give the same draws.
W = ann.Uniform(0.0, 1.0)
D = ann.DiscreteUniform(1, 4)
CASES = [
    ("connect_all_to_all", "all_to_all", (W,), {"delays": D}),
    ("connect_one_to_one", "one_to_one", (), {"weights": W, "delays": D}),
    ("connect_fixed_probability", "fixed_probability", (0.3, W), {"delays": D}),
    ("connect_fixed_number_pre", "fixed_number_pre", (4, W), {"delays": D}),
    ("connect_fixed_number_post", "fixed_number_post", (5,), {"weights": W}),
    ("connect_gaussian", "gaussian", (1.0, 0.3), {"delays": D}),
    ("connect_dog", "dog", (1.0, 0.2, 0.5, 0.6), {"limit": 0.05}),
    ("connect_from_matrix", "from_matrix", (np.arange(144.0).reshape(12, 12) % 5,), {}),
    ("connect_from_sparse", "from_sparse", (sp.random(12, 12, 0.3, random_state=3).tolil(),), {}),
    ("connect_with_func", "from_function", (_lil,), {"weight": 0.5}),
]


def _net(seed=7):
    net = ann.Network(dt=0.5, seed=seed)
    pre = net.create((3, 4), RATE)
    post = net.create((3, 4), RATE)
    return net, net.connect(pre, post, "exc")


def _synapses(proj):
    csr = proj.connectivity.csr
    return (
        np.asarray(csr.post_ranks).tolist(),
        np.asarray(csr.row_ptr).tolist(),
        np.asarray(csr.pre_ranks).tolist(),
        np.ravel(proj._values["w"]).tolist(),
        np.ravel(proj.connectivity.delays).tolist(),
    )


def _connect_old(proj, old, args, kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = getattr(proj, old)(*args, **kwargs)
    assert [w.category for w in caught] == [DeprecationWarning]
    message = str(caught[0].message)
    assert old in message and "deprecated" in message
    assert caught[0].filename == __file__  # points at the script's line
    return result


@pytest.mark.parametrize(("old", "new", "args", "kwargs"), CASES, ids=[c[0] for c in CASES])
def test_v4_name_builds_the_same_synapses(old, new, args, kwargs):
    _, proj5 = _net()
    getattr(proj5, new)(*args, **kwargs)
    _, proj4 = _net()
    assert _connect_old(proj4, old, args, kwargs) is proj4
    assert _synapses(proj4) == _synapses(proj5)
    assert proj4.nb_synapses == proj5.nb_synapses > 0


def test_connect_with_func_v4_signature():
    """``connect_with_func(method, **args)``: extra keywords reach the function."""
    _, proj = _net()
    _connect_old(proj, "connect_with_func", (), {"method": _lil, "weight": 0.25})
    assert proj.nb_synapses == 24
    assert proj.dendrite(0).pre_ranks == [1, 3]
    assert proj.dendrite(0).w == [0.25, 0.25]
    assert proj.connectivity.connector == "from_function"


def test_connect_from_matrix_v4_pre_post():
    """``connect_from_matrix(weights, delays, pre_post)``, positionally as in 4.x scripts."""
    matrix = np.full((12, 12), None)  # None: no synapse
    matrix[2, 5] = 1.5  # pre 2 -> post 5 with pre_post=True
    _, proj = _net()
    _connect_old(proj, "connect_from_matrix", (matrix, 3.0, True), {})
    assert proj.post_ranks == [5] and proj.pre_ranks == [[2]]
    assert proj.dendrite(5).w == [1.5] and proj.delay == 3.0


def test_connect_from_files(tmp_path):
    _, proj = _net()
    proj.fixed_probability(0.4, W, delays=D)
    proj.save_connectivity(str(tmp_path / "c.npz"))
    _, loaded = _net()
    _connect_old(loaded, "connect_from_file", (str(tmp_path / "c.npz"),), {})
    assert _synapses(loaded)[:4] == _synapses(proj)[:4]
    matrix = sp.coo_matrix(([0.5, 2.0], ([1, 4], [3, 0])), shape=(12, 12))
    scipy.io.mmwrite(str(tmp_path / "m.mtx"), matrix)
    _, market = _net()
    _connect_old(market, "connect_from_matrix_market", (str(tmp_path / "m.mtx"),), {})
    assert market.post_ranks == [1, 4] and market.pre_ranks == [[3], [0]]
    assert market.dendrite(4).w == [2.0]


def test_warned_once_per_call_site_by_default_filters():
    _, proj = _net()
    with warnings.catch_warnings(record=True) as caught:
        warnings.resetwarnings()
        warnings.simplefilter("default")
        for _ in range(3):
            proj.connect_all_to_all(1.0)
    assert len(caught) == 1 and caught[0].category is DeprecationWarning


def test_plugin_connectors_get_their_v4_name(monkeypatch):
    """A connector registered by a plugin is reachable as ``connect_<name>`` too."""
    from ANNarchy.connectors import one_to_one
    from ANNarchy.plugins import registry

    connectors = registry("connectors")
    monkeypatch.setitem(connectors._items, "diagonal", one_to_one)
    _, proj = _net()
    _connect_old(proj, "connect_diagonal", (), {"weights": 2.0})
    assert proj.nb_synapses == 12
    assert "connect_diagonal" in v4_names(proj)
    assert v4_name("from_function") == "connect_with_func"


def test_unknown_v4_name_is_an_attribute_error():
    _, proj = _net()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(AttributeError, match="mean 'connect_fixed_probability'"):
            proj.connect_fixed_probabilty(0.1, 1.0)
        with pytest.raises(AttributeError):
            proj.connect_reset()  # a method, but no connector
