# ruff: noqa: F403, F405  (an ANNarchy 4 script: star import of the top-level API)
"""Bar learning (Foldiak, 1990): Hebbian (Oja) feed-forward and anti-Hebbian lateral
projections on an 8x8 input of random bars, ANNarchy 4 style."""

import numpy as np
from ANNarchy import *

setup(dt=1.0, seed=11)

InputNeuron = Neuron(parameters="r = 0.0")
LeakyNeuron = Neuron(
    parameters="tau = 10.0 : population",
    equations="tau * dr/dt + r = sum(exc) - sum(inh) : min = 0.0",
)
Oja = Synapse(
    parameters="""
        tau = 200.0 : postsynaptic
        alpha = 8.0 : postsynaptic
        min_w = 0.0 : postsynaptic
    """,
    equations="tau * dw/dt = pre.r * post.r - alpha * post.r^2 * w : min = min_w",
)
AntiHebb = Synapse(
    parameters="""
        tau = 200.0 : postsynaptic
        alpha = 0.3 : postsynaptic
    """,
    equations="tau * dw/dt = pre.r * post.r - alpha * post.r^2 : min = 0.0",
)

N = 8
Input = Population(geometry=(N, N), neuron=InputNeuron)
Feature = Population(geometry=(4, 2), neuron=LeakyNeuron)
ff = Projection(pre=Input, post=Feature, target="exc", synapse=Oja)
ff.connect_all_to_all(weights=Uniform(-0.5, 0.5))
lat = Projection(pre=Feature, post=Feature, target="inh", synapse=AntiHebb)
lat.connect_all_to_all(weights=Uniform(0.0, 1.0))

compile()

bars = np.random.default_rng(5)


def trial():
    """One random set of horizontal and vertical bars for 20 ms."""
    image = np.zeros((N, N))
    for h in range(N):
        if bars.random() < 1.0 / N:
            image[h, :] = 1.0
    for v in range(N):
        if bars.random() < 1.0 / N:
            image[:, v] = 1.0
    Input.r = image
    simulate(20.0)


for _ in range(15):
    trial()

RESULT = {"w": ff.w, "lat": lat.w, "r": np.asarray(Feature.r).ravel().tolist()}
