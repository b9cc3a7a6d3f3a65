"""The runtime contract: views, recorders, constants, types, reset."""

from __future__ import annotations

import numpy as np
import pytest
from ANNarchy.errors import InvalidConfiguration
from irtools import (
    Parameter,
    compile_network,
    csr_from_matrix,
    network,
    parse_neuron,
    parse_synapse,
    population,
    projection,
)

CLOCK = parse_neuron("Clock", parameters={"scale": 1.0}, equations="r = scale * t")


def clock_runtime(cache_dir, size=3):
    return compile_network(network([population(0, size, CLOCK)]), cache_dir)


def test_get_returns_writable_views(cache_dir):
    rt = clock_runtime(cache_dir)
    r = rt.get("pop0", "r")
    scale = rt.get("pop0", "scale")
    assert r.shape == (3,) and scale.shape == ()
    rt.run(2)
    np.testing.assert_array_equal(r, [1.0, 1.0, 1.0])  # the view follows the simulation
    scale[...] = 2.0  # writing through the view changes the simulation
    rt.run(1)
    np.testing.assert_array_equal(r, [4.0, 4.0, 4.0])
    rt.set("pop0", "scale", 3)
    rt.run(1)
    np.testing.assert_array_equal(rt.get("pop0", "r"), 9.0)
    with pytest.raises(InvalidConfiguration, match="shape"):
        rt.set("pop0", "r", [1.0, 2.0])
    with pytest.raises(InvalidConfiguration, match="no attribute 'u'"):
        rt.get("pop0", "u")


def test_step_property_sets_time(cache_dir):
    rt = clock_runtime(cache_dir)
    rt.step = 100
    rt.run(1)
    assert rt.step == 101
    np.testing.assert_array_equal(rt.get("pop0", "r"), 100.0)


def test_recorder_period_offset_and_values(cache_dir):
    rt = clock_runtime(cache_dir)
    every = rt.add_recorder("pop0", ["r"], period=1, offset=0)
    sparse = rt.add_recorder("pop0", ["r", "scale"], period=3, offset=2)
    rt.run(10)
    data = rt.fetch(every)
    np.testing.assert_array_equal(data["r"][:, 0], np.arange(10.0))  # r at step s = s * dt
    data = rt.fetch(sparse)
    np.testing.assert_array_equal(data["r"][:, 1], [2.0, 5.0, 8.0])
    np.testing.assert_array_equal(data["scale"], [1.0, 1.0, 1.0])
    assert rt.fetch(every)["r"].shape == (0, 3)  # fetch clears


def test_recorder_pause_resume_remove_and_late_add(cache_dir):
    rt = clock_runtime(cache_dir)
    rt.run(5)
    rec = rt.add_recorder("pop0", ["r"], period=2, offset=0)  # added after load and after runs
    rt.run(4)  # steps 5..8: records at 6, 8
    rt.pause(rec)
    rt.run(4)
    rt.resume(rec)
    rt.run(3)  # steps 13..15: records at 14
    np.testing.assert_array_equal(rt.fetch(rec)["r"][:, 0], [6.0, 8.0, 14.0])
    rt.remove(rec)
    with pytest.raises(InvalidConfiguration):
        rt.fetch(rec)


def test_recorders_survive_full_buffers(cache_dir, monkeypatch):
    import annarchy_openmp.recorders as recorders

    monkeypatch.setattr(recorders, "MAX_RECORDS", 7)
    rt = clock_runtime(cache_dir)
    rec = rt.add_recorder("pop0", ["r"], period=1, offset=0)
    rt.run(100)
    rt.run(23)
    values = rt.fetch(rec)["r"][:, 2]
    np.testing.assert_array_equal(values, np.arange(123.0))


def test_projection_recorders_use_csr_order(cache_dir):
    inp = parse_neuron("In", parameters={"x": Parameter(1.0, locality="local")}, equations="r = x")
    syn = parse_synapse("Grow", equations="dw/dt = 1.0")
    nan = np.nan
    csr, w = csr_from_matrix([[1.0, nan, 3.0], [4.0, 5.0, 6.0]])
    net = network(
        [population(0, 3, inp), population(1, 2, inp)],
        [projection(0, 0, 1, "exc", syn, csr, fmt="dense")],
    )
    rt = compile_network(net, cache_dir)
    rt.set("proj0", "w", w)
    np.testing.assert_array_equal(rt.get("proj0", "w"), [1, 3, 4, 5, 6])
    rec = rt.add_recorder("proj0", ["w"], period=1, offset=0)
    rt.run(2)
    np.testing.assert_array_equal(rt.fetch(rec)["w"], [w + 1, w + 2])


def test_constants_change_without_recompiling(cache_dir):
    neuron = parse_neuron("K", equations="r = gain * t", constants=("gain",))
    net = network([population(0, 2, neuron)], constants={"gain": 2.0})
    rt = compile_network(net, cache_dir)
    rt.run(2)
    np.testing.assert_array_equal(rt.get("pop0", "r"), 2.0)
    rt.set_constant("gain", 5.0)
    rt.run(1)
    np.testing.assert_array_equal(rt.get("pop0", "r"), 10.0)
    with pytest.raises(InvalidConfiguration):
        rt.set_constant("nope", 1.0)


def test_functions_and_int_bool_attributes(cache_dir):
    neuron = parse_neuron(
        "Typed",
        parameters={
            "n": Parameter(3, type="int", locality="local"),
            "flag": Parameter(True, type="bool", locality="local"),
        },
        equations=["count = count + n : int", "r = ite(flag, sq(t), -1.0)"],
        functions="sq(x) = x * x",
    )
    rt = compile_network(network([population(0, 2, neuron)]), cache_dir)
    assert rt.get("pop0", "count").dtype == np.int32
    assert rt.get("pop0", "flag").dtype == np.bool_
    rt.set("pop0", "flag", [True, False])
    rt.run(4)
    np.testing.assert_array_equal(rt.get("pop0", "count"), [12, 12])
    np.testing.assert_array_equal(rt.get("pop0", "r"), [9.0, -1.0])


def test_reset_restores_the_state_at_load(cache_dir):
    rt = clock_runtime(cache_dir)
    before = rt.get("pop0", "r").copy()
    rt.run(7)
    rt.set("pop0", "scale", 4.0)
    rt.reset()
    assert rt.step == 0
    np.testing.assert_array_equal(rt.get("pop0", "r"), before)
    assert rt.get("pop0", "scale") == 1.0
    rt.run(3)
    np.testing.assert_array_equal(rt.get("pop0", "r"), 2.0)
