"""InputArray, TimedArray and TimedPoissonPopulation: exact switching steps (reference numbers)."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest

ROWS = np.arange(1, 5, dtype=float)[:, None] * np.ones((4, 2))  # rows 1, 2, 3, 4


def timed_net(run, **kwargs):
    net = ann.Network(dt=1.0)
    inp = net.create(ann.TimedArray(rates=ROWS, **kwargs))
    post = net.create(2, ann.Neuron(equations="r = sum(exc)"))
    net.connect(inp, post, "exc").one_to_one(1.0)
    return net, inp, net.monitor(inp, "r"), net.monitor(post, "r")


def test_schedule_period_reset_update(run):
    net, inp, m_inp, m_post = timed_net(run, schedule=2.0, period=10.0)
    run(net)
    net.simulate(12)
    # values of the reference (annarchy 5.0.4.1): 2 steps per row, back to row 0 at step 10
    assert m_inp.get("r")[:, 0].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 4, 4, 1, 1]
    # the post-synaptic neurons see them one step later
    assert m_post.get("r")[:, 1].tolist() == [0, 1, 1, 2, 2, 3, 3, 4, 4, 4, 4, 1]
    inp.reset()
    net.simulate(5)
    assert m_inp.get("r")[:, 0].tolist() == [1, 1, 2, 2, 3]
    inp.update(ROWS * 10, reset=False)  # keeps the position: the row shown changes at once
    net.simulate(5)
    assert m_inp.get("r")[:, 0].tolist() == [30, 40, 40, 40, 40]


# per-step r of the reference (annarchy 5.0.4.1) for (schedule, period), dt = 1 ms, 30 steps
REFERENCE_STEPS = {
    (0.0, -1.0): [1, 2, 3] + [4] * 27,
    (2.0, -1.0): [1, 1, 2, 2, 3, 3] + [4] * 24,
    (3.0, 10.0): [1, 1, 1, 2, 2, 2, 3, 3, 3, 4] * 3,
    ((0.0, 2.0, 5.0, 9.0), 12.0): ([1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4] * 3)[:30],
    (0.0, 5.0): [1, 2, 3, 4, 4] * 6,
    (2.0, 7.0): ([1, 1, 2, 2, 3, 3, 4] * 5)[:30],
    (5.0, 10.0): [1, 1, 1, 1, 1, 2, 2, 2, 2, 2] * 3,
    (2.0, 5.0): ([1, 1, 2, 2, 3] * 6)[:30],  # the period cuts the last rows
}


@pytest.mark.parametrize(("schedule", "period"), list(REFERENCE_STEPS))
def test_schedule_and_period_steps_of_the_reference(run, schedule, period):
    schedule_arg = list(schedule) if isinstance(schedule, tuple) else schedule
    net, inp, m_inp, _ = timed_net(run, schedule=schedule_arg, period=period)
    run(net)
    net.simulate(30)
    assert m_inp.get("r")[:, 0].tolist() == REFERENCE_STEPS[(schedule, period)]


def test_reset_returns_to_the_first_inputs_of_the_constructor(run):
    net = ann.Network(dt=1.0)
    inp = net.create(ann.TimedArray(rates=ROWS, schedule=2.0, period=7.0))
    m = net.monitor(inp, "r")
    run(net)
    # reference (annarchy 5.0.4.1): r as read after each call
    assert inp.r.tolist() == [0.0, 0.0]
    net.simulate(3)
    assert inp.r.tolist() == [2.0, 2.0]
    inp.update(ROWS * 10, reset=True)  # restarts the timers, shows the first new row at once
    assert inp.r.tolist() == [10.0, 10.0]
    net.simulate(1)
    assert inp.r.tolist() == [10.0, 10.0]
    inp.update(ROWS * 100, reset=True)
    assert inp.r.tolist() == [100.0, 100.0]
    net.simulate(3)
    assert inp.r.tolist() == [200.0, 200.0]
    inp.reset()  # back to the constructor's rates, r to 0 until the next step
    assert inp.r.tolist() == [0.0, 0.0]
    net.simulate(1)
    assert inp.r.tolist() == [1.0, 1.0]
    net.simulate(2)
    net.reset()
    assert inp.r.tolist() == [0.0, 0.0]
    net.simulate(3)
    assert m.get("r")[:, 0].tolist() == [1.0, 1.0, 2.0]


def test_reset_and_update_timing_with_a_period(run):
    # reference (annarchy 5.0.4.1), schedule 2 ms, period 10 ms unless changed
    net, inp, m_inp, _ = timed_net(run, schedule=2.0, period=10.0)
    run(net)
    net.simulate(7)
    net.reset()
    net.simulate(12)
    assert m_inp.get("r")[:, 0].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 4, 4, 1, 1]
    net, inp, m_inp, _ = timed_net(run, schedule=2.0, period=8.0)
    run(net)
    net.simulate(5)
    inp.update(ROWS * 10, period=6.0, reset=True)
    net.simulate(14)
    expected = [1, 1, 2, 2, 3] + [10, 10, 20, 20, 30, 30] * 2 + [10, 10]
    assert m_inp.get("r")[:, 0].tolist() == expected
    net, inp, m_inp, _ = timed_net(run, schedule=2.0, period=8.0)
    run(net)
    net.simulate(5)
    inp.update(ROWS * 10, schedule=3.0)
    net.simulate(14)
    expected = [1, 1, 2, 2, 3] + [10, 10, 10, 20, 20, 20, 30, 30] + [10, 10, 10, 20, 20, 20]
    assert m_inp.get("r")[:, 0].tolist() == expected


def test_one_row_per_step_then_hold(run):
    net, inp, m_inp, _ = timed_net(run)
    run(net)
    net.simulate(6)
    assert m_inp.get("r")[:, 1].tolist() == [1, 2, 3, 4, 4, 4]


def test_list_schedule_uses_the_first_rows(run):
    net = ann.Network(dt=0.5)
    inp = net.create(ann.TimedArray(rates=ROWS, schedule=[1.0, 2.0, 3.5]))
    m = net.monitor(inp, "r")
    run(net)
    net.simulate(5.0)
    # nothing before 1 ms (step 2), then rows 0, 1, 2 at steps 2, 4, 7; row 3 is never used
    assert m.get("r")[:, 0].tolist() == [0, 0, 1, 1, 2, 2, 2, 3, 3, 3]


def test_update_after_compile_with_new_rows_schedule_and_period(run):
    net = ann.Network(dt=1.0)
    inp = net.create(ann.TimedArray(rates=ROWS))
    m = net.monitor(inp, "r")
    run(net)
    net.simulate(2)
    # more rows than before, a new schedule (restarts now) and a period: no recompilation
    inp.update(np.arange(10, 16, dtype=float)[:, None] * np.ones((6, 2)), schedule=1.0, period=3)
    net.simulate(7)
    assert m.get("r")[:, 0].tolist() == [1, 2, 10, 11, 12, 10, 11, 12, 10]


def test_multidimensional_rates_give_the_geometry(run):
    rates = np.arange(2 * 3 * 4, dtype=float).reshape(2, 3, 4)
    net = ann.Network(dt=1.0)
    inp = net.create(ann.TimedArray(rates=rates))
    assert inp.geometry == (3, 4)
    run(net)
    net.simulate(2)
    np.testing.assert_array_equal(inp.r, rates[1])


def test_timed_array_errors():
    with pytest.raises(ann.ANNarchyException, match="give rates or a geometry"):
        ann.TimedArray()
    with pytest.raises(ann.ANNarchyException, match="do not match the geometry"):
        ann.TimedArray(rates=np.zeros((3, 4)), geometry=5)
    inp = ann.TimedArray(rates=np.zeros((3, 4)))
    with pytest.raises(ann.ANNarchyException, match=r"population's shape \(4,\)"):
        inp.update(np.zeros((3, 5)))
    net = ann.Network()
    net.create(ann.TimedArray(rates=np.zeros((2, 4)), schedule=[0.0, 5.0, 6.0]))
    with pytest.raises(ann.ANNarchyException, match="3 times but only 2 inputs"):
        net.compile(silent=True)
    net = ann.Network()
    net.create(ann.TimedArray(rates=np.zeros((2, 4)), schedule=[5.0, 1.0]))
    with pytest.raises(ann.ANNarchyException, match="must be increasing"):
        net.compile(silent=True)


def test_input_array_is_recordable(run):
    net = ann.Network(dt=1.0)
    inp = net.create(ann.InputArray(geometry=3))
    m = net.monitor(inp, "r")
    run(net)
    inp.r = [1.0, 2.0, 3.0]
    net.simulate(2)
    assert m.get("r").tolist() == [[1, 2, 3], [1, 2, 3]]
    # as the reference: r is a variable (not a parameter) that keeps the value written
    assert inp.variables == ["r"] and inp.parameters == [] and inp.attributes == ["r"]
    with pytest.raises(ann.ANNarchyException, match="needs a geometry"):
        ann.InputArray()


def test_timed_poisson_rates_follow_the_schedule(run):
    net = ann.Network(dt=1.0, seed=7)
    pop = net.create(
        ann.TimedPoissonPopulation(
            1000, rates=[10.0, 200.0, 0.0], schedule=[0.0, 100.0, 150.0], period=200.0
        )
    )
    m = net.monitor(pop, ["rates", "spike"])
    run(net)
    net.simulate(400)
    rates = m.get("rates")[:, 0]
    expected = np.tile(np.repeat([10.0, 200.0, 0.0, 0.0], [100, 50, 25, 25]), 2)
    np.testing.assert_array_equal(rates, expected)
    counts = np.zeros(400)
    for steps in m.get("spike").values():
        np.add.at(counts, steps, 1)
    # spikes per step over 1000 neurons: Binomial(1000, rate * dt / 1000)
    for rate, window in ((10.0, slice(0, 100)), (200.0, slice(100, 150))):
        n_steps = window.stop - window.start
        mean = 1000 * rate / 1000.0
        sd = np.sqrt(1000 * (rate / 1000.0) * (1 - rate / 1000.0) / n_steps)
        assert abs(counts[window].mean() - mean) < 4 * sd
    assert counts[150:200].sum() == 0 and counts[350:400].sum() == 0


def test_timed_poisson_errors():
    with pytest.raises(ann.ANNarchyException, match="one time per rate"):
        ann.TimedPoissonPopulation(10, rates=[1.0, 2.0], schedule=[0.0])
    with pytest.raises(ann.ANNarchyException, match=">= 0 Hz"):
        ann.TimedPoissonPopulation(10, rates=[1.0, -2.0], schedule=[0.0, 10.0])
    with pytest.raises(ann.ANNarchyException, match=r"population's shape \(10,\)"):
        ann.TimedPoissonPopulation(10, rates=np.ones((2, 9)), schedule=[0.0, 10.0])


def test_update_keeps_the_position_by_default_as_documented(run):
    # reference/TimedArray.qmd: update() has reset=False by default ("the next input will be
    # inputs_b[5]" after 5 ms of inputs_a); the reference 5.0.4.1 resets by default instead
    rows_a = np.arange(10, dtype=float)[:, None] * np.ones((10, 2))
    net = ann.Network(dt=1.0)
    inp = net.create(ann.TimedArray(rates=rows_a))
    m = net.monitor(inp, "r")
    run(net)
    net.simulate(5)
    inp.update(rows_a + 100)
    net.simulate(3)
    assert m.get("r")[:, 0].tolist() == [0, 1, 2, 3, 4, 105, 106, 107]
