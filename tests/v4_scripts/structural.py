# ruff: noqa: F403, F405  (an ANNarchy 4 script: star import of the top-level API)
"""Structural plasticity: synapses pruned when weak, created between co-active neurons,
ANNarchy 4 style (deterministic: proba 1)."""

import numpy as np
from ANNarchy import *

setup(dt=1.0, structural_plasticity=True)

InputNeuron = Neuron(parameters="r = 0.0")
Linear = Neuron(equations="r = sum(exc)")
Decay = Synapse(
    parameters="tau = 20.0 : projection",
    equations="tau * dw/dt = -w + pre.r * post.r : min = 0.0, max = 1.0",
    pruning="w < 0.2",
    creating="pre.r * post.r > 0.5 : proba = 1.0, w = 0.5",
)

inp = Population(geometry=6, neuron=InputNeuron)
out = Population(geometry=6, neuron=Linear)
proj = Projection(pre=inp, post=out, target="exc", synapse=Decay)
proj.connect_one_to_one(weights=1.0)

compile()
inp.r = [1.0, 0.0, 1.0, 1.0, 0.0, 0.0]
proj.start_pruning(period=10.0)
proj.start_creating(period=10.0)
simulate(60.0)
RESULT = {
    "pre_ranks": proj.pre_ranks,
    "w": [[round(float(x), 12) for x in row] for row in proj.w],
    "r": np.asarray(out.r).tolist(),
}
print(RESULT)
