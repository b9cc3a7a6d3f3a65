"""How the generated library shares a step among threads, and how it is told.

With ``num_threads`` > 1, ``ann_run`` runs chunks of steps either on one thread or inside one
OpenMP parallel region (a *team*: every thread runs the step loop, loops over elements are
shared with static partitions, the serial parts run in ``omp single``). Which of the two is
faster depends on the network and on the load of the machine, so the library measures both
(short probes of each way in turn: 16 steps, or fewer where steps are long, a probe ending once
it has timed 2 ms after its first step; twice each at the start, whose first steps differ from the
later ones: caches, a network's initial transient; then the faster way, probing the other
again after 1, 2, 4 ... 16 chunks while the probes confirm the choice, after one chunk when the
choice changes; a chunk is timed from the end of its first step, and a team slower than 1.5x
the single thread by more than 0.2 ms abandons its chunk at once). The results are the same either
way: every loop shared among threads writes disjoint elements, and sums keep their order.
The spiking kernels share ranges of neurons (``ann_share``): a thread lists the spikes of its
neurons in its own range of a scratch array, the last thread to reach the end of the step joins
the lists in rank order (``spike_merge.cpp.j2``), and each thread receives the spikes that reach
its neurons (``kernels_spike``), so that neither emission nor propagation waits on one thread.
Where the threads meet (``team_step``), the last to arrive runs what follows on one thread and
then releases the others (``ann_arrive``: one synchronisation where a barrier and an ``omp
single`` take two); a waiting thread spins ``ANN_SPINS`` pauses, then yields its core at each
further look, so that an oversubscribed machine runs the thread it waits for.
A team whose step ends at such a meeting balances its ranges (``ann_balance``): each thread
notes when it arrives, and every `BALANCE_STEPS` steps the cuts between the ranges move
halfway towards shares proportional to each thread's measured speed (between half and 1.5
times an equal share), so that a core slowed down by another process or a slower kind of core
gets fewer neurons. Only the ranges move: every neuron's update, its spikes and their order are
the same whoever runs them. The balance is kept per network (`balance_array`, slot
``SLOT_BALANCE``) from one run to the next.

Environment (read when a network is loaded):

``ANNARCHY_MIN_WORK``
    The fewest elements (neurons, synapses) a loop needs to be shared among threads (default
    `MIN_WORK`); smaller loops run on one thread of the team.
``ANNARCHY_THREAD_POLICY``
    ``adaptive`` (default) or ``team`` (always the team: for tests and measurements).

OpenMP's own variables apply as usual. Unless the user set ``OMP_WAIT_POLICY`` or
``GOMP_SPINCOUNT``, `prepare_openmp` limits how long idle threads spin before they sleep
(`SPIN_COUNT`), so that threads waiting at a barrier on a busy machine soon yield their
core; it only takes effect if the OpenMP runtime is not yet loaded in the process.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from ANNarchy.errors import InvalidConfiguration

from .layout import INT_MIN_WORK, INT_PROBE_NS, INT_TEAM_POLICY

#: loops over fewer elements run on one thread (measured on 2 cores with the vectorised neuron
#: update: a COBA network of 4,000 neurons runs as fast on one thread as on two, one of 8,000
#: 1.3x faster on two; below that a shared loop costs more in synchronisation than it saves)
MIN_WORK = 4096
POLICIES = {"adaptive": 0, "team": 1}
#: steps between two moves of the cuts of a balanced team (long enough to average the
#: step-to-step noise of the spike counts, short enough to follow a core slowed down for a
#: few milliseconds)
BALANCE_STEPS = 64
#: a probe ends once it has timed this long after its first step (nanoseconds; at most
#: ``ANN_PROBE`` = 16 steps): a network whose steps take milliseconds runs 2 steps of the slower
#: way, not 16
PROBE_NS = 2_000_000
#: iterations libgomp spins at a barrier before it sleeps (its default: 300,000)
SPIN_COUNT = "10000"


def thread_settings() -> dict[int, int]:
    """``{I index: value}`` of the threading settings taken from the environment."""
    raw = os.environ.get("ANNARCHY_MIN_WORK", "").strip()
    try:
        min_work = MIN_WORK if raw == "" else int(raw)
    except ValueError:
        min_work = -1
    if min_work < 0:
        raise InvalidConfiguration(
            f"ANNARCHY_MIN_WORK must be a non-negative integer (elements per loop), not {raw!r}."
        )
    policy = os.environ.get("ANNARCHY_THREAD_POLICY", "adaptive").strip() or "adaptive"
    if policy not in POLICIES:
        raise InvalidConfiguration(
            f"ANNARCHY_THREAD_POLICY must be one of {sorted(POLICIES)}, not {policy!r}."
        )
    return {INT_MIN_WORK: min_work, INT_TEAM_POLICY: POLICIES[policy], INT_PROBE_NS: PROBE_NS}


def openmp_loaded() -> bool:
    """Whether an OpenMP runtime is already mapped into this process (Linux; False elsewhere)."""
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return False
    return any(name in maps for name in ("libgomp", "libomp", "libiomp"))


def prepare_openmp() -> None:
    """Before the first library is loaded: bound the spinning of idle OpenMP threads (see the
    module docstring); the user's own OpenMP settings are left alone."""
    if "OMP_WAIT_POLICY" in os.environ or "GOMP_SPINCOUNT" in os.environ:
        return
    if not openmp_loaded():
        os.environ["GOMP_SPINCOUNT"] = SPIN_COUNT


def balance_array(threads: int) -> np.ndarray:
    """The balance of a team of ``threads`` threads (``double``): the thread count, the cuts
    ``c_0 = 0 <= c_1 <= ... <= c_threads = 1`` (thread ``t`` takes the fraction
    ``[c_t, c_t+1)`` of the neurons of every spiking population and of the post-synaptic
    neurons of their projections), then the library's sums: each thread's busy time
    (nanoseconds), the steps summed, the time of the last release. Equal shares to start with."""
    out = np.zeros(2 * threads + 4, dtype=np.float64)
    out[0] = threads
    out[1 : threads + 2] = np.arange(threads + 1) / threads
    return out
