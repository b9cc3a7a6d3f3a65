"""ANNarchy 4-style scripts of the classic models (``tests/v4_scripts``) run to the end with only
``DeprecationWarning``s and give the numbers of the same network built with the ANNarchy 5 API
(same seed), and, where deterministic, the numbers the reference 5.0.4.1 printed for the very
same script."""

from __future__ import annotations

import runpy
import warnings
from pathlib import Path

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.core import config, constant, functions, global_api, registry
from annarchy_convolution import Convolution, Pooling

SCRIPTS = Path(__file__).parent / "v4_scripts"


@pytest.fixture(autouse=True)
def _fresh_magic_network():
    def reset():
        registry._magic = None
        config.reset_global_settings()
        constant.clear_global_constants()
        functions.clear_global_functions()
        global_api._warned.clear()

    reset()
    yield
    reset()


def run_v4(name: str) -> dict:
    """Run ``v4_scripts/<name>.py``; its namespace (``RESULT`` and the models)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        namespace = runpy.run_path(str(SCRIPTS / f"{name}.py"), run_name="v4_script")
    others = [f"{w.category.__name__}: {w.message}" for w in caught]
    others = [w for w in others if not w.startswith("DeprecationWarning")]
    assert others == [], others
    deprecated = {str(w.message).split("(")[0] for w in caught}
    assert any(name.startswith("Projection.connect_") for name in deprecated)
    registry._magic = None  # the 5.x twin creates its inputs outside the compiled magic network
    return namespace


def spikes_of(monitor) -> dict:
    return {int(k): [int(t) for t in v] for k, v in monitor.get("spike").items()}


def test_coba():
    ns = run_v4("coba")
    net = ann.Network(dt=0.1, seed=42)
    pop = net.create(400, ns["COBA"])
    pop.v = ann.Normal(-55.0, 5.0)
    pop.g_exc = ann.Normal(4.0, 1.5)
    pop.g_inh = ann.Normal(20.0, 12.0)
    net.connect(pop[:320], pop, "exc").fixed_probability(weights=0.6, probability=0.1)
    net.connect(pop[320:], pop, "inh").fixed_probability(weights=6.7, probability=0.1)
    m = net.monitor(pop, "spike")
    net.compile(silent=True)
    net.simulate(100.0)
    assert spikes_of(m) == ns["RESULT"]["spikes"]
    assert sum(map(len, ns["RESULT"]["spikes"].values())) > 100


def test_izhikevich():
    ns = run_v4("izhikevich")
    net = ann.Network(dt=1.0, seed=7)
    pop = net.create(100, ns["Izhikevich"])
    exc, inh = pop[:80], pop[80:]
    rng = np.random.default_rng(3)
    re, ri = rng.random(80), rng.random(20)
    exc.c = -65.0 + 15.0 * re**2
    exc.d = 8.0 - 6.0 * re**2
    exc.u = exc.b * exc.v
    inh.noise = 2.0
    inh.a = 0.02 + 0.08 * ri
    inh.b = 0.25 - 0.05 * ri
    inh.u = inh.b * inh.v
    net.connect(exc, pop, "exc").all_to_all(weights=ann.Uniform(0.0, 0.5))
    net.connect(inh, pop, "inh").all_to_all(weights=ann.Uniform(0.0, 1.0))
    m = net.monitor(pop, ["spike", "v"])
    net.compile(silent=True)
    net.simulate(200.0)
    assert spikes_of(m) == ns["RESULT"]["spikes"]
    assert np.asarray(m.get("v"))[-1].tolist() == ns["RESULT"]["v"]
    assert sum(map(len, ns["RESULT"]["spikes"].values())) > 50


def test_bar_learning():
    ns = run_v4("bar_learning")
    net = ann.Network(dt=1.0, seed=11)
    inp = net.create((8, 8), ns["InputNeuron"])
    feature = net.create((4, 2), ns["LeakyNeuron"])
    ff = net.connect(inp, feature, "exc", ns["Oja"]).all_to_all(weights=ann.Uniform(-0.5, 0.5))
    lat = net.connect(feature, feature, "inh", ns["AntiHebb"])
    lat.all_to_all(weights=ann.Uniform(0.0, 1.0))
    net.compile(silent=True)
    bars = np.random.default_rng(5)
    for _ in range(15):
        image = np.zeros((8, 8))
        for h in range(8):
            if bars.random() < 1.0 / 8:
                image[h, :] = 1.0
        for v in range(8):
            if bars.random() < 1.0 / 8:
                image[:, v] = 1.0
        inp.r = image
        net.simulate(20.0)
    assert ff.w == ns["RESULT"]["w"] and lat.w == ns["RESULT"]["lat"]
    assert np.ravel(feature.r).tolist() == ns["RESULT"]["r"]
    assert max(map(max, ns["RESULT"]["w"])) > 0.0


def test_stdp():
    ns = run_v4("stdp")
    net = ann.Network(dt=0.5)
    inp = net.create(ann.SpikeSourceArray(spike_times=ns["times"]))
    post = net.create(2, ns["LIF"])
    proj = net.connect(inp, post, "exc", ns["STDP"]).all_to_all(weights=0.45)
    m = net.monitor(post, "spike")
    net.compile(silent=True)
    net.simulate(100.0)
    result = ns["RESULT"]
    assert spikes_of(m) == result["spikes"]
    assert np.round(np.asarray(proj.w), 12).tolist() == result["w"]
    # the reference printed these for the same script
    assert result["spikes"] == {0: [53, 101], 1: [53, 101]}
    reference_w = [0.521256900758, 0.577060702832, 0.416355204603]
    np.testing.assert_allclose(result["w"], [reference_w, reference_w], atol=1e-11)


def test_bcm():
    ns = run_v4("bcm")
    net = ann.Network(dt=1.0)
    inp = net.create(6, ns["InputNeuron"])
    out = net.create(2, ns["Linear"])
    weights = np.array([[0.4, 0.3, 0.2, 0.1, 0.3, 0.2], [0.1, 0.2, 0.3, 0.4, 0.2, 0.3]])
    proj = net.connect(inp, out, "exc", ns["BCM"]).from_matrix(weights)
    m = net.monitor(out, "r")
    net.compile(silent=True)
    inp.r = [1.0, 1.0, 1.0, 0.0, 0.0, 0.0]
    net.simulate(100.0)
    inp.r = [0.0, 0.0, 0.0, 1.0, 1.0, 1.0]
    net.simulate(100.0)
    result = ns["RESULT"]
    assert np.round(np.asarray(proj.w), 12).tolist() == result["w"]
    assert np.round(np.asarray(proj.theta), 12).tolist() == result["theta"]
    assert np.round(np.asarray(m.get("r"))[::50], 12).tolist() == result["r"]
    # the reference printed these for the same script
    np.testing.assert_allclose(result["theta"], [0.338623344867, 0.471369984812], atol=1e-11)
    np.testing.assert_allclose(
        result["w"],
        [
            [0.10908378608, 0.00908378608, 0.0, 0.0, 0.092144636141, 0.0],
            [0.234952292276, 0.334952292276, 0.434952292276, 0.067626598236, 0.0, 0.0],
        ],
        atol=1e-11,
    )
    np.testing.assert_allclose(result["r"][1], [3.272950932114, 1.742541169702], atol=1e-11)


def test_image_convolution_and_pooling():
    ns = run_v4("pooling")
    net = ann.Network(dt=1.0)
    image = net.create(ann.InputArray(geometry=(8, 8)))
    feature = net.create((8, 8), ann.Neuron(equations="r = sum(exc)"))
    pooled = net.create((4, 4), ann.Neuron(equations="r = sum(exc)"))
    net.connect(Convolution(image, feature, target="exc")).connect_filter(ns["vertical"])
    net.connect(Pooling(feature, pooled, target="exc", operation="max")).pooling(extent=(2, 2))
    net.compile(silent=True)
    image.r = (np.arange(64).reshape(8, 8) % 5) * 0.25
    net.simulate(3.0)
    assert np.asarray(feature.r).tolist() == ns["RESULT"]["feature"]
    assert np.asarray(pooled.r).tolist() == ns["RESULT"]["pooled"]
    # by hand: the vertical edge filter on columns j-1, j+1 of (i*8 + j) % 5 * 0.25
    padded = np.pad((np.arange(64).reshape(8, 8) % 5) * 0.25, 1)
    edges = sum(padded[k : k + 8, 2:] - padded[k : k + 8, :-2] for k in range(3))
    np.testing.assert_allclose(ns["RESULT"]["feature"], edges, atol=1e-12)
    np.testing.assert_allclose(
        ns["RESULT"]["pooled"], edges.reshape(4, 2, 4, 2).max(axis=(1, 3)), atol=1e-12
    )
    reference_pooled = [[1.75, 1.0, 0.25, 0.25], [1.5, 0.25, 0.25, 0.25], [2.0, 0.25, 0.25, 0.25]]
    reference_pooled += [[1.75, 0.25, 1.0, 0.25]]
    assert ns["RESULT"]["pooled"] == reference_pooled


def test_structural_plasticity():
    ns = run_v4("structural")
    net = ann.Network(dt=1.0)
    inp = net.create(6, ns["InputNeuron"])
    out = net.create(6, ns["Linear"])
    proj = net.connect(inp, out, "exc", ns["Decay"]).one_to_one(weights=1.0)
    net.compile(silent=True)
    inp.r = [1.0, 0.0, 1.0, 1.0, 0.0, 0.0]
    proj.start_pruning(period=10.0)
    proj.start_creating(period=10.0)
    net.simulate(60.0)
    result = ns["RESULT"]
    assert proj.pre_ranks == result["pre_ranks"]
    assert [[round(float(x), 12) for x in row] for row in proj.w] == result["w"]
    assert np.asarray(out.r).tolist() == result["r"]
    # the reference printed these for the same script: the weak synapses pruned, the co-active
    # pairs connected
    assert result["pre_ranks"] == [[0, 2, 3], [], [0, 2, 3], [0, 2, 3], [], []]
    assert result["w"] == [[1.0, 1.0, 1.0], [], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [], []]
    assert result["r"] == [3.0, 0.0, 3.0, 3.0, 0.0, 0.0]
