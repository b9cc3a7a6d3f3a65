# ruff: noqa: F403, F405  (an ANNarchy 4 script: star import of the top-level API)
"""Pulse-coupled network of Izhikevich neurons (Izhikevich, 2003), ANNarchy 4 style."""

import numpy as np
from ANNarchy import *

setup(dt=1.0, seed=7)

Izhikevich = Neuron(
    parameters="""
        noise = 5.0
        a = 0.02
        b = 0.2
        c = -65.0
        d = 8.0
        v_thresh = 30.0 : population
    """,
    equations="""
        I = g_exc - g_inh + noise * Normal(0.0, 1.0)
        dv/dt = 0.04 * v^2 + 5.0 * v + 140.0 - u + I : init = -65.0
        du/dt = a * (b * v - u) : init = -13.0
    """,
    spike="v >= v_thresh",
    reset="""
        v = c
        u += d
    """,
)

pop = Population(geometry=100, neuron=Izhikevich)
Exc = pop[:80]
Inh = pop[80:]
rng = np.random.default_rng(3)
re = rng.random(80)
ri = rng.random(20)
Exc.c = -65.0 + 15.0 * re**2
Exc.d = 8.0 - 6.0 * re**2
Exc.u = Exc.b * Exc.v  # u = b * v, as in the paper
Inh.noise = 2.0
Inh.a = 0.02 + 0.08 * ri
Inh.b = 0.25 - 0.05 * ri
Inh.u = Inh.b * Inh.v

exc_proj = Projection(pre=Exc, post=pop, target="exc")
exc_proj.connect_all_to_all(weights=Uniform(0.0, 0.5))
inh_proj = Projection(pre=Inh, post=pop, target="inh")
inh_proj.connect_all_to_all(weights=Uniform(0.0, 1.0))

M = Monitor(pop, ["spike", "v"])
compile()
simulate(200.0)
spikes = M.get("spike")
RESULT = {
    "spikes": {int(k): [int(t) for t in v] for k, v in spikes.items()},
    "v": np.asarray(M.get("v"))[-1].tolist(),
}
