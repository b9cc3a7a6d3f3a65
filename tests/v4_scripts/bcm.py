# ruff: noqa: F403, F405  (an ANNarchy 4 script: star import of the top-level API)
"""BCM learning rule with a sliding threshold on two input patterns, ANNarchy 4 style
(deterministic)."""

import numpy as np
from ANNarchy import *

setup(dt=1.0)

InputNeuron = Neuron(parameters="r = 0.0")
Linear = Neuron(equations="r = sum(exc) : min = 0.0")
BCM = Synapse(
    parameters="""
        eta = 0.01 : projection
        tau = 50.0 : projection
    """,
    equations="""
        tau * dtheta/dt + theta = post.r^2 : postsynaptic, exponential
        dw/dt = eta * post.r * (post.r - theta) * pre.r : min = 0.0, explicit
    """,
)

inp = Population(geometry=6, neuron=InputNeuron)
out = Population(geometry=2, neuron=Linear)
proj = Projection(pre=inp, post=out, target="exc", synapse=BCM)
proj.connect_from_matrix(np.array([[0.4, 0.3, 0.2, 0.1, 0.3, 0.2], [0.1, 0.2, 0.3, 0.4, 0.2, 0.3]]))

m = Monitor(out, "r")
compile()
inp.r = [1.0, 1.0, 1.0, 0.0, 0.0, 0.0]
simulate(100.0)
inp.r = [0.0, 0.0, 0.0, 1.0, 1.0, 1.0]
simulate(100.0)
RESULT = {
    "w": np.round(np.asarray(proj.w), 12).tolist(),
    "theta": np.round(np.asarray(proj.theta), 12).tolist(),
    "r": np.round(np.asarray(m.get("r"))[::50], 12).tolist(),
}
print(RESULT)
