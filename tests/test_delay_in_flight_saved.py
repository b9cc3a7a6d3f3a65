"""Spikes in flight of per-synapse delays changed after compile survive save/load and copies.

The scenario of ``test_delay_in_flight``: 3 clocks (spikes at 2, 4, 6 ms) -> 2 summing neurons,
delays [[3, 5, 2], [4, 6, 9]] at compile, [[7, 2, 4], [2, 3, 8]] before t = 5 (the spike of
t = 2 is then in flight: it arrives at 5 on synapse 0 and at 6 on synapse 3), [[1, 1, 1],
[1, 9, 1]] before t = 8 (the spike of t = 6 keeps 4 and 8 ms: it arrives at 10 on synapse 2 and
at 14 on synapse 5). Saved in the middle, loaded elsewhere, the traces are the reference's.
"""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.core.saving_formats import StateMismatchError
from ANNarchy.errors import InvalidConfiguration

CLOCK = ann.Neuron(parameters="ts = 0.0", equations="x = t", spike="abs(x - ts) < 0.1", reset="")
SUM = ann.Neuron(equations="v = v + g_exc", spike="v > 1e12", reset="v = 0.0")
WEIGHTS = [[1.0, 10.0, 100.0], [1000.0, 10000.0, 100000.0]]
FIRST = [[3.0, 5.0, 2.0], [4.0, 6.0, 9.0]]
SECOND = [[7.0, 2.0, 4.0], [2.0, 3.0, 8.0]]
THIRD = [[1.0, 1.0, 1.0], [1.0, 9.0, 1.0]]
# reference (ANNarchy 5.0.4.1): v of both neurons over 20 steps, delays changed at 5 and 8
ORACLE_V0 = [0.0] * 5 + [1.0] + [11.0] * 4 + [111.0] * 10
ORACLE_V1 = [0.0] * 6 + [1000.0] + [11000.0] * 7 + [111000.0] * 6


class Flight(ann.Network):
    def __init__(self, backend="openmp"):
        self.config(paradigm=backend)
        self.pre = self.create(3, CLOCK)
        self.post = self.create(2, SUM)
        self.proj = self.connect(self.pre, self.post, "exc")
        self.proj.from_matrix(np.array(WEIGHTS), delays=np.array(FIRST))


def compiled(backend, directory) -> Flight:
    net = Flight(backend, dt=1.0)
    net.compile(directory=str(directory), silent=True)
    net.pre.ts = [2.0, 4.0, 6.0]
    return net


def saved_at_five(backend, tmp_path) -> str:
    """The network saved before t = 5, just after the first change of delays."""
    net = compiled(backend, tmp_path / "build")
    net.simulate(5.0)
    net.proj.delay = SECOND
    state = net._runtime.export_state(net.proj.owner)
    assert state["_pending"].tolist() == [5, 6, 0, 3]  # arrivals, then synapses
    assert (state["_pending_since"].tolist(), state["_pending_nnz"].tolist()) == ([4], [6])
    filename = str(tmp_path / "flight.npz")
    net.save(filename)
    return filename


def continued(net: Flight, steps: int = 15) -> tuple[list, list]:
    """From t = 5 to 20 with the second change at 8: the traces of v."""
    monitor = net.monitor(net.post, ["v"])
    net.simulate(3.0)
    net.proj.delay = THIRD
    net.simulate(steps - 3.0)
    v = monitor.get("v")
    return v[:, 0].tolist(), v[:, 1].tolist()


def test_spikes_in_flight_survive_load_into_a_compiled_network(backend, tmp_path):
    filename = saved_at_five(backend, tmp_path)
    net = compiled(backend, tmp_path / "build")
    net.load(filename)
    assert net.current_step == 5
    assert net._runtime.export_state(net.proj.owner)["_pending"].tolist() == [5, 6, 0, 3]
    assert continued(net) == (ORACLE_V0[5:], ORACLE_V1[5:])


def test_spikes_in_flight_survive_load_before_compile(backend, tmp_path):
    filename = saved_at_five(backend, tmp_path)
    net = Flight(backend, dt=1.0)
    net.load(filename)
    monitor = net.monitor(net.post, ["v"])
    net.compile(directory=str(tmp_path / "build"), silent=True)
    net.simulate(3.0)
    net.proj.delay = THIRD
    net.simulate(12.0)
    v = monitor.get("v")
    assert (v[:, 0].tolist(), v[:, 1].tolist()) == (ORACLE_V0[5:], ORACLE_V1[5:])


def test_queue_saved_after_the_second_change_keeps_its_first_step(backend, tmp_path):
    """Saved before t = 9: the spike of t = 6 is queued (arrivals 10 and 14, synapses 2 and 5)
    and the ring is read only for the spikes emitted from t = 7 on."""
    net = compiled(backend, tmp_path / "build")
    net.simulate(5.0)
    net.proj.delay = SECOND
    net.simulate(3.0)
    net.proj.delay = THIRD
    net.simulate(1.0)
    state = net._runtime.export_state(net.proj.owner)
    assert (state["_pending"].tolist(), state["_pending_since"].tolist()) == ([10, 14, 2, 5], [7])
    net.save(str(tmp_path / "nine.npz"))
    fresh = compiled(backend, tmp_path / "build")
    fresh.load(str(tmp_path / "nine.npz"))
    monitor = fresh.monitor(fresh.post, ["v"])
    fresh.simulate(11.0)
    v = monitor.get("v")
    assert (v[:, 0].tolist(), v[:, 1].tolist()) == (ORACLE_V0[9:], ORACLE_V1[9:])


def test_copy_of_the_compiled_network_continues_identically(backend, tmp_path):
    """``net.copy()`` starts from the initial values; loading the saved state into it gives
    the parent's continuation."""
    net = compiled(backend, tmp_path / "build")
    net.simulate(5.0)
    net.proj.delay = SECOND
    net.save(str(tmp_path / "flight.npz"))
    copy = net.copy(backend)
    assert copy.compiled
    copy.load(str(tmp_path / "flight.npz"))
    assert continued(copy) == continued(net) == (ORACLE_V0[5:], ORACLE_V1[5:])


CORRUPTIONS = {
    "synapse index out of range": lambda p: np.array([5, 6, 0, 6]),
    "negative synapse index": lambda p: np.array([5, 6, -1, 3]),
    "arrival steps not sorted": lambda p: np.array([6, 5, 0, 3]),
    "arrival before the saved step": lambda p: np.array([4, 6, 0, 3]),
    "odd number of values": lambda p: np.array([5, 6, 0]),
    "not integers": lambda p: np.array([5.0, 6.5, 0.0, 3.0]),
    "arrival step too far": lambda p: np.array([5, 2**63 - 1, 0, 3]),
}


@pytest.mark.parametrize("kind", sorted(CORRUPTIONS))
def test_damaged_queue_is_refused_and_nothing_changes(backend, tmp_path, kind):
    filename = saved_at_five(backend, tmp_path)
    arrays = dict(np.load(filename, allow_pickle=True))
    key = "c0__rt___pending"
    arrays[key] = CORRUPTIONS[kind](arrays[key])
    damaged = str(tmp_path / "damaged.npz")
    np.savez(damaged, **arrays)
    net = compiled(backend, tmp_path / "build")
    with pytest.raises(StateMismatchError, match=r"Projection '.*'.*_pending"):
        net.load(damaged)
    assert net.current_step == 0
    assert net._runtime.export_state(net.proj.owner)["_pending"].size == 0


def test_import_state_checks_the_queue_against_the_synapses(backend, tmp_path):
    """Given directly to the runtime, an index past the 6 synapses never reaches the kernel; a
    queue saved for another number of synapses is dropped (the ring serves every spike)."""
    net = compiled(backend, tmp_path / "build")
    runtime, owner = net._runtime, net.proj.owner
    bad = {"_pending": np.array([3, 6]), "_pending_since": [1], "_pending_nnz": [6]}
    with pytest.raises(InvalidConfiguration, match=r"outside \[0, 6\)"):
        runtime.import_state(owner, bad)
    huge = {"_pending": np.array([3, 0]), "_pending_since": [2**63 - 1], "_pending_nnz": [6]}
    with pytest.raises(InvalidConfiguration, match="_pending_since"):
        runtime.import_state(owner, huge)
    other = {"_pending": np.array([3, 6]), "_pending_since": [1], "_pending_nnz": [7]}
    runtime.import_state(owner, other)
    state = runtime.export_state(owner)
    assert state["_pending"].size == 0 and state["_pending_since"][0] < -(10**18)
    net.simulate(20.0)
    assert (net.post.v.tolist()) == [111.0, 111000.0]


def test_queue_moves_with_the_step_of_the_network(backend, tmp_path):
    """Fitted from step 5 to step 8, the arrivals and the first step of the ring move by 3; the
    mark "every spike of the ring" stays."""
    net = compiled(backend, tmp_path / "build")
    owner = net.proj.owner
    saved = {"_pending": np.array([5, 6, 0, 3]), "_pending_since": [4], "_pending_nnz": [6]}
    out = net._runtime.adapt_state(owner, saved, 5, 8)
    assert out["_pending"].tolist() == [8, 9, 0, 3] and out["_pending_since"].tolist() == [7]
    always = net._runtime.export_state(owner)["_pending_since"]
    saved["_pending_since"] = always
    out = net._runtime.adapt_state(owner, saved, 5, 8)
    assert out["_pending_since"].tolist() == always.tolist()
