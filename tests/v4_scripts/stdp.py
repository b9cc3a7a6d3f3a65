# ruff: noqa: F403, F405  (an ANNarchy 4 script: star import of the top-level API)
"""Spike-timing dependent plasticity between fixed spike trains and one integrate-and-fire
neuron, ANNarchy 4 style (deterministic)."""

import numpy as np
from ANNarchy import *

setup(dt=0.5)

LIF = Neuron(
    parameters="tau = 10.0",
    equations="v = v - dt * v / tau + g_exc",
    spike="v > 1.0",
    reset="v = 0.0",
)
STDP = Synapse(
    parameters="""
        tau_plus = 20.0 : projection
        tau_minus = 20.0 : projection
        A_plus = 0.05 : projection
        A_minus = 0.06 : projection
        w_max = 1.0 : projection
    """,
    equations="""
        tau_plus * dx/dt = -x : event-driven
        tau_minus * dy/dt = -y : event-driven
    """,
    pre_spike="""
        g_target += w
        x += A_plus * w_max
        w = clip(w - y, 0.0, w_max)
    """,
    post_spike="""
        y += A_minus * w_max
        w = clip(w + x, 0.0, w_max)
    """,
)

times = [[5.0, 25.0, 45.0, 70.0], [10.0, 26.0, 50.0], [15.0, 27.0, 40.0, 71.0]]
inp = SpikeSourceArray(spike_times=times)
post = Population(geometry=2, neuron=LIF)
proj = Projection(pre=inp, post=post, target="exc", synapse=STDP)
proj.connect_all_to_all(weights=0.45)

m = Monitor(post, "spike")
compile()
simulate(100.0)
spikes = m.get("spike")
RESULT = {
    "spikes": {int(k): [int(t) for t in v] for k, v in spikes.items()},
    "w": np.round(np.asarray(proj.w), 12).tolist(),
}
print(RESULT)
