"""``Projection.enable_learning(period, offset)``: the synaptic equations run only every
``period`` ms from ``offset`` after the current time, with ``dt * period`` as their time step.

Expected numbers were printed by the reference implementation (ANNarchy 5.0.4.1) running the
same script (a Hebbian rate synapse with a local ODE, a global and a semiglobal variable).
"""

from __future__ import annotations

import ANNarchy as ann
import pytest

HEBB = ann.Synapse(
    parameters="eta = 0.1\ntau = 10.0",
    equations=(
        "w += eta * pre.r * post.r\ntau * dx/dt = 1.0\n"
        "dg/dt = 1.0 : projection\ndh/dt = 2.0 : postsynaptic"
    ),
)


def _network(backend):
    net = ann.Network(dt=1.0)
    net.config(paradigm=backend)
    pre = net.create(2, ann.Neuron(equations="r = 1.0 + t"))
    post = net.create(1, ann.Neuron(equations="r = 2.0"))
    proj = net.connect(pre, post, "exc", synapse=HEBB)
    proj.all_to_all(weights=0.0)
    return net, proj


def _steps(net, proj, n: int) -> list[list[float]]:
    rows = []
    for _ in range(n):
        net.step()
        row = [proj.w[0][0], proj.x[0][0], float(proj.g), proj.h[0]]
        rows.append([round(v, 6) for v in row])
    return rows


def test_period_offset_and_time_step(backend):
    net, proj = _network(backend)
    net.compile(silent=True)
    proj.enable_learning(period=3.0, offset=1.0)
    # updates at steps 1, 4, 7 with a time step of 3 ms (x, g and h grow by 3 dt per update)
    assert _steps(net, proj, 8) == [
        [0.0, 0.0, 0.0, 0.0],
        [0.4, 0.3, 3.0, 6.0],
        [0.4, 0.3, 3.0, 6.0],
        [0.4, 0.3, 3.0, 6.0],
        [1.4, 0.6, 6.0, 12.0],
        [1.4, 0.6, 6.0, 12.0],
        [1.4, 0.6, 6.0, 12.0],
        [3.0, 0.9, 9.0, 18.0],
    ]
    _steps(net, proj, 4)  # t = 12 ms: the offset counts from now
    proj.enable_learning(period=4.0, offset=2.0)
    assert [row[0] for row in _steps(net, proj, 10)] == [
        5.2, 5.2, 8.2, 8.2, 8.2, 8.2, 12.0, 12.0, 12.0, 12.0
    ]  # fmt: skip
    proj.enable_learning(period=2.0)
    assert [row[0] for row in _steps(net, proj, 5)] == [16.6, 16.6, 21.6, 21.6, 27.0]
    proj.disable_learning()
    assert _steps(net, proj, 1)[0][0] == 27.0
    proj.enable_learning()  # every step again
    assert [row[0] for row in _steps(net, proj, 3)] == [32.8, 38.8, 45.0]


def test_offset_counts_from_the_current_step(backend):
    # the reference's magic network (ann.simulate) gives these numbers: started at t = 13 ms,
    # period 4 ms and offset 2 ms update the synapses at t = 15 and 19 ms
    net, proj = _network(backend)
    net.compile(silent=True)
    net.simulate(13.0)
    proj.enable_learning(period=4.0, offset=2.0)
    assert [row[0] for row in _steps(net, proj, 8)] == [
        18.2, 18.2, 21.4, 21.4, 21.4, 21.4, 25.4, 25.4
    ]  # fmt: skip


def test_schedule_given_before_compile_and_kept_by_reset(backend):
    net, proj = _network(backend)
    proj.enable_learning(period=2.0)
    net.compile(silent=True)
    expected = [0.2, 0.2, 0.8, 0.8, 1.8]  # steps 0, 2, 4: r = 1, 3, 5 (w += 0.1 * r * 2)
    assert [row[0] for row in _steps(net, proj, 5)] == expected
    net.reset(projections=True, synapses=True)
    assert [row[0] for row in _steps(net, proj, 5)] == expected


def test_schedule_errors(backend):
    net, proj = _network(backend)
    net.compile(silent=True)
    with pytest.raises(ann.InvalidConfiguration, match="offset also needs a period"):
        proj.enable_learning(offset=1.0)
    with pytest.raises(ann.InvalidConfiguration, match="0 <= offset < period"):
        proj.enable_learning(period=2.0, offset=2.0)
    with pytest.raises(ann.InvalidConfiguration, match="multiple of dt"):
        proj.enable_learning(period=2.5)
    with pytest.raises(ann.InvalidConfiguration, match="at least dt"):
        proj.enable_learning(period=0.0)
